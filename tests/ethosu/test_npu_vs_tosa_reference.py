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

from .models import SUITE, SUITE_A16W8
from .suite_export import SAMPLES, Exported, export_for_npu, seeded_data
from .tosa_reference import run_reference


def mismatches_with_reference(ember_tool, tmp_path, name, target, exported: Exported, shape, activations):
    """Runs the program on the seeded inputs (tmp_path/x.npy -> y.npy) and counts
    the outputs that differ from the TOSA reference's."""
    _, x = seeded_data(shape, activations)
    np.save(tmp_path / "x.npy", x)
    run = subprocess.run([ember_tool, "run", exported.pte, "--input", tmp_path / "x.npy", "--output",
                          tmp_path / "y.npy"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    report = exported.result.report
    q = report["io_quantization"]["output0"]
    assert q["dtype"] == activations and report["io_quantization"]["input0"]["dtype"] == activations
    ours = np.rint(np.load(tmp_path / "y.npy") / q["scale"] + q["zero_point"]).astype(np.int64)
    reference = np.stack([run_reference(exported.tosa, x[i], tmp_path / f"ref{i}") for i in range(SAMPLES)])
    assert reference.dtype == np.dtype(activations)
    ours = ours.reshape(SAMPLES, -1)
    reference = reference.reshape(SAMPLES, -1).astype(np.int64)
    mismatches = int((ours != reference).sum())
    print(f"{name} {target}: {mismatches} of {ours.size} {activations} outputs differ from the TOSA reference "
          f"(largest difference {np.abs(ours - reference).max()})")
    return mismatches


def compare_with_reference(ember_tool, tmp_path, name, factory, shape, target, activations, memory_mode="auto",
                           passes=None):
    """Exports into tmp_path (model.pte) and compares: the mismatch count."""
    exported = export_for_npu(tmp_path, factory, shape, target, activations, memory_mode, passes)
    return mismatches_with_reference(ember_tool, tmp_path, name, target, exported, shape, activations)


@pytest.mark.parametrize("target", ["e8-he", "e8-hp"])
@pytest.mark.parametrize("name", sorted(SUITE))
def test_npu_output_equals_tosa_reference(ember_tool, suite_export, tmp_path, name, target):
    _, shape = SUITE[name]
    assert mismatches_with_reference(ember_tool, tmp_path, name, target, suite_export(name, target), shape,
                                     "int8") == 0


@pytest.mark.parametrize("target", ["e8-he", "e8-hp"])
@pytest.mark.parametrize("name", sorted(SUITE_A16W8))
def test_int16_npu_output_equals_tosa_reference(ember_tool, suite_export, tmp_path, name, target):
    _, shape = SUITE_A16W8[name]
    assert mismatches_with_reference(ember_tool, tmp_path, name, target, suite_export(name, target), shape,
                                     "int16") == 0
