"""A gather reads its own copy of a tensor that other operations also read.

Vela 5.1 miscompiles a select on the Ethos-U85 when an operand of the select
also feeds a GATHER: Vela gives the shared tensor the gather's (N, K, C) view
as its shape, and the AND_NOT it makes of the select then broadcasts the
operand read in that shape against the mask (its verbose high-level command
stream: IFM [1, 1, 3, 1] against IFM2 [1, 3, 1, 1] into a [1, 3, 3, 1] OFM).
`torch.where(index_select(x, 1, i) > x, index_select(x, 1, i), x)` on
[1, 3, 1, 1] then returns x[0] in place of x in every channel (seed 31 graph 35
of the U85 differential check, and four variants of it with a gather
input shared with a select; a shared input of an ADD is read right).

The gather reads the tensor through a RESCALE of scale 1 and zero points 0
(int8 or int16: every value is itself) into a tensor of its own, and the
select's operand keeps its shape. The U55 runs no GATHER."""

import torch

from .rewrite import GraphRewrite
from .tosa_ops import GATHER, RESCALE, RESHAPE


class GatherInputCopy(GraphRewrite):
    NAME = "gather-input-copy"

    def _match(self, node):
        """(reader, tensor): the int8 tensor node, a GATHER, takes its values
        from (through RESHAPEs of their own), when another operation reads it
        too, and the node that reads it on the gather's side."""
        if node.target != GATHER:
            return None
        reader, source = node, node.args[0]
        while getattr(source, "target", None) == RESHAPE and len(source.users) == 1:
            reader, source = source, source.args[0]
        value = source.meta.get("val")
        if value is None or value.dtype not in (torch.int8, torch.int16) or len(source.users) < 2:
            return None
        return reader, source

    def _rewrite(self, graph_module, node, plan):
        from executorch.backends.arm._passes.arm_pass_utils import create_node

        reader, source = plan
        graph = graph_module.graph
        dtype = source.meta["val"].dtype
        with graph.inserting_after(source):
            copy = create_node(graph, RESCALE, (source, dtype, [1.0], 0, 0), from_node=node)
        reader.replace_input_with(source, copy)
