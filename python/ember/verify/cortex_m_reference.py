"""Upstream's reference semantics of a Cortex-M program: the edge program after
upstream's Cortex-M passes, executed in torch, where each cortex_m:: operator runs
its Python implementation (executorch/backends/cortex_m/ops/operators.py). The pip
package's executorch.runtime has no cortex_m:: kernels to run the program instead.

Where that Python implementation, or torch's kernel of a float operator the flow
leaves to upstream's portable kernels, computes otherwise than the operator on the
device, the reference computes as the device does (on_the_device): the program
means what it computes on the Cortex-M, and a tie rounded the other way in one
layer grows by the gain of the layers after it."""

import contextlib
import types


@contextlib.contextmanager
def torch_cpu_workarounds():
    """Two gaps of torch's CPU kernels under upstream's reference ops, closed with
    the same values: int8 max_pool2d on channels_last tensors fails from about 2^12
    elements ("Expected input_depth * input_height * input_width <= ..."), so it runs
    in int16; int32 dilated convolution is not implemented ("slow_conv_dilated<>"),
    so int32 convolutions run in float64 (exact: every sum stays below 2^53)."""
    import torch
    import torch.nn.functional as F
    from executorch.backends.cortex_m.ops import operators

    def max_pool2d(x, *args, **kwargs):
        return F.max_pool2d(x.to(torch.int16), *args, **kwargs).to(x.dtype)

    def conv2d(x, weight, bias=None, *args, **kwargs):
        if x.dtype != torch.int32:
            return F.conv2d(x, weight, bias, *args, **kwargs)
        bias = None if bias is None else bias.double()
        return F.conv2d(x.double(), weight.double(), bias, *args, **kwargs).round().to(torch.int32)

    saved = operators.F
    operators.F = types.SimpleNamespace(**{n: getattr(F, n) for n in dir(F) if not n.startswith("__")})
    operators.F.max_pool2d = max_pool2d
    operators.F.conv2d = conv2d
    try:
        yield
    finally:
        operators.F = saved


def avg_pool2d_on_the_device(input, kernel_size, stride, padding, zero_point, multiplier, shift, scratch):
    """cortex_m::quantized_avg_pool2d as the device runs it: ExecuTorch 1.4.1's
    op_quantized_avg_pool2d.cpp calls CMSIS-NN's arm_avgpool_s8 (the commit its
    CMakeLists pins, dbf45dbf) and leaves zero_point, multiplier and shift unused.
    arm_avgpool_s8 sums the raw int8 values of the window's taps inside the input,
    divides by their count (padding not counted; upstream writes count_include_pad
    as a cortex_m::pad of the zero point before the pool) rounding half away from
    zero, and clamps to int8. Upstream's Python implementation averages the
    dequantized values in float and rounds half to even, or either way where float
    error moves the tie: one step apart on exact ties only (a window mean of
    k + 0.5)."""
    import torch
    import torch.nn.functional as F

    values = input.to(torch.float64)  # integer sums, exact in float64
    sums = F.avg_pool2d(values, kernel_size, stride, padding, divisor_override=1).round().to(torch.int64)
    inside = torch.ones_like(values[:1, :1])
    taps = F.avg_pool2d(inside, kernel_size, stride, padding, divisor_override=1).round().to(torch.int64)
    average = torch.div(sums.abs() + taps // 2, taps, rounding_mode="floor") * sums.sign()
    return average.clamp(-128, 127).to(torch.int8).contiguous(memory_format=torch.channels_last)


def pools_rounding_as_the_device(quantized):
    """A copy of the quantized module (convert_pt2e's) whose average pools between
    a dequantize and a quantize round as the device's (avg_pool2d_on_the_device
    after a pad of the zero point for count_include_pad, as upstream lowers it);
    the rest is left as it is. The module's pool rounds a tie half to even or by
    float error, the device's half away from zero, and the layers after it carry
    that step on: one step at a pool is pool scale / output scale output steps
    (7.1 in seed 1 graph 30 of the difftest's avgpool flavour, 9 with the
    convolution beside the residual add), beyond any fixed bound of output steps."""
    import copy

    import torch

    quantize = torch.ops.quantized_decomposed.quantize_per_tensor.default
    dequantize = torch.ops.quantized_decomposed.dequantize_per_tensor.default
    module = copy.deepcopy(quantized)
    for node in module.graph.nodes:
        source = node.args[0] if node.args else None
        if node.target is not torch.ops.aten.avg_pool2d.default or getattr(source, "target", None) is not dequantize \
                or any(user.target is not quantize for user in node.users):
            continue
        given = dict(zip(("kernel", "stride", "padding", "ceil_mode", "include_pad", "divisor"), node.args[1:]))
        if given.get("ceil_mode") or given.get("divisor") is not None:  # upstream leaves these on portable kernels
            continue
        kernel = given["kernel"]
        node.target = _pool_as_the_device
        node.args = (source, kernel, given.get("stride") or kernel, given.get("padding", [0, 0]),
                     given.get("include_pad", True), source.args[1], source.args[2])
    module.recompile()
    return module


def _pool_as_the_device(x, kernel, stride, padding, include_pad, scale, zero_point):
    """The dequantized values x pooled as the device pools their int8 values, dequantized again."""
    import torch
    import torch.nn.functional as F

    q = torch.round(x / scale).to(torch.int32) + zero_point
    if include_pad:
        q, padding = F.pad(q, (padding[1], padding[1], padding[0], padding[0]), value=zero_point), [0, 0]
    pooled = avg_pool2d_on_the_device(q.to(torch.int8), kernel, stride, padding, zero_point, 0, 0, None)
    return (pooled.to(torch.float32) - zero_point) * scale


def upsample_bilinear2d_on_the_device(input, output_size, align_corners, scale_factors):
    """aten::upsample_bilinear2d.vec as the device runs it: a float left-over on
    upstream's portable kernel (ExecuTorch 1.4.1's op_upsample_bilinear2d.cpp and
    util/upsample_util.h, which ember's src/kernels/portable/upsample.cpp follows).
    Per output row and column in float32: the scale (worked out in double, passed
    as a float), the source position, its two neighbours and the weights w1 = that
    position less the first, w0 = 1 - w1; then (tl w0 + tr w1) h0 + (bl w0 + br w1) h1.
    torch's CPU kernel weighs in another order and lands an ulp away (its values
    quantized after it one step off: CPU difftest seed 15, u85 graph 39)."""
    import numpy as np
    import torch

    in_h, in_w = input.shape[-2:]
    if scale_factors is not None:
        factors = [float(f) for f in scale_factors]
        out_h, out_w = int(in_h * factors[0]), int(in_w * factors[1])
    else:
        out_h, out_w = output_size
        factors = [out_h / in_h, out_w / in_w]

    def source(in_size, out_size, factor):
        """Per output index: the first and second neighbour and their weights."""
        index = np.arange(out_size)
        if out_size == in_size:
            return index, index, np.ones(out_size, np.float32), np.zeros(out_size, np.float32)
        if align_corners:
            scale = np.float32((in_size - 1) / (out_size - 1) if out_size > 1 else 0.0)
            real = scale * index.astype(np.float32)
        else:
            scale = np.float32(1.0 / factor)
            real = np.maximum(scale * (index.astype(np.float32) + np.float32(0.5)) - np.float32(0.5), np.float32(0))
        first = np.minimum(np.floor(real).astype(np.int64), in_size - 1)
        second = first + (first < in_size - 1)
        w1 = np.clip(real - first.astype(np.float32), np.float32(0), np.float32(1)).astype(np.float32)
        return first, second, np.float32(1) - w1, w1

    h_first, h_second, h0, h1 = source(in_h, out_h, factors[0])
    w_first, w_second, w0, w1 = source(in_w, out_w, factors[1])
    x = input.to(torch.float32)
    rows = [x[..., torch.from_numpy(i), :] for i in (h_first, h_second)]
    top, bottom = [r[..., torch.from_numpy(w_first)] * torch.from_numpy(w0) +
                   r[..., torch.from_numpy(w_second)] * torch.from_numpy(w1) for r in rows]
    return top * torch.from_numpy(h0)[:, None] + bottom * torch.from_numpy(h1)[:, None]


def on_the_device():
    """{upstream's operator: what the device computes for it}."""
    import torch
    import executorch.backends.cortex_m.passes  # noqa: F401 (importing it registers the cortex_m:: ops)

    return {torch.ops.cortex_m.quantized_avg_pool2d.default: avg_pool2d_on_the_device,
            torch.ops.aten.upsample_bilinear2d.vec: upsample_bilinear2d_on_the_device}


def reference_outputs(edge, inputs: list) -> list:
    """The edge program's outputs for each input tuple (4-D inputs channels-last in
    memory, as the program takes them)."""
    import torch

    reference = edge.exported_program().module()  # a copy of the graph: the edge program is left as it is
    device = on_the_device()
    for node in reference.graph.nodes:
        if getattr(node.target, "_op", None) in device:
            node.target = device[node.target._op]
    reference.recompile()
    with torch.no_grad(), torch_cpu_workarounds():
        return [reference(*x) for x in inputs]
