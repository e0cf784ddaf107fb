"""One-op parity with upstream: small torch functions become a program (torch.export
-> to_edge_transform_and_lower without a delegate -> to_executorch), run through
upstream's runtime (executorch.runtime, the portable kernel library) and through
ember-tool on the same input bytes, and every output is compared bit for bit, or
within a stated ulp bound where upstream calls libm (exp, tanh, erf, ...).

Exporting dominates the time (about a second a program here), so the cases of a
table are exported in batches: one program whose inputs are every case's own
inputs and whose outputs are every case's outputs, each output one operator
applied to program inputs, never to another case's result. A case still passes
or fails on its own outputs.

A case is one line of a table (see test_op_parity.py): a name, the function, input
specs (f32(2, 3), i64(4, high=10), i8(3, 4), boolean(3)), and optionally the ulp bound. Each
program runs twice: on normal random inputs, and, where a float input allows it, on
inputs seeded with NaN, +-inf, +-0 and values near float32's range."""

import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

SPECIAL = np.array([np.nan, np.inf, -np.inf, 0.0, -0.0, 3e38, -3e38, 1e-40, 88.0, -104.0], np.float32)


@dataclass(frozen=True)
class InputSpec:
    dtype: str
    shape: tuple
    low: float = -3.0
    high: float = 3.0
    special: bool = True  # may hold NaN/inf/huge values in the special run

    def sample(self, rng, special: bool):
        if self.dtype == "float32":
            x = rng.uniform(self.low, self.high, self.shape).astype(np.float32)
            if special and self.special and x.size:
                picks = rng.random(self.shape) < 0.4
                x[picks] = rng.choice(SPECIAL, int(picks.sum()))
            return x
        if self.dtype in ("int64", "int8"):
            return rng.integers(int(self.low), int(self.high), self.shape, dtype=self.dtype)
        if self.dtype == "bool":
            return rng.random(self.shape) < 0.5
        raise ValueError(self.dtype)


def f32(*shape, low=-3.0, high=3.0, special=True):
    return InputSpec("float32", tuple(shape), low, high, special)


def i64(*shape, high, low=0):
    return InputSpec("int64", tuple(shape), low, high, special=False)


def i8(*shape, low=-128, high=128):
    """int8 values in [low, high): the quantized tensors upstream's Cortex-M flow leaves to aten:: kernels."""
    return InputSpec("int8", tuple(shape), low, high, special=False)


def boolean(*shape):
    return InputSpec("bool", tuple(shape), special=False)


@dataclass(frozen=True)
class Case:
    name: str
    fn: object
    inputs: tuple
    ulp: int = 0  # 0: bit for bit
    params: dict = field(default_factory=dict, hash=False, compare=False)

    def input_sets(self, seed: int):
        rng = np.random.default_rng(seed)
        sets = {"random": [s.sample(rng, False) for s in self.inputs]}
        if any(s.dtype == "float32" and s.special for s in self.inputs):
            sets["special"] = [s.sample(rng, True) for s in self.inputs]
        return sets


def case(name, fn, *inputs, ulp=0):
    return Case(name, fn, tuple(inputs), ulp)


def batches(cases, size: int = 12):
    return [tuple(cases[i:i + size]) for i in range(0, len(cases), size)]


def output_count(c: Case) -> int:
    import torch

    examples = [torch.from_numpy(s.sample(np.random.default_rng(0), False)) for s in c.inputs]
    return len(torch.utils._pytree.tree_leaves(c.fn(*examples)))


def export_batch(cases) -> bytes:
    """One program computing every case of `cases` side by side."""
    import torch
    from executorch.exir import EdgeCompileConfig, to_edge_transform_and_lower

    class Batch(torch.nn.Module):
        def forward(self, *xs):
            outs, at = [], 0
            for c in cases:
                outs += torch.utils._pytree.tree_leaves(c.fn(*xs[at:at + len(c.inputs)]))
                at += len(c.inputs)
            return tuple(outs)

    rng = np.random.default_rng(0)
    examples = tuple(torch.from_numpy(s.sample(rng, False)) for c in cases for s in c.inputs)
    exported = torch.export.export(Batch().eval(), examples)
    # linear stays whole (aten::linear.out), as upstream's Cortex-M flow leaves it
    config = EdgeCompileConfig(preserve_ops=[torch.ops.aten.linear.default])
    return to_edge_transform_and_lower(exported, compile_config=config).to_executorch().buffer


def cpu_operators(pte: bytes) -> list[str]:
    from ember.export.pte_summary import summarize

    return summarize(pte)["methods"][0]["cpu_operators"]


def run_upstream(pte: bytes, inputs) -> list[np.ndarray]:
    import torch
    from executorch.runtime import Runtime

    method = Runtime.get().load_program(pte).load_method("forward")
    outputs = method.execute([torch.from_numpy(x.copy()) for x in inputs])
    # in memory order (a channels-last output's bytes are NHWC), as ember writes them
    return [t.permute(tuple(t.dim_order())).contiguous().numpy() for t in outputs]


def run_ember(tool: str, pte: bytes, inputs, count: int) -> list[bytes]:
    """Each output's exact bytes, or raises with ember-tool's error."""
    with tempfile.TemporaryDirectory(prefix="ember-op-") as tmp:
        work = Path(tmp)
        (work / "op.pte").write_bytes(pte)
        args = []
        for i, x in enumerate(inputs):
            (work / f"in{i}.bin").write_bytes(np.ascontiguousarray(x).tobytes())
            args += ["--input", str(work / f"in{i}.bin")]
        done = subprocess.run([tool, "run", str(work / "op.pte"), *args, "--raw-io", str(work)],
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise AssertionError(f"ember-tool run failed:\n{done.stderr.strip()}")
        return [(work / f"output{i}.bin").read_bytes() for i in range(count)]


def ulp_distance(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Steps between float32 values along the number line (0 for equal, -0 == +0)."""
    def ordered(x):
        i = x.view(np.int32).astype(np.int64)
        return np.where(i < 0, -(i & 0x7FFFFFFF), i)
    return np.abs(ordered(a) - ordered(b))


def mismatch(expected: np.ndarray, got_bytes: bytes, ulp: int) -> str | None:
    """None if `got_bytes` matches upstream's output, else what differs."""
    if len(got_bytes) != expected.nbytes:
        return f"{len(got_bytes)} bytes, upstream {expected.nbytes} ({expected.dtype} {expected.shape})"
    got = np.frombuffer(got_bytes, expected.dtype).reshape(expected.shape)
    if expected.dtype != np.float32:
        bad = got != expected
    else:
        both_nan = np.isnan(expected) & np.isnan(got)
        if ulp == 0:
            bad = (expected.view(np.int32) != got.view(np.int32)) & ~both_nan
        else:
            finite = np.isfinite(expected) & np.isfinite(got)
            steps = ulp_distance(np.where(finite, expected, 0).astype(np.float32),
                                 np.where(finite, got, 0).astype(np.float32))
            bad = np.where(finite, steps > ulp, (expected != got) & ~both_nan)
    if not bad.any():
        return None
    where = tuple(int(i) for i in np.argwhere(bad)[0])
    return (f"{int(bad.sum())} of {bad.size} elements differ (ulp bound {ulp}); first at {where}: "
            f"ember {got[where]!r}, upstream {expected[where]!r}")
