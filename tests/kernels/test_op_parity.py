"""Every portable float kernel of ember against upstream's own kernels
(executorch.runtime) on one-op programs: one table line per case, edge cases
generated (broadcast, 1-element and empty tensors, negative dims, NaN/inf, huge
values). See op_parity.py for how a case runs and what "matches" means."""

import json
import subprocess

import pytest
import torch
import torch.nn.functional as F

from .op_parity import (batches, boolean, case, cpu_operators, export_batch, f32, i8, i64, mismatch, output_count,
                        run_ember, run_upstream)

# libm-backed functions: upstream calls std::exp/tanh/erf/...; ember calls the same
# names, but the M55's libm and the host's may round differently in the last bit.
LIBM_ULP = 2


def unary(name, fn, ulp=0, low=-3.0, high=3.0):
    """An elementwise op on a 3-D tensor, one element, an empty tensor, a 0-d tensor."""
    return [case(f"{name}", fn, f32(2, 3, 5, low=low, high=high), ulp=ulp),
            case(f"{name}_one", fn, f32(1, low=low, high=high), ulp=ulp),
            case(f"{name}_empty", lambda x: fn(x[:0]), f32(2, 4, low=low, high=high), ulp=ulp),
            case(f"{name}_0d", fn, f32(low=low, high=high), ulp=ulp)]


def binary(name, fn, ulp=0):
    """Same shapes, trailing broadcast, two-way broadcast, a 1-element operand, empty, a scalar."""
    return [case(f"{name}", fn, f32(2, 3, 4), f32(2, 3, 4), ulp=ulp),
            case(f"{name}_bcast_last", fn, f32(2, 3, 4), f32(4), ulp=ulp),
            case(f"{name}_bcast_both", fn, f32(2, 1, 4), f32(3, 1), ulp=ulp),
            case(f"{name}_one", fn, f32(1), f32(5), ulp=ulp),
            case(f"{name}_empty", lambda a, b: fn(a[:0], b), f32(2, 3), f32(3), ulp=ulp),
            case(f"{name}_scalar", lambda a: fn(a, 1.5), f32(3, 4), ulp=ulp)]


def reduction(name, fn, ulp=0):
    """fn(x, dim, keepdim) over the last dim, a negative middle dim, two dims, all dims."""
    return [case(f"{name}_last", lambda x: fn(x, -1, False), f32(2, 3, 5), ulp=ulp),
            case(f"{name}_mid_keep", lambda x: fn(x, -2, True), f32(2, 3, 5), ulp=ulp),
            case(f"{name}_two", lambda x: fn(x, (0, 2), False), f32(2, 3, 5), ulp=ulp),
            case(f"{name}_one", lambda x: fn(x, 0, True), f32(1), ulp=ulp)]


COMPARISONS = [("gt", torch.gt), ("ge", torch.ge), ("lt", torch.lt), ("le", torch.le), ("eq", torch.eq),
               ("ne", torch.ne)]

CASES = [
    # views and copies (the _copy forms the edge dialect uses)
    case("view", lambda x: x.view(6, 5) * 1, f32(2, 3, 5)),
    case("reshape_neg", lambda x: x.reshape(-1, 10), f32(2, 3, 5)),
    case("squeeze", lambda x: x.squeeze(1), f32(2, 1, 5)),
    case("squeeze_all", lambda x: torch.squeeze(x), f32(2, 1, 5, 1)),
    case("unsqueeze_neg", lambda x: x.unsqueeze(-1), f32(2, 3)),
    case("flatten", lambda x: torch.flatten(x, 1), f32(2, 3, 2, 2)),
    case("permute", lambda x: x.permute(2, 0, 1), f32(2, 3, 4)),
    case("transpose_neg", lambda x: x.transpose(-1, -3), f32(2, 3, 4)),
    case("t", lambda x: x.t(), f32(3, 4)),
    case("expand", lambda x: x.expand(2, 3, 4), f32(3, 1)),
    case("expand_empty", lambda x: x.expand(0, 3), f32(1, 3)),
    case("clone", lambda x: x.clone(), f32(3, 4)),
    case("to_channels_last", lambda x: x.to(memory_format=torch.channels_last), f32(2, 3, 2, 2)),
    case("contiguous_from_channels_last",
         lambda x: x.to(memory_format=torch.channels_last).contiguous(), f32(2, 3, 2, 2)),
    case("to_int", lambda x: x.to(torch.int64), f32(3, 4, low=-50, high=50, special=False)),
    case("to_float", lambda x: x.to(torch.float32), i64(3, 4, low=-9, high=9)),
    case("bool_to_float", lambda x: x.float(), boolean(5)),
    # arithmetic with broadcast and scalars
    *binary("add", torch.add),
    case("add_alpha", lambda a, b: torch.add(a, b, alpha=0.5), f32(3, 4), f32(4)),
    *binary("sub", torch.sub),
    case("mul_scalar_op", lambda a: torch.ops.aten.mul.Scalar(a, 0.35), f32(3, 4)),
    case("rsub", lambda a: 2.0 - a, f32(3, 4)),
    *binary("mul", torch.mul),
    *binary("div", torch.div),
    case("div_floor", lambda a, b: torch.div(a, b, rounding_mode="floor"), f32(3, 4), f32(4)),
    case("div_trunc", lambda a, b: torch.div(a, b, rounding_mode="trunc"), f32(3, 4), f32(4)),
    case("add_int", lambda a, b: a + b, i64(3, 4, low=-100, high=100), i64(4, low=-100, high=100)),
    *binary("maximum", torch.maximum)[:5],
    *binary("minimum", torch.minimum)[:5],
    case("pow_scalar", lambda a: torch.pow(a, 2.0), f32(3, 4)),
    case("pow_tensor", lambda a, b: torch.pow(a, b), f32(3, 4, low=0.1), f32(4), ulp=LIBM_ULP),
    # elementwise math
    *unary("neg", torch.neg),
    *unary("abs", torch.abs),
    *unary("exp", torch.exp, ulp=LIBM_ULP),
    *unary("log", torch.log, ulp=LIBM_ULP, low=0.01, high=10),
    *unary("sqrt", torch.sqrt, low=0, high=10),
    *unary("rsqrt", torch.rsqrt, low=0.01, high=10),
    *unary("reciprocal", torch.reciprocal),
    *unary("sigmoid", torch.sigmoid, ulp=LIBM_ULP),
    *unary("tanh", torch.tanh, ulp=LIBM_ULP),
    *unary("relu", torch.relu),
    # gelu's negative tail is a small difference of two numbers near 1: upstream and
    # ember round it differently by a few more steps there.
    case("gelu", F.gelu, f32(2, 3, 5), ulp=16),
    # no special values: upstream's tanh form gives NaN for x near -3e38 (x^3 overflows), ember 0
    case("gelu_tanh", lambda x: F.gelu(x, approximate="tanh"), f32(2, 3, 5, special=False), ulp=16),
    case("silu", F.silu, f32(2, 3, 5), ulp=LIBM_ULP),
    case("hardswish", F.hardswish, f32(2, 3, 5, low=-5, high=5)),
    case("hardsigmoid", F.hardsigmoid, f32(2, 3, 5, low=-5, high=5)),
    case("leaky_relu", lambda x: F.leaky_relu(x, 0.1), f32(2, 3, 5)),
    case("elu", F.elu, f32(2, 3, 5), ulp=LIBM_ULP),
    case("clamp", lambda x: torch.clamp(x, -1.0, 0.5), f32(2, 3, 5)),
    case("clamp_min", lambda x: torch.clamp(x, min=0.25), f32(2, 3, 5)),
    case("hardtanh", F.hardtanh, f32(2, 3, 5)),
    case("relu6", F.relu6, f32(2, 3, 5, low=-8, high=8)),
    # comparisons and selection
    *[case(f"{name}_tensor", fn, f32(3, 4, low=-2, high=2), f32(4, low=-2, high=2)) for name, fn in COMPARISONS],
    *[case(f"{name}_scalar", lambda a, fn=fn: fn(a, 1.0), f32(3, 4, low=-2, high=2)) for name, fn in COMPARISONS],
    # int8 (few distinct values, so eq and ne see both answers)
    *[case(f"{name}_int8", fn, i8(3, 4, low=-3, high=3), i8(4, low=-3, high=3)) for name, fn in COMPARISONS],
    *[case(f"{name}_scalar_int8", lambda a, fn=fn: fn(a, 1), i8(3, 4, low=-3, high=3)) for name, fn in COMPARISONS],
    case("ge_int8_float", torch.ge, i8(3, 4, low=-3, high=3), f32(4, low=-3, high=3)),
    case("lt_float_int8", torch.lt, f32(2, 3, 1), i8(2, 1, 4, low=-3, high=3)),
    case("where", lambda c, a, b: torch.where(c, a, b), boolean(3, 4), f32(3, 4), f32(4)),
    case("where_int8", lambda c, a, b: torch.where(c, a, b), boolean(3, 4), i8(3, 4), i8(4)),
    case("where_from_compare", lambda a: torch.where(a > 0, a, a * 0.1), f32(2, 5)),
    case("any_dim", lambda a: torch.any(a > 1.0, dim=1), f32(3, 4)),
    case("any_keep_neg", lambda a: torch.any(a < 0.0, dim=-1, keepdim=True), f32(2, 3, 4)),
    case("logical_not", lambda c: torch.logical_not(c), boolean(3, 4)),
    # reductions
    *reduction("sum", lambda x, d, k: torch.sum(x, d, keepdim=k)),
    *reduction("mean", lambda x, d, k: torch.mean(x, d, keepdim=k)),
    *reduction("amax", lambda x, d, k: torch.amax(x, d, keepdim=k)),
    *reduction("amin", lambda x, d, k: torch.amin(x, d, keepdim=k)),
    case("amax_int8", lambda x: torch.amax(x, -1), i8(2, 3, 5)),
    case("amin_int8_two_keep", lambda x: torch.amin(x, (0, 2), keepdim=True), i8(2, 3, 5)),
    case("sum_all", lambda x: x.sum(), f32(3, 4)),
    case("mean_empty_dim", lambda x: x[:, :0].mean(-1), f32(3, 2)),
    case("argmax", lambda x: torch.argmax(x, -1), f32(3, 5)),
    case("argmax_keep", lambda x: torch.argmax(x, 0, keepdim=True), f32(3, 5)),
    case("argmin", lambda x: torch.argmin(x, 1), f32(3, 5)),
    case("softmax", lambda x: torch.softmax(x, -1), f32(2, 3, 5), ulp=LIBM_ULP),
    case("softmax_dim0", lambda x: torch.softmax(x, 0), f32(4, 3), ulp=LIBM_ULP),
    case("softmax_large", lambda x: torch.softmax(x, -1), f32(2, 7, low=-1e4, high=1e4), ulp=LIBM_ULP),
    case("log_softmax", lambda x: torch.log_softmax(x, -1), f32(2, 3, 5), ulp=LIBM_ULP),
    case("log_softmax_mid", lambda x: torch.log_softmax(x, 1), f32(2, 3, 5), ulp=LIBM_ULP),
    # normalization
    case("layer_norm", lambda x, w, b: F.layer_norm(x, (5,), w, b), f32(2, 3, 5), f32(5), f32(5), ulp=4),
    case("layer_norm_2d", lambda x: F.layer_norm(x, (3, 5)), f32(2, 3, 5), ulp=4),
    case("batch_norm_2d", lambda x, m, v, w, b: F.batch_norm(x, m, v, w, b, training=False),
         f32(2, 3, 4, 4), f32(3), f32(3, low=0.1, high=2, special=False), f32(3), f32(3)),
    case("batch_norm_1d", lambda x, m, v: F.batch_norm(x, m, v, training=False),
         f32(4, 6), f32(6), f32(6, low=0.1, high=2, special=False)),
    # matrix products
    case("mm", torch.mm, f32(3, 4), f32(4, 5)),
    case("bmm", torch.bmm, f32(2, 3, 4), f32(2, 4, 5)),
    case("matmul_bcast", torch.matmul, f32(2, 3, 4), f32(4, 5)),
    # upstream's linear.out gives torch's own gemm results, whose summation order ember
    # does not copy (ember sums in k order, as mm/addmm): apart by up to 64 steps where
    # a dot product nearly cancels
    case("linear", F.linear, f32(3, 4), f32(5, 4), f32(5), ulp=64),
    case("linear_nobias", F.linear, f32(2, 3, 4), f32(5, 4), ulp=64),
    case("addmm", lambda b, x, y: torch.addmm(b, x, y, beta=0.5, alpha=2.0), f32(5), f32(3, 4), f32(4, 5)),
    # shape plumbing
    case("cat", lambda a, b: torch.cat([a, b], 1), f32(2, 3, 4), f32(2, 2, 4)),
    case("cat_neg_empty", lambda a, b: torch.cat([a, b[:, :0]], -1), f32(2, 3), f32(2, 2)),
    # (no channels-last cat here: upstream's cat.out returns other values than torch.cat
    # for channels-last inputs; ember's is checked by the U-Net of tests/zoo on e8-he-cpu)
    case("stack", lambda a, b: torch.stack([a, b], 1), f32(2, 3), f32(2, 3)),
    case("split", lambda x: torch.split(x, 2, 1), f32(2, 5, 3)),
    case("split_sizes", lambda x: torch.split(x, [1, 3], -1), f32(2, 4)),
    case("chunk", lambda x: torch.chunk(x, 3, 0), f32(6, 2)),
    case("slice", lambda x: x[:, 1:4], f32(3, 5)),
    case("slice_step_neg", lambda x: x[..., -4::2], f32(2, 3, 7)),
    case("select", lambda x: x[:, 2], f32(3, 4, 2)),
    case("select_neg", lambda x: x.select(-1, -1), f32(3, 4)),
    case("index", lambda x, i: x[i], f32(5, 3), i64(4, high=5)),
    case("index_mid", lambda x, i: x[:, i], f32(2, 5, 3), i64(2, high=5)),
    case("index_select", lambda x, i: torch.index_select(x, 1, i), f32(2, 5, 3), i64(7, high=5)),
    case("index_select_neg_int32", lambda x: torch.index_select(x, -1, torch.tensor([3, 0, 3], dtype=torch.int32)),
         f32(3, 4)),
    case("index_select_int8", lambda x, i: torch.index_select(x, 0, i), i8(4, 3), i64(2, high=4)),
    case("repeat", lambda x: x.repeat(2, 1, 3), f32(3, 2)),
    case("embedding", lambda w, i: F.embedding(i, w), f32(10, 4), i64(2, 3, high=10)),
    case("constant_pad", lambda x: F.pad(x, (1, 2, 0, 1), value=0.5), f32(2, 3, 4)),
    # convolution family and pools
    case("conv1d", lambda x, w, b: F.conv1d(x, w, b, stride=2, padding=1), f32(1, 3, 11), f32(4, 3, 3), f32(4)),
    case("conv2d_groups", lambda x, w: F.conv2d(x, w, padding=1, groups=2), f32(1, 4, 5, 5), f32(4, 2, 3, 3)),
    case("conv_transpose2d", lambda x, w, b: F.conv_transpose2d(x, w, b, stride=2, padding=1, output_padding=1),
         f32(1, 3, 4, 5), f32(3, 2, 3, 3), f32(2)),
    case("conv_transpose2d_groups", lambda x, w: F.conv_transpose2d(x, w, stride=2, groups=2, dilation=2),
         f32(2, 4, 3, 3), f32(4, 1, 2, 2)),
    case("conv2d_channels_last", lambda x, w, b: F.conv2d(x.to(memory_format=torch.channels_last), w, b, padding=1),
         f32(1, 3, 5, 4), f32(4, 3, 3, 3), f32(4)),
    case("conv_transpose2d_channels_last",
         lambda x, w: F.conv_transpose2d(x.to(memory_format=torch.channels_last), w, stride=2), f32(1, 3, 3, 4),
         f32(3, 2, 3, 3)),
    case("conv_transpose1d", lambda x, w: F.conv_transpose1d(x, w, stride=3), f32(1, 2, 5), f32(2, 3, 4)),
    case("max_pool2d", lambda x: F.max_pool2d(x, 3, 2, 1), f32(1, 2, 7, 7)),
    case("max_pool1d", lambda x: F.max_pool1d(x, 2), f32(2, 3, 9)),
    case("avg_pool1d", lambda x: F.avg_pool1d(x, 3, 2, 1), f32(2, 3, 9)),
    case("adaptive_avg_pool2d", lambda x: F.adaptive_avg_pool2d(x, (2, 3)), f32(1, 2, 5, 7)),
    case("adaptive_avg_pool2d_global", lambda x: F.adaptive_avg_pool2d(x, 1), f32(2, 3, 4, 4)),
    case("adaptive_avg_pool1d", lambda x: F.adaptive_avg_pool1d(x, 3), f32(2, 3, 8)),
    case("upsample_nearest", lambda x: F.interpolate(x, scale_factor=2, mode="nearest"), f32(1, 2, 3, 4)),
    case("upsample_nearest_size", lambda x: F.interpolate(x, size=(5, 7), mode="nearest"), f32(1, 2, 3, 4)),
    case("upsample_bilinear", lambda x: F.interpolate(x, scale_factor=2, mode="bilinear"), f32(1, 2, 3, 4)),
    case("upsample_bilinear_channels_last",
         lambda x: F.interpolate(x.to(memory_format=torch.channels_last), scale_factor=2, mode="bilinear"),
         f32(1, 3, 3, 4)),
    case("upsample_bilinear_corners",
         lambda x: F.interpolate(x, size=(5, 6), mode="bilinear", align_corners=True), f32(1, 2, 3, 4)),
    # creation
    case("full_like", lambda x: x + torch.full_like(x, -1.25), f32(3, 4)),
    case("full_like_int8", lambda x: torch.maximum(x, torch.full_like(x, -7)), i8(3, 4)),
    case("full", lambda x: x + torch.full((3, 4), 2.5), f32(3, 4)),
    case("zeros_ones", lambda x: x * torch.ones(4) + torch.zeros(3, 4), f32(3, 4)),
    case("arange", lambda x: x + torch.arange(4, dtype=torch.float32), f32(3, 4)),
    case("arange_step", lambda x: x * torch.arange(1.0, 3.0, 0.5), f32(4)),
    case("scalar_tensor", lambda x: torch.where(x > 0, x, torch.scalar_tensor(-1.0)), f32(3, 4)),
]

CASE_NAMES = [c.name for c in CASES]
assert len(set(CASE_NAMES)) == len(CASE_NAMES), "case names must be unique"


BATCHES = batches(CASES)
WHERE = {c.name: (b, i) for b, batch in enumerate(BATCHES) for i, c in enumerate(batch)}


@pytest.fixture(scope="session")
def batch_runs(ember_tool):
    """batch index -> (pte, first output of each case, {input kind: (upstream outputs, ember output bytes or
    ember's error)}), exported and run once per session."""
    cache = {}

    def get(index):
        if index not in cache:
            cases = BATCHES[index]
            pte = export_batch(cases)
            starts = [0]
            for c in cases:
                starts.append(starts[-1] + output_count(c))
            runs = {}
            for kind in ("random", "special"):
                inputs = []
                for c in cases:
                    sets = c.input_sets(seed=sum(map(ord, c.name)))
                    inputs += sets.get(kind, sets["random"])
                expected = run_upstream(pte, inputs)
                try:
                    runs[kind] = (expected, run_ember(ember_tool, pte, inputs, len(expected)))
                except AssertionError as e:
                    runs[kind] = (expected, str(e))
            cache[index] = (pte, starts, runs)
        return cache[index]
    return get


@pytest.mark.parametrize("c", CASES, ids=CASE_NAMES)
def test_matches_upstream(batch_runs, c):
    index, position = WHERE[c.name]
    pte, starts, runs = batch_runs(index)
    problems = []
    for kind in c.input_sets(seed=0):
        expected, got = runs[kind]
        if isinstance(got, str):
            problems.append(f"{kind} inputs: {got}")
            continue
        for i in range(starts[position], starts[position + 1]):
            diff = mismatch(expected[i], got[i], c.ulp)
            if diff:
                problems.append(f"{kind} inputs, output {i - starts[position]}: {diff}")
    assert not problems, f"{c.name}:\n" + "\n".join(problems)


# kernels upstream's runtime does not have, checked against upstream's reference elsewhere
CHECKED_ELSEWHERE = {"aten::hardsigmoid.out": "tests/kernels/test_cortex_m_parity.py (left in float by the Cortex-M flow)"}


def test_every_portable_kernel_has_a_parity_case(ember_tool, batch_runs):
    """Each float kernel ember registers is exercised by at least one case above."""
    listed = json.loads(subprocess.run([ember_tool, "kernels", "--json"], capture_output=True, text=True,
                                       check=True).stdout)["kernels"]
    portable = {k for k in listed if k.startswith(("aten::", "dim_order_ops::"))}
    exercised = {op for b in range(len(BATCHES)) for op in cpu_operators(batch_runs(b)[0])}
    assert portable - exercised - CHECKED_ELSEWHERE.keys() == set()
