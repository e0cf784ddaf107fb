"""A global average pool (the window is the whole feature map, output 1x1) does
not depend on its stride, but the U55 partitioner declines any stride above 3
(upstream's pool_2d_support): ResNet-style `AvgPool2d(8)` on an 8x8 map goes to
the CPU in float, with dequantize/quantize around it and the NPU graph split in
two. Setting the stride to 1 changes nothing the pool computes (one window,
same position, same divisor) and the partitioner takes it.

The program's results are exactly those of upstream's lowering of the stride-1
pool (on the NPU, in integers). Against upstream's program, which runs the pool
on the CPU in float, each of the pool's outputs is within TOLERANCE: both round
the same mean (the float one within float32's error of it) to a nearest step,
and they differ where it lies at a half step (found by python -m ember.difftest
--passes; tests/ethosu/difftest_cases/seed5_graph51_passes_mismatch.json: 2 of
50 outputs one step apart)."""

from executorch.exir.dialects._ops import ops as exir_ops
from executorch.exir.pass_base import ExportPass, PassResult


MAX_U55_POOL_STRIDE = 3  # upstream's pool_2d_support.stride_check
TOLERANCE = 1  # quantization steps of the pool's outputs, against upstream's program


class GlobalAvgPoolStride(ExportPass):
    NAME = "global-avg-pool-stride"

    def __init__(self, log):
        super().__init__()
        self.log = log

    def call(self, graph_module):
        rewrites = 0
        for node in graph_module.graph.nodes:
            if node.op == "call_function" and node.target == exir_ops.edge.aten.avg_pool2d.default \
                    and _is_global(node):
                args = list(node.args)
                args[2] = [1, 1]
                node.args = tuple(args)
                rewrites += 1
        if rewrites:
            graph_module.recompile()
        self.log.record(self.NAME, rewrites)
        return PassResult(graph_module, rewrites > 0)


def _is_global(node) -> bool:
    """One window covering the whole input: kernel == input H, W, no padding,
    no ceil mode (which could add a second, partial window)."""
    args = list(node.args) + [None] * (7 - len(node.args))
    _, kernel, stride, padding, ceil_mode, _, _ = args
    height, width = node.args[0].meta["val"].shape[-2:]
    kernel = list(kernel)
    stride = list(stride) if stride else kernel
    return (kernel == [height, width] and max(stride) > MAX_U55_POOL_STRIDE
            and not any(padding or []) and not ceil_mode)
