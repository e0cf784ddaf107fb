"""The CLI's one error policy, on the real commands: every bad input found by
review (issue 14) ends in one line `error: <problem>; <fix>` on stderr and exit
status 2, never a traceback or a C++ abort; `--debug` adds the traceback."""

import json
import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[3]
FIXTURES = REPO / "tests" / "fixtures" / "upstream-pte"
ADD = FIXTURES / "add_portable_fp32.pte"  # float32 [1] + float32 [1]
NPU_PTE = FIXTURES / "mnist_ethosu_u55_128_a.pte"

GOOD_MODEL = """
import torch
from torch import nn
def model():
    torch.manual_seed(0)
    return nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.Flatten(), nn.Linear(4 * 8 * 8, 10))
def example_inputs():
    return (torch.rand(1, 1, 8, 8),)
"""


def ember(*args, env=None):
    return subprocess.run([sys.executable, "-m", "ember.cli", *map(str, args)], capture_output=True, text=True,
                          cwd=REPO, env=env)


def assert_one_error_line(done, *phrases):
    """Exit 2, the last stderr line is `error: problem; fix`, no traceback."""
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr and "terminate called" not in done.stderr, done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("error: ") and "; " in last, done.stderr
    for phrase in phrases:
        assert phrase in last, last
    return last


def write_model(tmp_path, source, name="model.py"):
    path = tmp_path / name
    path.write_text(source)
    return path


# ember run (the C++ tool)

def test_run_seed_that_is_not_a_number():
    assert_one_error_line(ember("run", ADD, "--seed", "x"), "--seed x is not a whole number")


def test_run_npy_with_a_malformed_shape(tmp_path):
    path = tmp_path / "x.npy"
    np.save(path, np.zeros((1,), np.float32))
    raw = path.read_bytes()
    path.write_bytes(raw.replace(b"'shape': (1,), ", b"'shape': (1,x),"))  # same header length
    assert_one_error_line(ember("run", ADD, "--input", path, "--input", path), "malformed shape")


def test_run_float64_npy_is_taken_as_float32(tmp_path):
    outputs = {}
    for dtype in (np.float32, np.float64):
        path = tmp_path / f"x_{np.dtype(dtype).name}.npy"
        np.save(path, np.array([0.25], dtype))
        done = ember("run", ADD, "--input", path, "--input", path, "--output", tmp_path / "y.npy")
        assert done.returncode == 0, done.stderr
        outputs[dtype] = np.load(tmp_path / "y.npy")
    assert outputs[np.float64].tolist() == outputs[np.float32].tolist() == [0.5]


# ember build

def test_build_with_zero_cases(tmp_path):
    assert_one_error_line(ember("build", NPU_PTE, "--board", "qemu-an547", "--cases", "0", "-o", tmp_path),
                          "--cases")


@pytest.mark.parametrize("content", [None, b"not numpy at all"])
def test_build_with_a_bad_inputs_file(tmp_path, content):
    path = tmp_path / "inputs.npy"
    if content is not None:
        path.write_bytes(content)
    assert_one_error_line(ember("build", NPU_PTE, "--board", "qemu-an547", "--inputs", path, "-o", tmp_path / "out"),
                          "--inputs")


def test_build_with_a_malformed_report(tmp_path):
    report = tmp_path / "report.json"
    report.write_text("{ not json")
    assert_one_error_line(ember("build", NPU_PTE, "--board", "qemu-an547", "--report", report, "-o", tmp_path),
                          "is not an export report")


@pytest.mark.parametrize("command", ["build", "verify"])
@pytest.mark.parametrize("content, phrase", [
    (b"\x0c\0\0\0BP08" + bytes(range(40)), "is a damaged BundledProgram"),  # offsets point nowhere
    (b"ET12 not a bundle at all", "is not a BundledProgram"),
])
def test_a_damaged_bundled_program(tmp_path, command, content, phrase):
    bundle = tmp_path / "model.bpte"
    bundle.write_bytes(content)
    args = ["--board", "qemu-an547", "-o", tmp_path / "out"] if command == "build" else []
    assert_one_error_line(ember(command, bundle, *args), phrase, "serialize_from_bundled_program_to_flatbuffer")


def test_build_for_qemu_needs_no_qemu_and_takes_any_pte_name(cross_compiler, tmp_path):
    """A fresh firmware tree, configured and built with no qemu-system-arm on PATH,
    for a program whose name has quotes in it."""
    bin_dir = tmp_path / "bin"  # everything on PATH but QEMU
    bin_dir.mkdir()
    for directory in os.environ["PATH"].split(os.pathsep):
        for tool in Path(directory).glob("*") if Path(directory).is_dir() else []:
            if not tool.name.startswith("qemu") and not (bin_dir / tool.name).exists():
                (bin_dir / tool.name).symlink_to(tool)
    pte = tmp_path / 'my "mnist".pte'
    shutil.copyfile(NPU_PTE, pte)
    env = {**os.environ, "PATH": str(bin_dir), "EMBER_FIRMWARE_BUILD_DIR": str(tmp_path / "firmware")}
    assert subprocess.run(["sh", "-c", "command -v qemu-system-arm"], env=env).returncode != 0
    done = ember("build", pte, "--board", "qemu-an547", "--cases", "1", "-o", tmp_path / "out", env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    elf = tmp_path / "out" / 'my "mnist"_qemu-an547.elf'
    assert b'my "mnist".pte' in elf.read_bytes()  # the runner's model name, quotes and all
    ran = ember("run", pte, "--board", "qemu-an547", "-o", tmp_path / "out", env=env)
    assert_one_error_line(ran, "qemu-system-arm is not installed")


# ember verify

def test_verify_no_qemu_without_model_compares_nothing():
    assert_one_error_line(ember("verify", NPU_PTE, "--no-qemu"), "nothing to compare")


def test_verify_when_the_re_export_fails(tmp_path):
    broken = write_model(tmp_path, GOOD_MODEL.replace("return nn.Sequential", "raise ValueError('no net');nn.Sequential"))
    assert_one_error_line(ember("verify", NPU_PTE, "--no-qemu", "--model", broken), "re-exporting --model",
                          "model() raised ValueError: no net")


@pytest.fixture(scope="module")
def portable_exports(tmp_path_factory):
    """Float programs the host cannot run (sin has no ember kernel) and whose output
    is int64 (max-pool indices)."""
    work = tmp_path_factory.mktemp("portable")
    sources = {
        "sine": "def forward(self, x):\n        return torch.sin(x)",
        "indices": "def forward(self, x):\n        return F.max_pool2d(x, 2, return_indices=True)[1]",
    }
    for name, forward in sources.items():
        model = work / f"{name}.py"
        model.write_text(f"""
import torch
import torch.nn.functional as F
class Net(torch.nn.Module):
    {forward}
def model():
    return Net()
def example_inputs():
    return (torch.rand(1, 2, 4, 4),)
""")
        done = ember("export", model, "--target", "portable", "--allow-missing", "-o", work / f"{name}.pte")
        assert done.returncode == 0, done.stderr
    return work


def test_verify_a_program_the_host_cannot_run(portable_exports):
    assert_one_error_line(ember("verify", portable_exports / "sine.pte", "--model", portable_exports / "sine.py",
                                "--target", "portable", "--no-qemu"), "the host cannot run")


def test_verify_an_int64_output(portable_exports):
    done = ember("verify", portable_exports / "indices.pte", "--model", portable_exports / "indices.py",
                 "--target", "portable", "--no-qemu")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "output 0 int64 [1, 2, 2, 2]" in done.stdout and "Traceback" not in done.stderr


# ember export

def test_export_model_that_raises(tmp_path):
    model = write_model(tmp_path, GOOD_MODEL.replace("torch.manual_seed(0)", "raise RuntimeError('boom')"))
    last = assert_one_error_line(ember("export", model, "-o", tmp_path / "m.pte"), "model() raised RuntimeError: boom")
    assert "model.py line 5" in last
    debug = ember("--debug", "export", model, "-o", tmp_path / "m.pte")
    assert debug.returncode == 2 and "Traceback" in debug.stderr and "boom" in debug.stderr


def test_export_quantizer_failure(tmp_path):
    """The op traces (its fake kernel) but fails when calibration runs it."""
    model = write_model(tmp_path, GOOD_MODEL + """
@torch.library.custom_op("embertest::fails_on_data", mutates_args=())
def fails_on_data(x: torch.Tensor) -> torch.Tensor:
    raise ValueError("cannot run on real data")
@fails_on_data.register_fake
def _(x):
    return torch.empty_like(x)
class Net(nn.Module):
    def forward(self, x):
        return torch.ops.embertest.fails_on_data(x) + 1
def model():
    return Net()
""")
    assert_one_error_line(ember("export", model, "-o", tmp_path / "m.pte"), "quantization failed")


def test_export_operator_without_a_kernel(tmp_path):
    """The program is written, but ember could not load it: one line naming the
    operator and the ways on, the full list above it."""
    model = write_model(tmp_path, GOOD_MODEL.replace("nn.ReLU()", "Sin()") + """
class Sin(nn.Module):
    def forward(self, x):
        return torch.sin(x)
""")
    done = ember("export", model, "--target", "portable", "-o", tmp_path / "m.pte")
    assert_one_error_line(done, "no kernel for 1 CPU operator(s)", "aten::sin.out", "--allow-missing")
    assert "  aten::sin.out" in done.stderr.splitlines()


def test_every_error_names_a_fix():
    """Every error the CLI can end with is built as (problem, fix): a static
    check of the sources, so a new raise without a fix fails here."""
    import ast

    user_errors = {"UserError", "ExportError", "BuildError", "QemuMissing"}
    without_fix = []
    for path in sorted((REPO / "python" / "ember").rglob("*.py")):
        if "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in user_errors:
                if len(node.args) < 2 and not any(k.arg == "fix" for k in node.keywords):
                    without_fix.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert without_fix == []


def test_export_without_vela(tmp_path, capsys, monkeypatch):
    from ember import cli
    from ember.export import vela

    monkeypatch.setattr(vela, "vela_executable", lambda: str(tmp_path / "no-vela"))
    model = write_model(tmp_path, GOOD_MODEL)
    assert cli.main(["export", str(model), "-o", str(tmp_path / "m.pte")]) == 2
    err = capsys.readouterr().err
    assert err.strip().splitlines()[-1].startswith("error: Vela (the ethos-u-vela package) is not installed")


# JSON output

def test_json_output_holds_no_nan_or_infinity(tmp_path):
    """A program whose input scale is NaN: `inspect --json` stays strict JSON."""
    model = write_model(tmp_path, GOOD_MODEL)
    pte = tmp_path / "int8.pte"
    done = ember("export", model, "--io", "int8", "--target", "e8-he", "-o", pte)
    assert done.returncode == 0, done.stderr
    scale = json.loads(ember("inspect", pte, "--json").stdout)["methods"][0]["inputs"][0]["scale"]
    data = pte.read_bytes()
    packed = struct.pack("<d", scale)
    assert data.count(packed) == 1
    bad = tmp_path / "nan.pte"
    bad.write_bytes(data.replace(packed, struct.pack("<d", float("nan"))))
    done = ember("inspect", bad, "--json")
    assert done.returncode == 0, done.stderr
    info = json.loads(done.stdout, parse_constant=lambda c: pytest.fail(f"{c} in JSON output"))
    assert info["methods"][0]["inputs"][0]["scale"] is None


def test_report_json_writes_non_finite_as_null(tmp_path):
    from ember.export.report import write_json

    write_json({"a": float("nan"), "b": [1.5, float("inf")], "c": {"d": -float("inf")}}, tmp_path / "r.json")
    loaded = json.loads((tmp_path / "r.json").read_text(), parse_constant=lambda c: pytest.fail(c))
    assert loaded == {"a": None, "b": [1.5, None], "c": {"d": None}}
