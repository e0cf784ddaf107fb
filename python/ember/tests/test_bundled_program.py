"""Upstream BundledPrograms (.bpte) in `ember build`/`run --board` and `ember
verify`: a small conv net exported for the E8 HE core, bundled with upstream's
own serializer; the firmware runs the bundle's inputs in QEMU (its output
hashes are those of the host run on the same inputs), and verify checks the
host run against the bundle's expected outputs with upstream's tolerances."""

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[3]

MODEL = """
import torch
from torch import nn
def model():
    torch.manual_seed(0)
    return nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.Flatten(), nn.Linear(4 * 8 * 8, 10))
def example_inputs():
    return (torch.rand(1, 1, 8, 8),)
"""


def ember(*args):
    return subprocess.run([sys.executable, "-m", "ember.cli", *map(str, args)], capture_output=True, text=True,
                          cwd=REPO)


def fnv1a(data: bytes) -> int:
    h = 2166136261
    for byte in data:
        h = ((h ^ byte) * 16777619) & 0xFFFFFFFF
    return h


@pytest.fixture(scope="module")
def bundles(tmp_path_factory):
    """model.pte (float I/O, e8-he) and three bundles of the same two inputs:
    expected outputs from the host run (exact), from the float PyTorch model
    (eager, as upstream's examples bundle them) and wrong ones (negated)."""
    import torch
    from executorch.devtools import BundledProgram
    from executorch.devtools.bundled_program.config import MethodTestCase, MethodTestSuite
    from executorch.devtools.bundled_program.serialize import serialize_from_bundled_program_to_flatbuffer

    work = tmp_path_factory.mktemp("bundle")
    (work / "model.py").write_text(MODEL)
    pte = work / "model.pte"
    done = ember("export", work / "model.py", "--target", "e8-he", "-o", pte)
    assert done.returncode == 0, done.stderr
    namespace = {}
    exec(MODEL, namespace)
    module = namespace["model"]().eval()
    torch.manual_seed(1)
    inputs = [torch.rand(1, 1, 8, 8) for _ in range(2)]
    host = []
    for i, x in enumerate(inputs):
        np.save(work / f"in{i}.npy", x.numpy())
        done = ember("run", pte, "--input", work / f"in{i}.npy", "--output", work / f"out{i}.npy")
        assert done.returncode == 0, done.stderr
        host.append(torch.from_numpy(np.load(work / f"out{i}.npy")))
    with torch.no_grad():
        eager = [module(x) for x in inputs]
    for name, expected in (("exact", host), ("eager", eager), ("wrong", [-h for h in host])):
        cases = [MethodTestCase(inputs=[x], expected_outputs=[y]) for x, y in zip(inputs, expected)]
        bundle = BundledProgram(None, [MethodTestSuite("forward", cases)], pte_file_path=str(pte))
        (work / f"{name}.bpte").write_bytes(serialize_from_bundled_program_to_flatbuffer(bundle))
    return work


def row(output: str, name: str) -> list[str]:
    line = next(line for line in output.splitlines() if line.startswith(name))
    return line[len(name):].split()


def test_reader_gives_the_program_and_cases(bundles):
    from ember import bundled_program

    bundle = bundled_program.read(bundles / "exact.bpte")
    assert bundle.program == (bundles / "model.pte").read_bytes()
    (cases,) = bundle.test_cases.values()
    assert len(cases) == 2
    for i, case in enumerate(cases):
        assert np.array_equal(case.inputs[0], np.load(bundles / f"in{i}.npy"))
        assert np.array_equal(case.expected_outputs[0], np.load(bundles / f"out{i}.npy"))


def test_inspect_and_host_run_take_the_bundles_program(bundles, tmp_path):
    program = ember("inspect", bundles / "model.pte")
    bundled = ember("inspect", bundles / "exact.bpte")
    assert program.returncode == 0 and bundled.returncode == 0, bundled.stderr
    # the same structure, below the first line (which names the file read)
    assert bundled.stdout.splitlines()[1:] == program.stdout.splitlines()[1:]
    assert "the program inside the bundle" in bundled.stderr
    done = ember("run", bundles / "exact.bpte", "--input", bundles / "in1.npy", "--output", tmp_path / "y.npy")
    assert done.returncode == 0, done.stderr
    assert np.array_equal(np.load(tmp_path / "y.npy"), np.load(bundles / "out1.npy"))


@pytest.mark.usefixtures("qemu_system")
def test_firmware_runs_the_bundled_cases_in_qemu(bundles, tmp_path):
    done = ember("run", bundles / "exact.bpte", "--board", "qemu-an547", "-o", tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 of 2 cases passed" in done.stdout
    assert "matches the bundle's expected outputs in 2 of 2 cases" in done.stderr
    hashes = [int(h, 16) for h in re.findall(r"output 0: \S+ \[[^]]*\] fnv1a 0x([0-9a-f]{8})", done.stdout)]
    assert hashes == [fnv1a(np.load(bundles / f"out{i}.npy").tobytes()) for i in range(2)]


def test_verify_against_the_bundles_expected_outputs(bundles):
    exact = ember("verify", bundles / "exact.bpte", "--no-qemu")
    assert exact.returncode == 0, exact.stdout + exact.stderr
    assert row(exact.stdout, "bundle's expected outputs vs host") == ["2", "2/2", "0", "2/2"]

    wrong = ember("verify", bundles / "wrong.bpte", "--no-qemu")
    assert wrong.returncode == 1, wrong.stdout + wrong.stderr
    assert row(wrong.stdout, "bundle's expected outputs vs host")[1] == "0/2"

    # The float model's outputs: within int8 quantization error, beyond the pybindings' tolerance.
    eager = ember("verify", bundles / "eager.bpte", "--no-qemu", "--rtol", "1e-5", "--atol", "1e-8")
    assert eager.returncode == 1, eager.stdout + eager.stderr
    largest = float(row(eager.stdout, "bundle's expected outputs vs host")[2])
    assert 0 < largest < 0.1
    assert ember("verify", bundles / "eager.bpte", "--no-qemu", "--atol", "0.1").returncode == 0
