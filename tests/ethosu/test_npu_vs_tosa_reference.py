"""The simulated Ethos-U55 against an independent reference: the TOSA reference
model (tosa-tools) run on the very TOSA graph Vela compiled, with the same
integer input. Each model of the suite, on the e8-he and e8-hp NPUs, with int8
activations (SUITE) and with upstream's a16w8 quantization (SUITE_A16W8: int16
feature maps, 40-bit accumulators, 16-bit interpolated LUTs); the mismatch count
is printed and must be zero.

Where the public facts leave the arithmetic open, the simulator's choice is the
one these tests pin: the 16-bit LUT interpolates base + slope * fraction / 128
rounded in the OFM rounding mode (Vela emits NATURAL; the TOSA graph's TABLE +
RESCALE single-rounds the same way)."""

import subprocess

import numpy as np
import pytest
import torch

from ember.export import export_model

from .models import SUITE, SUITE_A16W8
from .tosa_reference import run_reference

SAMPLES = 3


def compare_with_reference(ember_tool, tmp_path, name, factory, shape, target, activations, memory_mode="auto",
                           passes=None):
    torch.manual_seed(0)
    module = factory().eval()
    rng = np.random.default_rng(0)
    calibration = [(torch.from_numpy(rng.standard_normal(shape).astype(np.float32)),) for _ in range(8)]
    result = export_model(module, (calibration[0][0],), target, calibration=calibration, io=activations,
                          activations=activations, memory_mode=memory_mode, keep_dir=str(tmp_path / "keep"),
                          passes=passes)
    (tosa_file,) = sorted((tmp_path / "keep" / "lowering").glob("output_tag*.tosa"))
    pte = tmp_path / "model.pte"
    pte.write_bytes(result.pte)
    dtype = np.dtype(activations)
    info = np.iinfo(dtype)
    x = rng.integers(info.min, info.max + 1, size=(SAMPLES, *shape), dtype=dtype)
    np.save(tmp_path / "x.npy", x)
    run = subprocess.run([ember_tool, "run", pte, "--input", tmp_path / "x.npy", "--output", tmp_path / "y.npy"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    q = result.report["io_quantization"]["output0"]
    assert q["dtype"] == activations and result.report["io_quantization"]["input0"]["dtype"] == activations
    ours = np.rint(np.load(tmp_path / "y.npy") / q["scale"] + q["zero_point"]).astype(np.int64)
    reference = np.stack([run_reference(tosa_file, x[i], tmp_path / f"ref{i}") for i in range(SAMPLES)])
    assert reference.dtype == dtype
    ours = ours.reshape(SAMPLES, -1)
    reference = reference.reshape(SAMPLES, -1).astype(np.int64)
    mismatches = int((ours != reference).sum())
    print(f"{name} {target}: {mismatches} of {ours.size} {activations} outputs differ from the TOSA reference "
          f"(largest difference {np.abs(ours - reference).max()})")
    return mismatches


@pytest.mark.parametrize("target", ["e8-he", "e8-hp"])
@pytest.mark.parametrize("name", sorted(SUITE))
def test_npu_output_equals_tosa_reference(ember_tool, tmp_path, name, target):
    factory, shape = SUITE[name]
    assert compare_with_reference(ember_tool, tmp_path, name, factory, shape, target, "int8") == 0


@pytest.mark.parametrize("target", ["e8-he", "e8-hp"])
@pytest.mark.parametrize("name", sorted(SUITE_A16W8))
def test_int16_npu_output_equals_tosa_reference(ember_tool, tmp_path, name, target):
    factory, shape = SUITE_A16W8[name]
    assert compare_with_reference(ember_tool, tmp_path, name, factory, shape, target, "int16") == 0
