"""Every user mistake ends in a named, readable error (exit 2), never a traceback."""

import numpy as np
import pytest

from ember import cli

GOOD_MODEL = """
import torch
from torch import nn
def model():
    return nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU())
def example_inputs():
    return (torch.rand(1, 1, 8, 8),)
"""


def run_export(tmp_path, capsys, model_source, *extra):
    model_file = tmp_path / "model.py"
    model_file.write_text(model_source)
    code = cli.main(["export", str(model_file), "-o", str(tmp_path / "m.pte"), *extra])
    err = capsys.readouterr().err
    return code, err


def test_model_file_without_model(tmp_path, capsys):
    code, err = run_export(tmp_path, capsys, "x = 1\n")
    assert code == 2 and "does not define `model()`" in err and "Traceback" not in err


def test_model_file_that_raises(tmp_path, capsys):
    code, err = run_export(tmp_path, capsys, "raise RuntimeError('boom')\n")
    assert code == 2 and "failed to load: RuntimeError: boom (model.py line 1)" in err


def test_missing_model_file(tmp_path, capsys):
    code = cli.main(["export", str(tmp_path / "nope.py"), "-o", str(tmp_path / "m.pte")])
    assert code == 2 and "model file not found" in capsys.readouterr().err


def test_model_that_does_not_trace(tmp_path, capsys):
    source = GOOD_MODEL.replace("return nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU())",
                                "return Branchy()") + """
class Branchy(nn.Module):
    def forward(self, x):
        if x.sum() > 0:  # data-dependent control flow
            return x * 2
        return x
"""
    code, err = run_export(tmp_path, capsys, source)
    assert code == 2 and "does not trace with torch.export" in err


def test_op_no_backend_can_take(tmp_path, capsys):
    source = GOOD_MODEL + """
@torch.library.custom_op("embertest::mystery", mutates_args=())
def mystery(x: torch.Tensor) -> torch.Tensor:
    return x * 2
@mystery.register_fake
def _(x):
    return torch.empty_like(x)
class Custom(nn.Module):
    def forward(self, x):
        return torch.ops.embertest.mystery(x) + 1
def model():
    return Custom()
"""
    code, err = run_export(tmp_path, capsys, source)
    assert code == 2 and "no backend can take operator" in err and "embertest::mystery" in err


def test_unknown_target(tmp_path, capsys):
    code, err = run_export(tmp_path, capsys, GOOD_MODEL, "--target", "e9-xx")
    assert code == 2 and "unknown target 'e9-xx'" in err and "e8-he" in err


def test_missing_calibration_file(tmp_path, capsys):
    code, err = run_export(tmp_path, capsys, GOOD_MODEL, "--calibration", str(tmp_path / "none.npy"))
    assert code == 2 and "calibration file not found" in err


def test_malformed_calibration_file(tmp_path, capsys):
    bad = tmp_path / "bad.npy"
    bad.write_bytes(b"not numpy at all")
    code, err = run_export(tmp_path, capsys, GOOD_MODEL, "--calibration", str(bad))
    assert code == 2 and "not a valid .npy/.npz" in err


def test_calibration_of_the_wrong_shape(tmp_path, capsys):
    wrong = tmp_path / "wrong.npy"
    np.save(wrong, np.zeros((4, 3, 8, 8), np.float32))
    code, err = run_export(tmp_path, capsys, GOOD_MODEL, "--calibration", str(wrong))
    assert code == 2 and "calibration input 0 has shape (4, 3, 8, 8)" in err


def test_export_without_calibration_warns_and_writes(tmp_path, capsys):
    code, err = run_export(tmp_path, capsys, GOOD_MODEL, "--target", "e8-hp")
    assert code == 0, err
    assert "calibrating on the example inputs only" in err
    assert (tmp_path / "m.pte").stat().st_size > 0
