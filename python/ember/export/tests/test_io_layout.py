"""--io-layout nhwc: the program takes and returns channels-last tensors, the NPU
graph has no boundary transpose, and ember run gives the same values as the
NCHW program on the same data (bit for bit, int8 I/O)."""

import subprocess

import numpy as np
import pytest
import torch
from torch import nn

from ember.export import export_model
from ember.export.errors import ExportError
from ember.host_tool import tool_path


class ConvNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.Conv2d(8, 6, 1))

    def forward(self, x):
        return torch.sigmoid(self.body(x))


def _export(layout, tmp_path):
    torch.manual_seed(0)
    module = ConvNet().eval()
    calibration = [(torch.rand(1, 3, 12, 10) * 2 - 1,) for _ in range(4)]
    # Calibration runs the float convolutions, whose last bits depend on torch's
    # thread count (with one thread the two layouts' output scales differ by 1 ulp):
    # the same count on every machine.
    threads = torch.get_num_threads()
    torch.set_num_threads(2)
    try:
        result = export_model(module, calibration[0], "e8-he", calibration=calibration, io="int8",
                              memory_mode="Shared_Sram", io_layout=layout)
    finally:
        torch.set_num_threads(threads)
    path = tmp_path / f"{layout}.pte"
    path.write_bytes(result.pte)
    return result, path


def _run(pte, npy, out):
    return subprocess.run([str(tool_path()), "run", str(pte), "--input", str(npy), "--output", str(out)],
                          capture_output=True, text=True)


def test_nhwc_program_skips_the_transposes_and_computes_the_same_values(tmp_path):
    nchw, nchw_pte = _export("nchw", tmp_path)
    nhwc, nhwc_pte = _export("nhwc", tmp_path)
    assert nhwc.report["io_layout"] == "nhwc"
    transposes = [[layer for layer in r.report["estimate"]["layers"] if layer["operator"] == "Transpose"]
                  for r in (nchw, nhwc)]
    assert transposes[0] and not transposes[1]
    assert nhwc.report["estimate"]["total_cycles"] < nchw.report["estimate"]["total_cycles"]

    x = np.random.default_rng(0).uniform(-1, 1, (1, 3, 12, 10)).astype(np.float32)
    np.save(tmp_path / "x_nchw.npy", x)
    np.save(tmp_path / "x_nhwc.npy", np.ascontiguousarray(x.transpose(0, 2, 3, 1)))
    for pte, npy, out in [(nchw_pte, "x_nchw.npy", "y_nchw.npy"), (nhwc_pte, "x_nhwc.npy", "y_nhwc.npy")]:
        run = _run(pte, tmp_path / npy, tmp_path / out)
        assert run.returncode == 0, run.stdout + run.stderr
    assert "in memory [1, 12, 10, 6]" in run.stdout
    y_nchw, y_nhwc = np.load(tmp_path / "y_nchw.npy"), np.load(tmp_path / "y_nhwc.npy")
    assert y_nhwc.shape == (1, 12, 10, 6)
    np.testing.assert_array_equal(y_nhwc, y_nchw.transpose(0, 2, 3, 1))

    wrong = _run(nhwc_pte, tmp_path / "x_nchw.npy", tmp_path / "unused.npy")
    assert wrong.returncode != 0 and "in memory (channels last)" in wrong.stderr


@pytest.mark.parametrize("target", ["e8-he", "e8-he-cpu"])
def test_export_leaves_the_callers_module_channels_first(target):
    """Module.to(channels_last) converts in place: a module exported once for
    NHWC (or the Cortex-M flow) then gave a second, NCHW export another graph
    (the passes bench's upstream ResNet-8 on e8-hp: 170872 Vela cycles fresh,
    167288 after ember's NHWC export of the same module)."""
    module = ConvNet().eval()
    layout = "nhwc" if target == "e8-he" else "nchw"
    export_model(module, (torch.rand(1, 3, 8, 8),), target, io_layout=layout)
    assert all(p.is_contiguous() for p in module.parameters())


def test_nhwc_needs_an_npu_target_and_an_image_input():
    with pytest.raises(ExportError, match="needs an Ethos-U target"):
        export_model(ConvNet(), (torch.rand(1, 3, 8, 8),), "portable", io_layout="nhwc")
    with pytest.raises(ExportError, match="needs a 4-D"):
        export_model(nn.Linear(4, 2), (torch.rand(1, 4),), "e8-he", io_layout="nhwc")
