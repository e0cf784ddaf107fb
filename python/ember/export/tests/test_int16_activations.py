"""--activations int16: upstream's a16w8 quantization (16-bit activations, 8-bit
weights) for the Ethos-U targets, with int16 I/O on request; mismatched options
are named errors."""

import pytest
import torch
from torch import nn

from ember.export import ExportError, export_model


def small_model():
    torch.manual_seed(0)
    return nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.ReLU())


def test_a16w8_export_has_int16_io_and_reports_it():
    x = torch.randn(1, 3, 8, 8)
    result = export_model(small_model(), (x,), "e8-he", calibration=[(x,)], io="int16", activations="int16")
    io = result.report["io_quantization"]
    assert io["input0"]["dtype"] == "int16" and io["output0"]["dtype"] == "int16"
    assert io["input0"]["quant_min"] == -32767 and io["input0"]["zero_point"] == 0  # symmetric
    assert result.report["activations"] == "int16"
    assert result.report["operators"]["cpu"] == []


@pytest.mark.parametrize("target, io, activations, message", [
    ("e8-he", "int16", "int8", "--io int16 needs --activations int16"),
    ("e8-he", "int8", "int16", "--io int8 needs --activations int8"),
    ("portable", "float", "int16", "needs an Ethos-U target"),
    ("e8-he", "float", "int4", "unknown --activations"),
])
def test_mismatched_options_are_named_errors(target, io, activations, message):
    with pytest.raises(ExportError, match=message):
        export_model(small_model(), (torch.randn(1, 3, 8, 8),), target, io=io, activations=activations)
