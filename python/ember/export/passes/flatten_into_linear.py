"""A channels-first flatten before a fully connected layer, folded into the
layer's weights.

`nn.Flatten()` on a feature map flattens in (C, H, W) order; upstream's TOSA
graph holds the map as (1, H, W, C), so it transposes to (1, C, H, W) before the
RESHAPE to (1, 1, 1, C*H*W) the fully connected layer (a 1x1 CONV2D) reads.
Vela runs that TRANSPOSE as operations of its own (MNIST: about 2,200 cycles on
e8-he, a third of the first fully connected layer's own cycles).

Reshaping the (H, W, C) map directly gives the same elements in (H, W, C)
order; permuting each output channel's weights the same way pairs every input
element with the weight it met before. The convolution then sums the same
int32 products in another order: every output value is unchanged."""

import torch

from .rewrite import GraphRewrite
from .tosa_ops import CONV2D, RESHAPE, TRANSPOSE

TO_CHANNELS_FIRST = [0, 3, 1, 2]


class FlattenIntoLinear(GraphRewrite):
    NAME = "flatten-into-linear"
    RETRACE = False  # no new node: the reshape reads another input, the weights are permuted

    def _match(self, node):
        return True if _flatten_into_linear(node) else None

    def _rewrite(self, graph_module, reshape, _):
        from executorch.backends.arm._passes.arm_pass_utils import (get_constant_placeholder_kind,
                                                                    is_persistent_buffer)
        from executorch.backends.transforms.utils import (create_constant_placeholder,
                                                          delete_constant_placeholder, get_param_tensor)

        graph = graph_module.graph
        transpose = reshape.args[0]
        source = transpose.args[0]
        _, height, width, channels = source.meta["val"].shape
        reshape.replace_input_with(transpose, source)
        for conv in list(reshape.users):
            old = conv.args[1]
            weights = get_param_tensor(self.exported_program, old)
            outputs = weights.shape[0]
            permuted = (weights.reshape(outputs, channels, height, width).permute(0, 2, 3, 1)
                        .reshape(weights.shape).contiguous())
            kind = get_constant_placeholder_kind(self.exported_program, old)
            with graph.inserting_before(old):
                new = create_constant_placeholder(exp_program=self.exported_program, graph=graph,
                                                  kind=kind, name=f"{old.name}_hwc", data=permuted,
                                                  persistent_buffer=is_persistent_buffer(self.exported_program, old))
            conv.replace_input_with(old, new)
            if not old.users:
                delete_constant_placeholder(self.exported_program, old)


def _flatten_into_linear(node) -> bool:
    """node is a RESHAPE to (1, 1, 1, C*H*W) of a single-reader TRANSPOSE of a
    (1, H, W, C) map to channels-first, H*W > 1 and C > 1, read only as the
    input of 1x1 CONV2Ds with constant weights."""
    if node.op != "call_function" or node.target != RESHAPE:
        return False
    transpose = node.args[0]
    if getattr(transpose, "target", None) != TRANSPOSE or list(transpose.args[1]) != TO_CHANNELS_FIRST \
            or len(transpose.users) != 1:
        return False
    source, out = transpose.args[0].meta.get("val"), node.meta.get("val")
    if source is None or out is None or source.dim() != 4 or source.shape[0] != 1:
        return False
    _, height, width, channels = source.shape
    if height * width == 1 or channels == 1 or tuple(out.shape) != (1, 1, 1, height * width * channels):
        return False
    return bool(node.users) and all(_linear_reader(user, node) for user in node.users)


def _linear_reader(user, reshape) -> bool:
    if user.target != CONV2D or user.args[0] is not reshape or any(a is reshape for a in user.args[1:]):
        return False
    weights = user.args[1]
    shape = getattr(weights.meta.get("val"), "shape", None)
    return (weights.op == "placeholder" and shape is not None and len(shape) == 4
            and tuple(shape[1:3]) == (1, 1) and list(user.args[4]) == [0, 0, 0, 0])
