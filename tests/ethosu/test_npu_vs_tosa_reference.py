"""The simulated Ethos-U55 against an independent reference: the TOSA reference
model (tosa-tools) run on the very TOSA graph Vela compiled, with the same int8
input. Each model of the suite, on the e8-he and e8-hp NPUs; the mismatch count
is printed and must be zero."""

import subprocess

import numpy as np
import pytest
import torch

from ember.export import export_model

from .models import SUITE
from .tosa_reference import run_reference

SAMPLES = 3


@pytest.mark.parametrize("target", ["e8-he", "e8-hp"])
@pytest.mark.parametrize("name", sorted(SUITE))
def test_npu_output_equals_tosa_reference(ember_tool, tmp_path, name, target):
    factory, shape = SUITE[name]
    torch.manual_seed(0)
    module = factory().eval()
    rng = np.random.default_rng(0)
    calibration = [(torch.from_numpy(rng.standard_normal(shape).astype(np.float32)),) for _ in range(8)]
    result = export_model(module, (calibration[0][0],), target, calibration=calibration, io="int8",
                          keep_dir=str(tmp_path / "keep"))
    (tosa_file,) = sorted((tmp_path / "keep" / "lowering").glob("output_tag*.tosa"))
    pte = tmp_path / "model.pte"
    pte.write_bytes(result.pte)
    x = rng.integers(-128, 128, size=(SAMPLES, *shape), dtype=np.int8)
    np.save(tmp_path / "x.npy", x)
    run = subprocess.run([ember_tool, "run", pte, "--input", tmp_path / "x.npy", "--output", tmp_path / "y.npy"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    q = result.report["io_quantization"]["output0"]
    ours = np.rint(np.load(tmp_path / "y.npy") / q["scale"] + q["zero_point"]).astype(np.int64)
    reference = np.stack([run_reference(tosa_file, x[i], tmp_path / f"ref{i}") for i in range(SAMPLES)])
    ours = ours.reshape(SAMPLES, -1)
    reference = reference.reshape(SAMPLES, -1).astype(np.int64)
    mismatches = int((ours != reference).sum())
    print(f"{name} {target}: {mismatches} of {ours.size} int8 outputs differ from the TOSA reference "
          f"(largest difference {np.abs(ours - reference).max()})")
    assert mismatches == 0
