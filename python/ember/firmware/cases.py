"""The runner's embedded test cases (cases.bin; the reader is
apps/runner/case_table.cpp): each case's inputs in the program's own dtype and
the outputs the host run gave for them, byte for byte."""

import struct
import subprocess
import tempfile
from pathlib import Path

import numpy as np

from ember import host_tool
from ember.errors import UserError

MAGIC = b"EMBC"
VERSION = 1


def _blob(data: bytes) -> bytes:
    pad = (-len(data)) % 16
    return struct.pack("<I12x", len(data)) + data + b"\0" * pad


def encode(cases: list[tuple[list[bytes], list[bytes]]]) -> bytes:
    if not cases:
        raise ValueError("no test cases")
    n_in, n_out = len(cases[0][0]), len(cases[0][1])
    out = bytearray(MAGIC + struct.pack("<4I", VERSION, len(cases), n_in, n_out))
    out += b"\0" * ((-len(out)) % 16)
    for inputs, outputs in cases:
        if len(inputs) != n_in or len(outputs) != n_out:
            raise ValueError("every case needs the same number of inputs and outputs")
        for data in [*inputs, *outputs]:
            out += _blob(data)
    return bytes(out)


def host_case(pte: Path, inputs: list[Path] | None, seed: int) -> tuple[list[bytes], list[bytes]]:
    """One case: runs the host tool on the inputs (or a seeded random input) and
    keeps the exact bytes it fed in and got out."""
    with tempfile.TemporaryDirectory() as tmp:
        args = [str(host_tool.tool_path()), "run", str(pte), "--raw-io", tmp, "--seed", str(seed)]
        for path in inputs or []:
            args += ["--input", str(path)]
        done = subprocess.run(args, capture_output=True, text=True)
        if done.returncode != 0:
            lines = (done.stderr or done.stdout).strip().splitlines() or ["no message"]
            raise UserError(f"the host run of {pte.name} failed: {lines[-1].removeprefix('error: ')}",
                            "the program and its inputs must run on the host first (`ember run`)")
        tmp = Path(tmp)
        ins = [p.read_bytes() for p in sorted(tmp.glob("input*.bin"), key=lambda p: int(p.stem[5:]))]
        outs = [p.read_bytes() for p in sorted(tmp.glob("output*.bin"), key=lambda p: int(p.stem[6:]))]
        return ins, outs


def split_samples(npy: Path, work: Path, count: int) -> list[Path]:
    """The first `count` samples of a batch .npy ([N, ...]) as one file each."""
    try:
        array = np.load(npy, allow_pickle=False)
    except (OSError, ValueError, EOFError) as e:
        raise UserError(f"--inputs {npy} is not a readable .npy ({' '.join(str(e).split())})",
                        "give arrays saved with numpy.save") from e
    if array.ndim == 0 or array.shape[0] == 0:
        raise UserError(f"--inputs {npy} holds no samples (shape {array.shape})", "give an array of shape [N, ...]")
    paths = []
    for i in range(min(count, array.shape[0])):
        path = work / f"{npy.stem}_{i}.npy"
        np.save(path, array[i:i + 1])
        paths.append(path)
    return paths
