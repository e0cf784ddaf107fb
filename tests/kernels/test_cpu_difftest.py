"""The CPU targets' differential check (python/ember/difftest/cpu.py) in the test
command: a fixed slice of generated networks on `portable` against upstream's
runtime and on `e8-he-cpu` against upstream's reference of the program and the
quantized module; padded average pools then an add on `e8-he-cpu`, bit for bit
with the device's arithmetic, and 9 steps off where a pool tie is rounded the
float way; the check failing on a perturbed output; a float sum in another
order told apart as rounding; upstream's wrong programs it found, mended or
refused by ember's export or named as upstream's; and every shrunk reproducer the long runs
saved (difftest_cases/*.json)."""

from pathlib import Path

import pytest

from ember.difftest.cpu import TARGETS, check_graph
from ember.difftest.generator import generate
from tests.saved_cases import load_saved_case

SLICE_SEED = 5
# (flavour, index) of seed 5: int8 ReLU alone (aten::clamp on int8), linear then
# maximum(y, y) (aten::maximum on int8), linear/GELU/minimum stack, 7x7 depthwise
# and sigmoid, 5x5 stride-2 transposed conv and nearest resize x3, gathers around a
# linear (aten::index_select), a transposed conv's amax (aten::amax on int8), a
# where on ge of int8 and float values.
SLICE = (("u55", 16), ("u55", 37), ("u55", 19), ("u55", 12), ("u85", 3), ("u85", 7), ("u85", 12), ("u85", 47))
CASES = sorted((Path(__file__).parent / "difftest_cases").glob("*.json"))
# seed 1 of the avgpool flavour (a padded average pool, then an add): pools k4/s3/p1
# then a residual block, k4/s2/p2 counting the padding then conv3x3 + add, k2/s1/p1
# counting it then a residual block, k3/s2/p1 then conv3x3 + add. Each holds ties
# upstream's float reference of the pool rounds the other way (4 to 9 output steps
# after the add) and the module's pool too (4 to 9 steps).
AVG_POOL_SEED, AVG_POOL_SLICE = 1, (30, 3, 14, 39)


@pytest.mark.parametrize("flavour,index", SLICE, ids=[f"{f}-{i}" for f, i in SLICE])
def test_generated_graph_matches_references(ember_tool, tmp_path, flavour, index):
    result = check_graph(generate(SLICE_SEED, index, flavour), tmp_path, ember_tool)
    assert [(p.config, p.outcome, p.detail) for p in result.programs] == [(t, "pass", "") for t in TARGETS]


def test_a_perturbed_output_is_a_mismatch(ember_tool, tmp_path):
    """A thousandth added to ember's outputs: beyond atol 1e-6 (portable) and not
    bit-exact with upstream's reference (e8-he-cpu, though under one output step)."""
    result = check_graph(generate(SLICE_SEED, 16), tmp_path, ember_tool, perturb=1e-3)
    assert [(p.config, p.outcome) for p in result.programs] == [(t, "mismatch") for t in TARGETS]


def test_summation_order_is_rounding_not_a_mismatch(ember_tool, tmp_path):
    """Sums of a layer-normed row cancel to about 1e-7: upstream's host runtime sums
    in 8 lanes, ember in index order, and an output lands beyond atol 1e-6. Both
    are as far from the float64 result (ember within twice upstream's distance)."""
    spec = {"seed": 0, "index": 0, "dtype": "int8", "input": [16, 8, 20],
            "nodes": [{"op": "layernorm", "in": [0], "dims": 1, "affine": False},
                      {"op": "reduce", "kind": "sum", "in": [1], "dim": 3}]}
    (program,) = check_graph(spec, tmp_path, ember_tool, targets=("portable",)).programs
    assert program.outcome == "rounding", (program.outcome, program.detail)


# Upstream's Cortex-M flow writes programs that read a tensor's memory in another
# order than the tensor's: every reshape planned as a view, read row-major, also of
# a channels-last tensor; a convolution CMSIS-NN reads as NHWC handed a row-major
# tensor (after a transpose); a softmax over W of a channels-last map, whose rows
# CMSIS-NN reads as contiguous. ember's export reads such a tensor through a copy
# in the order needed (export/cortex_m.py); upstream's programs still hold the
# view (export/view_layouts.py finds it, and the export refuses one should it
# remain) or the input in the other order.
CONV = {"op": "conv", "in": [1], "cout": 3, "kernel": [3, 3], "stride": 1, "dilation": 1, "padding": [1, 1],
        "groups": 1, "bias": True}
LAYOUT_COPIES = {
    "reshape_of_the_input": ([{"op": "reshape", "in": [0], "shape": [24, 5, 1]}], [24, 5, 1]),
    "matmul_of_the_input": ([{"op": "matmul", "in": [0, 0], "form": "nt"}], [2, 1, 3]),  # x @ x^T
    "conv_after_a_transpose": ([{"op": "transpose", "in": [0], "perm": [0, 2, 1, 3]}, CONV], [4, 6, 5]),
    "softmax_over_the_width": ([{"op": "softmax", "in": [0], "dim": 3}], [4, 3, 5]),
}
# the operator whose input upstream's program hands in another order, and that order
UPSTREAM_INPUT_ORDER = {"conv": ("cortex_m::quantized_conv2d", [0, 1, 2, 3]),
                        "softmax": ("cortex_m::softmax", [0, 2, 3, 1])}


@pytest.mark.parametrize("name", LAYOUT_COPIES)
def test_a_tensor_read_in_another_layout_is_read_through_a_copy(ember_tool, tmp_path, name, monkeypatch):
    import torch
    from executorch.exir import ExecutorchBackendConfig

    from ember.difftest.generator import build_module
    from ember.export import cortex_m
    from ember.export.view_layouts import views_across_layouts

    nodes, shape = LAYOUT_COPIES[name]
    spec = {"seed": 0, "index": 0, "dtype": "int8", "input": shape, "nodes": nodes}
    (program,) = check_graph(spec, tmp_path, ember_tool, targets=("e8-he-cpu",)).programs
    assert (program.outcome, program.exact) == ("pass", True), (program.outcome, program.detail)
    monkeypatch.setattr(cortex_m, "_layout_copies", lambda graph_module: None)
    example = (torch.rand(1, *shape),)
    edge = cortex_m.edge_program(cortex_m.quantize(build_module(spec).eval(), example, [example]), example)
    upstream = edge.to_executorch(ExecutorchBackendConfig(extract_delegate_segments=False)).buffer
    if nodes[-1]["op"] in UPSTREAM_INPUT_ORDER:
        operator, order = UPSTREAM_INPUT_ORDER[nodes[-1]["op"]]
        assert _input_dim_orders(upstream, operator) == [order]
    else:
        assert views_across_layouts(upstream)


def _input_dim_orders(pte: bytes, operator: str) -> list:
    from executorch.exir._serialize._program import deserialize_pte_binary

    plan = deserialize_pte_binary(pte).program.execution_plan[0]
    return [list(plan.values[i.instr_args.args[0]].val.dim_order) for i in plan.chains[0].instructions
            if hasattr(i.instr_args, "op_index") and plan.operators[i.instr_args.op_index].name == operator]


# ember runs the others as written and names what upstream's runtime refuses too.
# (A full_like of a channels-last tensor, which upstream's runtime refuses as well,
# ember fills: one value is the same in every dim order; test_cortex_m_parity.py.)
UPSTREAM_WRONG = {
    # cat(maximum(conv(x), ...), x): a contiguous and a channels-last tensor into one cat
    "cat_of_two_dim_orders": ([{"op": "conv", "in": [0], "cout": 5, "kernel": [1, 1], "stride": 1, "dilation": 1,
                                "padding": [0, 0], "groups": 1, "bias": True},
                               {"op": "elementwise", "kind": "maximum", "in": [1, 1]},
                               {"op": "concat", "in": [2, 0]}], [2, 13, 13], "tensors_have_same_dim_order"),
}


@pytest.mark.parametrize("name", UPSTREAM_WRONG)
def test_upstream_program_defect_is_named(ember_tool, tmp_path, name):
    nodes, shape, words = UPSTREAM_WRONG[name]
    spec = {"seed": 0, "index": 0, "dtype": "int8", "input": shape, "nodes": nodes}
    (program,) = check_graph(spec, tmp_path, ember_tool, targets=("e8-he-cpu",)).programs
    assert program.outcome == "upstream" and words in program.detail, (program.outcome, program.detail)


@pytest.mark.parametrize("index", AVG_POOL_SLICE)
def test_avg_pool_then_add_is_the_device_arithmetic(ember_tool, tmp_path, index):
    spec = generate(AVG_POOL_SEED, index, "avgpool")
    (program,) = check_graph(spec, tmp_path, ember_tool, targets=("e8-he-cpu",)).programs
    assert (program.outcome, program.exact) == ("pass", True), (program.outcome, program.detail)


def test_a_pool_tie_grows_past_both_bounds(ember_tool, tmp_path, monkeypatch):
    """Graph 30 of the slice with upstream's float average pool in the reference, and
    against the module whose pool rounds its own way: 9 output steps from each, one
    pool step (a tie) times the output's finer scale and the residual's gain."""
    import ember.verify.cortex_m_reference as reference

    spec = generate(AVG_POOL_SEED, 30, "avgpool")
    with monkeypatch.context() as patch:
        patch.setattr(reference, "on_the_device", lambda: {})
        (program,) = check_graph(spec, tmp_path / "upstream", ember_tool, targets=("e8-he-cpu",)).programs
    assert program.outcome == "mismatch" and program.detail.startswith("9.00 output steps"), program.detail
    with monkeypatch.context() as patch:
        patch.setattr(reference, "pools_rounding_as_the_device", lambda module: module)
        (program,) = check_graph(spec, tmp_path / "module", ember_tool, targets=("e8-he-cpu",)).programs
    assert program.outcome == "upstream" and "9.00 steps from the quantized module" in program.detail, program.detail


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_saved_reproducer(ember_tool, tmp_path, case, request):
    saved = load_saved_case(case, request)
    (program,) = check_graph(saved["spec"], tmp_path, ember_tool, targets=(saved["target"],)).programs
    assert program.outcome in ("pass", "rounding", "refused", "upstream"), (program.outcome, program.detail)
