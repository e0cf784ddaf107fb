"""A sum over a map's height and then its width as one sum over a row.

Upstream lowers a global mean (DS-CNN's `x.mean(dim=(2, 3))`) to two int32
REDUCE_SUMs of the (1, H, W, C) map, over H and then over W. The U55 sums over
channels only, so Vela runs each as a transpose and a channel sum, with a
subtraction of its own (DS-CNN: 765 of the mean's 4,875 cycles on e8-he are the
second one's). RESHAPE to (1, 1, H*W, C) keeps the elements where they are,
and one REDUCE_SUM over that row adds the same int32 values (in another
order: int32 addition of at most H*W int8-range values, no overflow), so the
result is unchanged."""

import torch
from executorch.exir.dialects._ops import ops as exir_ops

from .rewrite import GraphRewrite
from .tosa_ops import CONST_SHAPE, RESHAPE

SUM = exir_ops.edge.aten.sum.dim_IntList


class SingleReduceSum(GraphRewrite):
    NAME = "single-reduce-sum"
    NEEDS_PROGRAM = False

    def _match(self, node):
        return _height_then_width(node)

    def _rewrite(self, graph_module, first, second):
        from executorch.backends.arm._passes.arm_pass_utils import create_node, create_shape_node

        graph = graph_module.graph
        source = first.args[0]
        _, height, width, channels = source.meta["val"].shape
        with graph.inserting_before(first):
            shape = create_shape_node(graph, CONST_SHAPE, ((1, 1, height * width, channels),), from_node=first)
            row = create_node(graph, RESHAPE, (source, shape), from_node=first)
            total = create_node(graph, SUM, (row, [2], True), kwargs={"dtype": torch.int32}, from_node=first)
        second.replace_all_uses_with(total)


def _height_then_width(node):
    """The second sum, if node is an int32 keepdim sum of a (1, H, W, C) map
    over one of H, W, read only by an int32 keepdim sum over the other."""
    if node.op != "call_function" or node.target != SUM or len(node.users) != 1:
        return None
    second = next(iter(node.users))
    if second.target != SUM or second.args[0] is not node:
        return None
    source = node.args[0].meta.get("val")
    if source is None or source.dim() != 4 or source.shape[0] != 1 or source.dtype != torch.int32:
        return None
    axes = [_axes(node), _axes(second)]
    if sorted(axes) != [[1], [2]] or not all(_keeps_dims(n) for n in (node, second)):
        return None
    out = second.meta.get("val")
    return second if out is not None and out.dtype == torch.int32 else None


def _axes(node) -> list:
    return [axis % 4 for axis in node.args[1]] if node.args[1] is not None else []


def _keeps_dims(node) -> bool:
    return len(node.args) > 2 and node.args[2] is True
