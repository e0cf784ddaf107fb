"""A reshape of a tensor a select also reads works on a copy of its own.

Vela 5.1 miscompiles a select on the Ethos-U85 when an operand of the select
is also read through a RESHAPE by another operation (a GATHER, whose values
TOSA reshapes to (N, K, C); a MATMUL's transposed operand): Vela gives the
shared tensor the reshape's shape, and the AND_NOT or AND it makes of the
select then reads the operand in that shape against the mask and broadcasts
(its verbose high-level command stream: IFM [1, 1, 3, 1] against IFM2
[1, 3, 1, 1] into a [1, 3, 3, 1] OFM).
`torch.where(index_select(x, 1, i) > x, index_select(x, 1, i), x)` on
[1, 3, 1, 1] then returns x[0] in place of x in every channel (seed 31 graph 35
of the U85 differential check); an int16 layer norm whose output a select and
a matmul's transposed operand read gives 0 for 12312 (seed 38 graph 5). A
shared input of an ADD is read right.

The reshape reads the tensor through a RESCALE of scale 1 and zero points 0
(int8 or int16: every value is itself) into a tensor of its own, and the
select's operand keeps its shape."""

import torch
from executorch.exir.dialects._ops import ops as exir_ops

from .rewrite import GraphRewrite
from .tosa_ops import RESCALE, RESHAPE

WHERE = exir_ops.edge.aten.where.self


class SelectOperandCopy(GraphRewrite):
    NAME = "select-operand-copy"

    def _match(self, node):
        """The int8 or int16 tensor node, a RESHAPE, reads, when a select also
        reads it as one of its values."""
        if node.target != RESHAPE:
            return None
        source = node.args[0]
        value = getattr(source, "meta", {}).get("val")
        if value is None or value.dtype not in (torch.int8, torch.int16):
            return None
        selected = any(user.target == WHERE and source in user.args[1:3] for user in source.users)
        return source if selected else None

    def _rewrite(self, graph_module, node, source):
        from executorch.backends.arm._passes.arm_pass_utils import create_node

        graph = graph_module.graph
        with graph.inserting_after(source):
            copy = create_node(graph, RESCALE, (source, source.meta["val"].dtype, [1.0], 0, 0), from_node=node)
        node.replace_input_with(source, copy)
