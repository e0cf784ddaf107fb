"""Upstream's reference semantics of a Cortex-M program: the edge program after
upstream's Cortex-M passes, executed in torch, where each cortex_m:: operator runs
its Python implementation (executorch/backends/cortex_m/ops/operators.py). The pip
package's executorch.runtime has no cortex_m:: kernels to run the program instead."""

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


def reference_outputs(edge, inputs: list) -> list:
    """The edge program's outputs for each input tuple (4-D inputs channels-last in
    memory, as the program takes them)."""
    import torch

    reference = edge.exported_program().module()
    with torch.no_grad(), torch_cpu_workarounds():
        return [reference(*x) for x in inputs]
