"""A strided convolution of a one-channel int8 map as a space-to-depth step and
a stride-1 convolution over the blocks' channels.

The Ethos-U55 reads a convolution's input 8 channels at a time: a one-channel
input (a spectrogram, a grey image) leaves 7 of 8 MAC columns idle at every
kernel tap. DS-CNN's first layer (1 -> 64 channels, 10x4 kernel, stride 2) runs
at 10 % MAC use on e8-he, a quarter of the network's Vela cycles.

For stride (sh, sw), every sh x sw block of input pixels becomes one pixel of
sh*sw channels, made on the NPU by a CONV2D with kernel = stride = (sh, sw) and
one-hot weights, and a RESCALE of scale 1 back to int8: each output is
x - zp + zp = x, exactly (padding gives zp, as the original convolution's
padding does). The original convolution becomes a stride-1 CONV2D over the
blocks with a ceil(KH/sh) x ceil(KW/sw) kernel: the weight of block tap
(bi, bj), channel (dh, dw) is the original's tap (bi*sh + dh, bj*sw + dw), zero
past the kernel's edge. Every output sums the same int32 products as before
(the zero weights and the padding add 0): the accumulator, and everything after
it, is unchanged.

Vela's estimate of a convolution here follows the elements it writes (about
1.1 cycles each), so the one-hot step pays for itself only on a small input:
DS-CNN's 49x10 costs 1,073 cycles and saves 14,594; MobileNetV2's 96x96x3 stem
would cost 30,402 to save 515 (bench/first_layer_forms.py). A stride-1 layer
writes as many elements in any form: MNIST's first layer is left as it is."""

import numpy as np
import torch

from .rewrite import GraphRewrite
from .tosa_ops import CONV2D, DEPTHWISE_CONV2D, RESCALE


class SpaceToDepth(GraphRewrite):
    NAME = "space-to-depth"

    def _match(self, node):
        """The blocked form of node, or None: node is a strided, undilated int8
        CONV2D with one input channel (or a DEPTHWISE_CONV2D of one channel,
        upstream's form of it) with constant weights and bias and weight zero
        point 0, whose blocked form needs no more than a kernel's worth of
        padding."""
        if node.op != "call_function" or node.target not in (CONV2D, DEPTHWISE_CONV2D):
            return None
        source, weight, bias, stride, pad, dilation = node.args[:6]
        x, out = source.meta.get("val"), node.meta.get("val")
        if x is None or out is None or x.dtype != torch.int8 or out.dtype != torch.int32 or x.dim() != 4 \
                or x.shape[0] != 1 or x.shape[3] != 1 or max(stride) < 2 or tuple(dilation) != (1, 1):
            return None
        taps, biases = self._tensor(weight), self._tensor(bias)
        if taps is None or biases is None or taps.dtype != torch.int8 or not _zero_weight_zp(node):
            return None
        if node.target == DEPTHWISE_CONV2D:
            if taps.shape[2] != 1:
                return None
            taps = taps.permute(3, 0, 1, 2)  # [KH, KW, 1, M] -> [M, KH, KW, 1]
        (sh, sw), (top, bottom, left, right) = stride, pad
        _, height, width, _ = x.shape
        _, out_h, out_w, _ = out.shape
        rows = _axis(height, sh, taps.shape[1], top, out_h)
        cols = _axis(width, sw, taps.shape[2], left, out_w)
        if rows is None or cols is None:
            return None
        return taps, rows, cols

    def _rewrite(self, graph_module, conv, plan):
        from executorch.backends.arm._passes.arm_pass_utils import create_node

        taps, rows, cols = plan
        graph = graph_module.graph
        source, _, bias = conv.args[:3]
        (sh, sw) = rows["stride"], cols["stride"]
        blocks = self._new_constant(graph, f"{conv.name}_space_to_depth_ohwi", _one_hot(sh, sw))
        zeros = self._new_constant(graph, f"{conv.name}_space_to_depth_bias", torch.zeros(sh * sw, dtype=torch.int32))
        weights = self._new_constant(graph, f"{conv.name}_blocked_ohwi",
                                     _blocked(taps, sh, sw, rows["taps"], cols["taps"]))
        zero_point = conv.meta["input_qparams"][0].get_zp_per_tensor()
        with graph.inserting_before(conv):
            split = create_node(graph, CONV2D, (source, blocks, zeros, [sh, sw],
                                                [rows["split_top"], rows["split_bottom"],
                                                 cols["split_top"], cols["split_bottom"]], [1, 1]),
                                from_node=conv, inherit_qparams=True)
            back = create_node(graph, RESCALE, (split, torch.int8, [1.0], 0, zero_point), from_node=conv)
            blocked = create_node(graph, CONV2D, (back, weights, bias, [1, 1],
                                                  [rows["top"], rows["bottom"], cols["top"], cols["bottom"]], [1, 1]),
                                  from_node=conv, inherit_qparams=True)
        conv.replace_all_uses_with(blocked)


def _zero_weight_zp(node) -> bool:
    qparams = node.meta.get("input_qparams", {})
    if 0 not in qparams or 1 not in qparams:
        return False
    return not np.any(np.asarray(qparams[1].zp))


def _axis(size, stride, kernel, pad_before, outputs):
    """One axis of the blocked form, or None where it needs more padding than
    a kernel (Vela's limit) or fewer blocks than the input gives.

    Block b holds input positions stride*b - offset .. + stride - 1, offset =
    pad_before mod stride, so that every window starts at a block's first
    position: output o reads blocks o - pad_before // stride onwards."""
    offset, lead = pad_before % stride, pad_before // stride
    count = -(-(size + offset) // stride)
    block_taps = -(-kernel // stride)
    trail = outputs - 1 - lead + block_taps - count
    if trail < 0 or max(lead, trail) >= block_taps:
        return None
    return {"stride": stride, "taps": block_taps, "split_top": offset,
            "split_bottom": count * stride - size - offset, "top": lead, "bottom": trail}


def _one_hot(sh, sw) -> torch.Tensor:
    """[sh*sw, sh, sw, 1]: output channel dh*sw + dw copies block position (dh, dw)."""
    weights = torch.zeros(sh * sw, sh, sw, 1, dtype=torch.int8)
    for dh in range(sh):
        for dw in range(sw):
            weights[dh * sw + dw, dh, dw, 0] = 1
    return weights


def _blocked(taps, sh, sw, block_rows, block_cols) -> torch.Tensor:
    """[M, KH, KW, 1] taps -> [M, block_rows, block_cols, sh*sw]: block tap
    (bi, bj), channel dh*sw + dw holds tap (bi*sh + dh, bj*sw + dw)."""
    outputs, kernel_h, kernel_w, _ = taps.shape
    padded = torch.zeros(outputs, block_rows * sh, block_cols * sw, dtype=torch.int8)
    padded[:, :kernel_h, :kernel_w] = taps[..., 0]
    return (padded.reshape(outputs, block_rows, sh, block_cols, sw).permute(0, 1, 3, 2, 4)
            .reshape(outputs, block_rows, block_cols, sh * sw).contiguous())
