"""MAXIMUM/MINIMUM trees in int8 through tables instead of 32-bit rescales.

Upstream lowers `torch.maximum(a, b)` (and minimum) of int8 tensors with
different scales as: each operand RESCALEd to int32 at the smaller scale, the
int32 MAXIMUM, then a RESCALE to the output's int8 scale. Vela fuses an input
RESCALE into a MAXIMUM only when its scale is exactly 1, so every other operand
becomes two operations of its own writing a 32-bit tensor.

A RESCALE is non-decreasing, so the output rescale R commutes with max and min:
R(max(A, B)) = max(R(A), R(B)). Each leaf's R(g(x)) (its own input RESCALE g,
then R) is an int8 -> int8 function of the int8 leaf x: one 256-entry TABLE
computes it exactly. After the rewrite every leaf is TABLE(x) followed by a
unit-scale RESCALE (only the output zero point removed), the tree is unchanged,
the root RESCALE has scale 1 (the zero point added back), and between two tree
nodes a unit RESCALE pair takes the values through int8 and back (they lie in
int8's range less the zero point): values bit for bit
those of the original graph, and every RESCALE in the tree fusable by Vela."""

import math

import numpy as np
import torch

from .rewrite import GraphRewrite
from .tosa_ops import MAXIMUM, MINIMUM, RESCALE, TABLE

MIN_MAX = (MAXIMUM, MINIMUM)


class MinMaxTables(GraphRewrite):
    NAME = "min-max-tables"

    def _match(self, node):
        return _min_max_tree(node)

    def _rewrite(self, graph_module, root, tree):
        leaves, inner = tree
        graph = graph_module.graph
        out_zp = root.args[4]
        (out_scale,) = root.args[2]
        for leaf in leaves:
            source, _, (scale,), in_zp, _ = leaf.args[:5]
            values = _leaf_table(scale, in_zp, out_scale, out_zp)
            table = self._new_constant(graph, f"b_{leaf.name}_min_max_table", torch.from_numpy(values))
            with graph.inserting_before(leaf):
                lookup = graph.create_node("call_function", TABLE, (source, table))
            leaf.args = (lookup, torch.int32, [1.0], out_zp, 0)
        for node in inner:  # int8 between tree nodes too: Vela fuses only operands of one type
            (user,) = node.users
            with graph.inserting_after(node):
                narrow = graph.create_node("call_function", RESCALE, (node, torch.int8, [1.0], 0, out_zp))
            with graph.inserting_after(narrow):
                widen = graph.create_node("call_function", RESCALE, (narrow, torch.int32, [1.0], out_zp, 0))
            user.replace_input_with(node, widen)
        root.args = (root.args[0], torch.int8, [1.0], 0, out_zp, *root.args[5:])


def _min_max_tree(root):
    """(leaves, inner nodes) if root is an int32 -> int8 RESCALE of a tree of single-reader
    MAXIMUM/MINIMUM nodes whose leaves are single-reader int8 -> int32 RESCALEs
    with one scale, and at least one leaf scale is not 1 (else Vela fuses all)."""
    if root.op != "call_function" or root.target != RESCALE or root.args[1] != torch.int8:
        return None
    top = root.args[0]
    if len(root.args[2]) != 1 or root.kwargs or any(root.args[5:]):
        return None
    if getattr(top, "target", None) not in MIN_MAX or len(top.users) != 1:
        return None
    leaves, inner, pending = [], [], [top]
    while pending:
        node = pending.pop()
        for arg in node.args[:2]:
            if getattr(arg, "target", None) in MIN_MAX and len(arg.users) == 1:
                pending.append(arg)
                inner.append(arg)
            elif _is_int8_leaf(arg):
                leaves.append(arg)
            else:
                return None
    if all(leaf.args[2] == [1.0] for leaf in leaves):
        return None
    return leaves, inner


def _is_int8_leaf(node) -> bool:
    if getattr(node, "target", None) != RESCALE or len(node.users) != 1 or node.kwargs or any(node.args[5:]):
        return False
    source = node.args[0].meta.get("val")
    return (source is not None and source.dtype == torch.int8 and node.args[1] == torch.int32
            and len(node.args[2]) == 1 and node.args[4] == 0)


def _leaf_table(scale: float, in_zp: int, out_scale: float, out_zp: int) -> np.ndarray:
    """int8 x -> clamp(R(g(x))), with TOSA RESCALE arithmetic (32-bit
    multiplier, single rounding) on the multipliers and shifts upstream
    serializes for these scales."""
    x = np.arange(-128, 128, dtype=np.int64)
    widened = _apply_scale(x - in_zp, scale)
    return np.clip(_apply_scale(widened, out_scale) + out_zp, -128, 127).astype(np.int8)


def _apply_scale(values: np.ndarray, scale: float) -> np.ndarray:
    from executorch.backends.arm.operators.op_tosa_rescale import _compute_multiplier_and_shift

    (multiplier,), (shift,) = _compute_multiplier_and_shift([scale], 32)
    return (values * multiplier + (1 << (shift - 1))) >> shift
