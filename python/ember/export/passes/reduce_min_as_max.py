"""A REDUCE_MIN becomes a REDUCE_MAX between two inversions: min(x) = -1 - max(-1 - x).

Vela 5.1 makes a REDUCE_MIN on the Ethos-U55 of a subtraction from a pivot, a
REDUCE_MAX and a subtraction back from the pivot broadcast to the result. When
a RESHAPE reads the result (a flatten before a Linear, `amin` without keepdim),
Vela gives the result the reshape's shape, and the last subtraction writes it in
that shape from the REDUCE_MAX's output in the reduction's own, read broadcast:
its verbose high-level command stream shows IFM2 [1, 2, 1, 4] read into an OFM
of [1, 1, 1, 8]. `Linear(x.amin(dim))` on [2, 3, 4] is 4 of 4 outputs wrong
(seed 39 graph 15 of the differential check).

-1 - v maps the int8 (int16) range onto itself in reverse order, so the
inversions are exact and the max of the inverted is the inverted min. On int8 an
inversion is a 256-entry TABLE, which Vela runs as one 8-bit operation or fuses
into the operation before it. On int16, where a TABLE interpolates, it is a SUB
from a constant -1, written as upstream writes a subtraction of two int16 tensors
of one scale (both RESCALEd by 2^11 to int32, the SUB, a RESCALE back), which
Vela makes one elementwise subtraction (from an int32 constant it makes three
operations). REDUCE_MAX is Vela's own operation and is read right in any shape.
Vela's cycles for an amin then a Linear on [1, 2, 4, 3]: int8 729 (the table
loads dominate), int16 524, where upstream's wrong programs take 414 and 566."""

import numpy as np
import torch
from executorch.exir.dialects._ops import ops as exir_ops

from .rewrite import GraphRewrite
from .tosa_ops import RESCALE, RESHAPE, SUB, TABLE

AMIN = exir_ops.edge.aten.amin.default
AMAX = exir_ops.edge.aten.amax.default
# upstream's int16 subtraction of two tensors of one scale: both RESCALEd by this to int32
INT16_HEADROOM = 2.0 ** 11


class ReduceMinAsMax(GraphRewrite):
    NAME = "reduce-min-as-max"

    def _match(self, node):
        """An int8 or int16 amin a RESHAPE reads (elsewhere Vela's own REDUCE_MIN is
        right, and on int8 cheaper: a TABLE costs its table's load)."""
        if node.target != AMIN or not any(user.target == RESHAPE for user in node.users):
            return None
        value = node.meta.get("val")
        return True if value is not None and value.dtype in (torch.int8, torch.int16) else None

    def _rewrite(self, graph_module, node, plan):
        from executorch.backends.arm._passes.arm_pass_utils import create_node

        graph = graph_module.graph
        dtype, rank = node.meta["val"].dtype, node.meta["val"].dim()
        if dtype == torch.int8:
            table = self._new_constant(graph, f"b_{node.name}_inverted", torch.from_numpy(
                (-1 - np.arange(-128, 128)).astype(np.int8)))

            def inverted(source):
                return create_node(graph, TABLE, (source, table), from_node=node)
        else:
            minus_one = self._new_constant(graph, f"b_{node.name}_minus_one", torch.full([1] * rank, -1, dtype=dtype))

            def inverted(source):
                wide = [create_node(graph, RESCALE, (v, torch.int32, [INT16_HEADROOM], 0, 0), from_node=node)
                        for v in (minus_one, source)]
                difference = create_node(graph, SUB, tuple(wide), from_node=node)
                return create_node(graph, RESCALE, (difference, dtype, [1.0 / INT16_HEADROOM], 0, 0), from_node=node)

        with graph.inserting_before(node):
            largest = create_node(graph, AMAX, (inverted(node.args[0]), *node.args[1:]), from_node=node)
            smallest = inverted(largest)
        node.replace_all_uses_with(smallest)
