"""`ember verify` on an MNIST-shaped export: the QEMU firmware and the TOSA
reference agree bit for bit with the host, the quantized PyTorch module within
float rounding; verified against another model's weights, it fails."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[4]
MODEL = REPO / "examples" / "mnist" / "model.py"


def ember(*args):
    return subprocess.run([sys.executable, "-m", "ember.cli", *map(str, args)], capture_output=True, text=True,
                          cwd=REPO)


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    import torch
    sys.path.insert(0, str(MODEL.parent))
    from model import MnistNet

    work = tmp_path_factory.mktemp("verify")
    for seed in (0, 1):
        torch.manual_seed(seed)
        torch.save(MnistNet().state_dict(), work / f"weights{seed}.pt")
    rng = np.random.default_rng(0)
    np.save(work / "calibration.npy", rng.random((8, 1, 28, 28), dtype=np.float32))
    np.save(work / "inputs.npy", rng.random((3, 1, 28, 28), dtype=np.float32))
    done = ember("export", MODEL, "--weights", work / "weights0.pt", "--calibration", work / "calibration.npy",
                 "--io", "int8", "-o", work / "mnist.pte")
    assert done.returncode == 0, done.stderr
    return work


def row(output: str, name: str) -> list[str]:
    line = next(line for line in output.splitlines() if line.startswith(name))
    return line[len(name):].split()


def test_verify_agrees_everywhere(qemu_system, exported):
    done = ember("verify", exported / "mnist.pte", "--inputs", exported / "inputs.npy", "--model", MODEL,
                 "--weights", exported / "weights0.pt", "--calibration", exported / "calibration.npy")
    assert done.returncode == 0, done.stdout + done.stderr
    assert row(done.stdout, "QEMU firmware (M55) vs host") == ["3", "3/3", "0", "3/3"]
    assert row(done.stdout, "TOSA reference model vs host") == ["3", "3/3", "0", "3/3"]
    cases, exact, largest, top1 = row(done.stdout, "quantized PyTorch module vs host")
    assert exact == "-" and float(largest) < 1e-4 and top1 == "3/3"


def test_verify_against_other_weights_fails(exported):
    done = ember("verify", exported / "mnist.pte", "--inputs", exported / "inputs.npy", "--model", MODEL,
                 "--weights", exported / "weights1.pt", "--calibration", exported / "calibration.npy", "--no-qemu")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "computes different outputs" in done.stderr
    assert row(done.stdout, "TOSA reference model vs host")[1] != "3/3"


def test_json_table_for_the_report(tmp_path):
    """`ember verify --json`: the rows as `ember report --verify` reads them; a
    difference that is not a number (a failed firmware run) is null, not NaN."""
    from ember.verify.command import Agreement, write_json

    rows = [Agreement("QEMU firmware (M55) vs host", 3, 2, float("nan"), 2),
            Agreement("quantized PyTorch vs host", 3, None, 0.015625, 3)]
    write_json(tmp_path / "v.json", Path("m.pte"), {"dtype": "int8", "shape": [1, 10], "scale": 0.5}, rows)
    table = json.loads((tmp_path / "v.json").read_text(), parse_constant=lambda c: pytest.fail(f"{c} in JSON"))
    assert table["output"] == {"dtype": "int8", "shape": [1, 10]}
    assert table["rows"] == [
        {"name": "QEMU firmware (M55) vs host", "cases": 3, "bit_exact": 2, "largest_difference": None, "top1": 2},
        {"name": "quantized PyTorch vs host", "cases": 3, "bit_exact": None, "largest_difference": 0.015625, "top1": 3}]
