"""`ember export` checks the program it wrote against the kernels ember's runtime
registers (`ember-tool kernels`) and stops with exit 2, naming each operator ember
cannot run and the ways on; the report lists every CPU operator with has kernel."""

import json
import subprocess

from ember import cli
from ember.export.kernel_check import available
from ember.host_tool import tool_path

# aten::sign has no kernel in ember: the test checks that first, so it fails
# loudly (rather than passing vacuously) the day one is added.
SIGN_MODEL = """
import torch
from torch import nn
class SignOfConv(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 2, 3)
    def forward(self, x):
        return torch.sign(self.conv(x))
def model():
    return SignOfConv()
def example_inputs():
    return (torch.rand(1, 1, 8, 8),)
"""
MISSING = "aten::sign.out"


def export(tmp_path, capsys, *extra):
    model_file = tmp_path / "model.py"
    model_file.write_text(SIGN_MODEL)
    code = cli.main(["export", str(model_file), "-o", str(tmp_path / "m.pte"), "--target", "portable",
                     "--report", str(tmp_path / "r.json"), *extra])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_kernel_list_is_the_runtimes_registry():
    listed = json.loads(subprocess.run([str(tool_path()), "kernels", "--json"], capture_output=True, text=True,
                                       check=True).stdout)
    assert len(listed["kernels"]) == len(set(listed["kernels"]))
    assert {"aten::convolution.out", "aten::add.out", "cortex_m::quantize_per_tensor.out"} <= set(listed["kernels"])
    assert listed["delegates"] == ["EthosUBackend"]
    assert MISSING not in listed["kernels"]


def test_export_stops_with_exit_2_and_names_the_missing_operator(tmp_path, capsys):
    assert MISSING not in available()["kernels"]
    code, out, err = export(tmp_path, capsys)
    assert code == 2
    assert MISSING in err and "so it would not load" in err.strip().splitlines()[-1]
    assert "--allow-missing" in err and "--target e8-he" in err
    assert "aten::convolution.out" not in err  # only what is missing is named
    assert (tmp_path / "m.pte").stat().st_size > 0  # the program is written all the same
    assert f"{MISSING:48s} has kernel: no" in out
    assert f"{'aten::convolution.out':48s} has kernel: yes" in out
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["operators"]["missing"] == [MISSING]
    assert {"name": MISSING, "has_kernel": False} in report["operators"]["cpu_kernels"]


def test_allow_missing_keeps_the_program_with_exit_0(tmp_path, capsys):
    code, out, err = export(tmp_path, capsys, "--allow-missing")
    assert code == 0, err
    assert f"{MISSING:48s} has kernel: no" in out


def test_inspect_lists_cpu_operators_with_has_kernel(tmp_path, capsys):
    export(tmp_path, capsys, "--allow-missing")
    text = subprocess.run([str(tool_path()), "inspect", str(tmp_path / "m.pte")], capture_output=True, text=True,
                          check=True).stdout
    assert f"{MISSING:48s} has kernel: no" in text
    assert f"{'aten::convolution.out':48s} has kernel: yes" in text
    assert f"{MISSING}  (ember has no kernel)" in text
    info = json.loads(subprocess.run([str(tool_path()), "inspect", str(tmp_path / "m.pte"), "--json"],
                                     capture_output=True, text=True, check=True).stdout)
    ops = {op["name"]: op["has_kernel"] for op in info["methods"][0]["cpu_operators"]}
    assert ops == {"aten::convolution.out": True, MISSING: False}
