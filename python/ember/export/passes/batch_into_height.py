"""A batch of single pixels into the height of one image, around 1x1 convolutions.

A Linear on a [1, T, C] sequence (a transformer's projections and MLP) lowers to
a TOSA 1x1 CONV2D on [T, 1, 1, C]: a batch of T one-pixel images. Vela 5.1
miscompiles such a convolution in Linear -> GELU -> Linear on [1, 8, 32]: it
reads an IFM of 2x1 with NPU_SET_IFM_PAD_BOTTOM 6 for an 8-row OFM, so rows 2-7
come from padding alone (docs/ethos-u55.md, "Where upstream's programs are
wrong"; tests/ethosu/test_networks_vs_tosa_reference.py keeps the miscompile
without this pass).

The same convolution on [1, T, 1, C] (the batch as the height of one image, the
same bytes in NHWC) is exact: a 1x1 kernel with stride 1 and no padding computes
every pixel from that pixel alone, whether the T pixels are T images or one
column. The convolution and its output RESCALE run on that shape, and a RESHAPE
on each side gives the rest of the graph the shapes it had."""

import torch

from .rewrite import GraphRewrite
from .tosa_ops import CONST_SHAPE, CONV2D, RESCALE, RESHAPE


class BatchIntoHeight(GraphRewrite):
    NAME = "batch-into-height"
    NEEDS_PROGRAM = False
    RETRACE = False

    def _match(self, node):
        return True if _batch_of_pixels_conv(node) else None

    def _rewrite(self, graph_module, conv, _plan):
        _rewrite(graph_module.graph, conv)


def _rewrite(graph, conv):
    source = conv.args[0]
    batch, _, _, channels = source.meta["val"].shape
    with graph.inserting_before(conv):
        column = _reshape(graph, source, [1, batch, 1, channels])
    conv.replace_input_with(source, column)
    # the output RESCALE, when it is the only reader, runs on the column too (so Vela
    # can still fuse it into the convolution), the RESHAPE back follows it
    last = conv
    last.meta["val"] = _column(last.meta["val"])
    while len(last.users) == 1 and next(iter(last.users)).target == RESCALE:
        last = next(iter(last.users))
        last.meta["val"] = _column(last.meta["val"])
    readers = list(last.users)
    with graph.inserting_after(last):
        back = _reshape(graph, last, [batch, 1, 1, last.meta["val"].shape[-1]])
    for reader in readers:
        reader.replace_input_with(last, back)


def _reshape(graph, source, shape):
    from executorch.backends.arm.tosa.mapping import TosaSpecialDtype

    shape_node = graph.create_node("call_function", CONST_SHAPE, (shape,))
    shape_node.meta = {"val": shape, TosaSpecialDtype.meta_key(): TosaSpecialDtype.SHAPE}
    with graph.inserting_after(shape_node):
        node = graph.create_node("call_function", RESHAPE, (source, shape_node))
    node.meta = {k: v for k, v in source.meta.items() if k in ("stack_trace", "nn_module_stack", "source_fn_stack")}
    node.meta["val"] = source.meta["val"].new_empty(shape)
    return node


def _column(val):
    batch, _, _, channels = val.shape
    return val.new_empty([1, batch, 1, channels])


def _batch_of_pixels_conv(node) -> bool:
    """A CONV2D of a [N, 1, 1, C] tensor, N > 1, with a 1x1 kernel, stride 1 and no
    padding (each output pixel is its input pixel's dot products)."""
    if node.op != "call_function" or node.target != CONV2D:
        return False
    source, weights = node.args[0].meta.get("val"), node.args[1].meta.get("val")
    if source is None or weights is None or source.dim() != 4 or weights.dim() != 4 \
            or not all(isinstance(d, int) for d in source.shape):
        return False
    stride, pad = list(node.args[3]), list(node.args[4])
    return (source.shape[0] > 1 and tuple(source.shape[1:3]) == (1, 1) and tuple(weights.shape[1:3]) == (1, 1)
            and stride == [1, 1] and pad == [0, 0, 0, 0])
