"""Upstream's TOSA lowering runs ADD/SUB/MUL/MAXIMUM/MINIMUM in int32: each int8
(or a16w8 int16) operand goes through its own RESCALE to int32
(InsertRescaleInt32Pass), but when one tensor feeds several such operations the
same RESCALE node is shared by all of them (FuseDuplicateUsersPass). Vela fuses an input RESCALE into the
elementwise operation only when the RESCALE has a single reader; a shared one
becomes operations of its own that write a 32-bit tensor (Vela's per-layer
"Rescale" rows), and a MUL whose input was not fused keeps its int32 output
RESCALE standalone too. Giving each reader its own copy of the RESCALE changes no
value (each copy computes exactly what the shared one did) and lets Vela fuse
where its rules allow."""

import torch

from .rewrite import GraphRewrite
from .tosa_ops import RESCALE


class SplitSharedInputRescales(GraphRewrite):
    NAME = "split-shared-input-rescales"
    NEEDS_PROGRAM = False  # no constant is read or made
    RETRACE = False  # each copy carries the shared node's metadata

    def _match(self, node):
        return True if node.target == RESCALE and len(node.users) >= 2 and _widens_to_int32(node) else None

    def _rewrite(self, graph_module, node, _):
        """One rewrite per copy."""
        readers = list(node.users)[1:]
        for user in readers:
            with graph_module.graph.inserting_before(user):
                copy = graph_module.graph.node_copy(node)
            user.replace_input_with(node, copy)
        return len(readers)


def _widens_to_int32(node) -> bool:
    """An int8 or int16 (a16w8) -> int32 RESCALE with one scale (an elementwise operand's)."""
    source, out = node.args[0].meta.get("val"), node.meta.get("val")
    scales = node.args[2]
    return (source is not None and out is not None and out.dtype == torch.int32
            and source.dtype in (torch.int8, torch.int16) and len(scales) == 1)
