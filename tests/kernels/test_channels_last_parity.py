"""Channels-last one-op programs (what to_edge gives for a model run channels_last):
ember against upstream's own kernels (executorch.runtime), as test_op_parity.py.

Upstream 1.4.1's elementwise kernels take operands whose dim orders are all the
default or all channels-last ((0, 2, 3, 1), by label: tensors_have_same_dim_order; to_edge 1.4.1 gives no
channels_last_3d)
and refuse any mix, e.g. a channels-last tensor times a 0-d scalar or plus a
(C, 1, 1) bias; its reductions, softmax and batch norm refuse the channels-last
input torch.export gives them (their out is labelled default). ember takes and
refuses the same. One difference, checked here against torch itself: where
channels-last operands broadcast, upstream writes out in NCHW order under its
channels-last label (its values are not torch's); ember writes torch's values."""

import subprocess
import tempfile
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from .op_parity import batches, boolean, case, export_batch, f32, mismatch, run_ember, run_upstream
from .test_op_parity import LIBM_ULP


def cl(x):
    return x.to(memory_format=torch.channels_last)


SHAPE = (2, 3, 4, 5)


def same_shape(name, fn, ulp=0):
    return case(f"{name}_cl", lambda a, b: fn(cl(a), cl(b)), f32(*SHAPE), f32(*SHAPE), ulp=ulp)


def unary(name, fn, ulp=0, low=-3.0, high=3.0):
    return case(f"{name}_cl", lambda x: fn(cl(x)), f32(*SHAPE, low=low, high=high), ulp=ulp)


# bit for bit (or the ulp bound) against upstream's runtime
UPSTREAM_CASES = [
    same_shape("add", torch.add),
    same_shape("add_alpha", lambda a, b: torch.add(a, b, alpha=0.5)),
    same_shape("sub", torch.sub),
    same_shape("mul", torch.mul),
    same_shape("div", torch.div),
    same_shape("div_floor", lambda a, b: torch.div(a, b, rounding_mode="floor")),
    same_shape("div_trunc", lambda a, b: torch.div(a, b, rounding_mode="trunc")),
    same_shape("maximum", torch.maximum),
    same_shape("minimum", torch.minimum),
    same_shape("pow", lambda a, b: torch.pow(a.abs(), b), ulp=LIBM_ULP),
    *[same_shape(name, fn) for name, fn in
      [("gt", torch.gt), ("ge", torch.ge), ("lt", torch.lt), ("le", torch.le), ("eq", torch.eq), ("ne", torch.ne)]],
    case("where_cl", lambda c, a, b: torch.where(cl(c), cl(a), cl(b)), boolean(*SHAPE), f32(*SHAPE), f32(*SHAPE)),
    unary("neg", torch.neg),
    unary("abs", torch.abs),
    unary("relu", torch.relu),
    unary("exp", torch.exp, ulp=LIBM_ULP),
    unary("sigmoid", torch.sigmoid, ulp=LIBM_ULP),
    unary("tanh", torch.tanh, ulp=LIBM_ULP),
    unary("sqrt", torch.sqrt, low=0, high=10),
    unary("gelu", F.gelu, ulp=16),
    unary("clamp", lambda x: torch.clamp(x, -1.0, 0.5)),
    unary("hardtanh", F.hardtanh),
    unary("leaky_relu", lambda x: F.leaky_relu(x, 0.1)),
    unary("gt_scalar", lambda x: x > 0.25),
    # to_edge returns a channels-last mean/sum input to the default order first
    unary("mean_hw", lambda x: x.mean((2, 3), keepdim=True)),
    unary("sum_w", lambda x: x.sum(-1)),
]


def generated_broadcasts(count: int, seed: int = 12):
    """(a shape, b shape) pairs of rank 4 that broadcast to one out shape with at least
    one size-1 dim in a or b. Channels stay > 1: torch labels a channels-last
    tensor with one channel (0, 2, 1, 3), which upstream refuses (see REFUSED)."""
    rng = np.random.default_rng(seed)
    pairs = []
    while len(pairs) < count:
        out = (int(rng.integers(1, 4)), int(rng.integers(2, 5)), int(rng.integers(1, 5)), int(rng.integers(2, 6)))
        a = tuple(1 if d != 1 and rng.random() < 0.4 else s for d, s in enumerate(out))
        b = tuple(s if a[d] == 1 else (1 if d != 1 and rng.random() < 0.5 else s) for d, s in enumerate(out))
        if a != b and (a, b) not in pairs:
            pairs.append((a, b))
    return pairs


BROADCAST_OPS = [("add", torch.add), ("sub", torch.sub), ("mul", torch.mul), ("div", torch.div),
                 ("maximum", torch.maximum), ("minimum", torch.minimum), ("gt", torch.gt)]

# against torch (upstream writes these in NCHW order under a channels-last label)
BROADCAST_CASES = [
    case(f"{name}_cl_{'x'.join(map(str, a))}_{'x'.join(map(str, b))}", lambda x, y, fn=fn: fn(cl(x), cl(y)),
         f32(*a), f32(*b))
    for (name, fn), (a, b) in zip(BROADCAST_OPS * 2, generated_broadcasts(2 * len(BROADCAST_OPS)))
] + [
    case("where_cl_bcast", lambda c, a, b: torch.where(cl(c), cl(a), cl(b)), boolean(2, 3, 1, 5), f32(2, 3, 4, 1),
         f32(1, 3, 4, 5)),
    case("mul_cl_squeeze_excite", lambda x, s: cl(x) * cl(s), f32(1, 8, 6, 6), f32(1, 8, 1, 1)),
]

# upstream refuses these programs (InvalidArgument); ember must refuse them too (one
# program each, a few: each takes an export)
REFUSED = [
    case("mul_cl_scalar", lambda x: cl(x) * 0.5, f32(*SHAPE)),
    case("add_cl_bias", lambda x, b: cl(x) + b, f32(*SHAPE), f32(3, 1, 1)),
    # (its (2, 1, 4, 5) operand is labelled (0, 2, 1, 3): both refuse at _to_dim_order_copy)
    case("sub_cl_one_channel", lambda x, y: cl(x) - cl(y), f32(*SHAPE), f32(2, 1, 4, 5)),
    case("amax_cl", lambda x: cl(x).amax(1, keepdim=True), f32(*SHAPE)),
    case("softmax_cl", lambda x: cl(x).softmax(-1), f32(*SHAPE)),
]


def run_batch(ember_tool, cases, expected_from):
    """Per case: the problems found over random and special inputs."""
    pte = export_batch(cases)
    problems = {c.name: [] for c in cases}
    for kind in ("random", "special"):
        inputs = []
        for c in cases:
            sets = c.input_sets(seed=sum(map(ord, c.name)))
            inputs += sets.get(kind, sets["random"])
        expected = expected_from(pte, cases, inputs)
        assert len(expected) == len(cases), "one output per case"
        got = run_ember(ember_tool, pte, inputs, len(expected))
        for c, want, have in zip(cases, expected, got):
            diff = mismatch(want, have, c.ulp)
            if diff:
                problems[c.name].append(f"{kind} inputs: {diff}")
    return problems


def upstream_outputs(pte, cases, inputs):
    return run_upstream(pte, inputs)


def torch_outputs(pte, cases, inputs):
    """Each case's torch result in its memory order (channels-last: NHWC bytes)."""
    outs, at = [], 0
    for c in cases:
        result = c.fn(*[torch.from_numpy(x.copy()) for x in inputs[at:at + len(c.inputs)]])
        at += len(c.inputs)
        outs.append(result.permute(0, 2, 3, 1).contiguous().numpy())
    return outs


@pytest.fixture(scope="module")
def results(ember_tool):
    problems = {}
    for batch in batches(UPSTREAM_CASES, 16):
        problems.update(run_batch(ember_tool, batch, upstream_outputs))
    for batch in batches(BROADCAST_CASES, 16):
        problems.update(run_batch(ember_tool, batch, torch_outputs))
    return problems


@pytest.mark.parametrize("c", UPSTREAM_CASES + BROADCAST_CASES, ids=lambda c: c.name)
def test_channels_last_matches(results, c):
    assert not results[c.name], f"{c.name}:\n" + "\n".join(results[c.name])


def test_generated_broadcasts_broadcast():
    for a, b in generated_broadcasts(2 * len(BROADCAST_OPS)):
        out = np.broadcast_shapes(a, b)
        assert a != out or b != out


@pytest.mark.parametrize("c", REFUSED, ids=lambda c: c.name)
def test_refused_as_upstream(ember_tool, c):
    pte = export_batch((c,))
    inputs = c.input_sets(seed=0)["random"]
    with pytest.raises(RuntimeError):
        run_upstream(pte, inputs)
    with tempfile.TemporaryDirectory(prefix="ember-cl-") as tmp:
        (Path(tmp) / "op.pte").write_bytes(pte)
        args = []
        for i, x in enumerate(inputs):
            (Path(tmp) / f"in{i}.bin").write_bytes(np.ascontiguousarray(x).tobytes())
            args += ["--input", str(Path(tmp) / f"in{i}.bin")]
        done = subprocess.run([ember_tool, "run", str(Path(tmp) / "op.pte"), *args], capture_output=True, text=True)
    assert done.returncode != 0
    assert "dim order" in done.stderr, done.stderr
