"""activation-before-reshape: an elementwise operation, then an activation, then a
Linear over the last dimension, where upstream puts the activation after the
reshape to a batch of pixels and Vela 5.1's program for the Ethos-U55 reads past
its input (found by the differential check's reshaped flavour: seed 2 graph 91),
runs on the simulated U55 as its TOSA graph says, int8 and int16, and the
rewritten graph computes what upstream's graph computes."""

import numpy as np
import pytest
import torch
from torch import nn

from ember.export import export_model

from .test_passes import _same_results, _simulated_npu_equals_reference


class AddActLinear(nn.Module):
    def __init__(self, activation):
        super().__init__()
        self.activation = activation
        self.fc = nn.Linear(8, 16)

    def forward(self, x):
        return self.fc(self.activation(x + x))


CASES = {"relu": nn.ReLU, "sigmoid": nn.Sigmoid}
SHAPE = (1, 3, 8, 8)


def _export(activation, passes, keep, activations):
    torch.manual_seed(0)
    calibration = [(torch.rand(SHAPE) * 2 - 1,) for _ in range(4)]
    result = export_model(AddActLinear(CASES[activation]()).eval(), calibration[0], "e8-he", calibration=calibration,
                          io=activations, activations=activations, memory_mode="Shared_Sram", keep_dir=str(keep),
                          passes=passes)
    return result, sorted((keep / "lowering").glob("output_tag*.tosa"))


@pytest.mark.parametrize("activation, activations", [("relu", "int8"), ("sigmoid", "int8"), ("relu", "int16")])
def test_activation_runs_before_the_reshape_and_the_program_is_right(tmp_path, activation, activations):
    dtype = np.int8 if activations == "int8" else np.int16
    upstream, (tosa_up,) = _export(activation, [], tmp_path / "up", activations)
    ours, (tosa,) = _export(activation, ["activation-before-reshape"], tmp_path / "ours", activations)
    assert ours.report["passes"]["fired"] == {"activation-before-reshape": 1}
    _same_results(tosa, tosa_up, SHAPE, tmp_path, dtype=dtype)
    (tmp_path / "ours_npu").mkdir()
    _simulated_npu_equals_reference(ours, tosa, SHAPE, tmp_path / "ours_npu", dtype)
    # Upstream's program, as Vela 5.1 compiles it, reads past its input: when Vela
    # is fixed this fails, and the pass can go.
    (tmp_path / "up_npu").mkdir()
    with pytest.raises(AssertionError, match="bus error"):
        _simulated_npu_equals_reference(upstream, tosa_up, SHAPE, tmp_path / "up_npu", dtype)
