"""A table or clamp that reads a RESHAPE runs before it.

Upstream lowers `linear(act(y))` over the last dimension of a [1, C, H, W] map as
a RESHAPE of y to a batch of pixels [C * H, 1, 1, W], the activation (a TABLE,
a CLAMP) on that batch, and a 1x1 CONV2D. Vela 5.1 fuses the activation into the
operation that writes y across the reshape and, where that is an elementwise
ADD or MUL, runs it with its input in y's shape and its output in the batch's:
its register stream reads an IFM of 3 x 1 x 8 for an OFM of 24 x 1 x 8, past the
IFM's end, which faults on the NPU (the differential check's reshaped flavour,
seed 2 graph 91: a residual block with a ReLU, then a Linear over the last
dimension of [3, 8, 8]; add or mul, then a ReLU, ReLU6 or sigmoid, the same).

An activation is elementwise on one tensor, so it commutes with a reshape: the
activation reads the reshape's source, the reshape reads the activation's
result, and Vela fuses the activation into its producer in one shape."""

from .rewrite import GraphRewrite
from .tosa_ops import CLAMP, RESHAPE, TABLE


class ActivationBeforeReshape(GraphRewrite):
    NAME = "activation-before-reshape"
    NEEDS_PROGRAM = False
    RETRACE = False

    def _match(self, node):
        """A TABLE or CLAMP whose input is a RESHAPE that nothing else reads."""
        if node.target not in (TABLE, CLAMP):
            return None
        reshape = node.args[0]
        if getattr(reshape, "target", None) != RESHAPE or len(reshape.users) != 1:
            return None
        return reshape

    def _rewrite(self, graph_module, activation, reshape):
        source = reshape.args[0]
        readers = list(activation.users)
        reshaped = activation.meta["val"]
        activation.replace_input_with(reshape, source)
        activation.meta["val"] = reshaped.new_empty(source.meta["val"].shape)
        activation.append(reshape)  # the reshape now follows the activation
        reshape.replace_input_with(source, activation)
        reshape.meta["val"] = reshaped
        for reader in readers:
            reader.replace_input_with(activation, reshape)
