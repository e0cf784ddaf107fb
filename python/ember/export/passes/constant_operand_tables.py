"""An ADD or SUB of an int8 tensor and a scalar constant as one int8 TABLE.

Upstream lowers `h + 1.0`, `h - 1.0` and `1 - z` on an int8 tensor as a RESCALE
of the tensor to int32, the int32 ADD/SUB with the constant (itself a RESCALE of
an int8 constant), a RESCALE to int8 and sometimes a TABLE after it (a
min-max-tables leaf, an activation). Every value of that chain depends on one
int8 input value only: a 256-entry TABLE of the input computes it exactly, and
Vela runs a TABLE as one 8-bit operation (or fuses it into the producer) where
the chain was an elementwise operation on two operands, one of them a 32-bit
constant.

The table is the chain's own arithmetic on every int8 value: TOSA RESCALE
(32-bit multiplier, single rounding, saturation to the output type) with the
multipliers and shifts upstream serializes, the int32 ADD/SUB, and the TABLE
lookup. The chain is left as is if any int32 value would leave int32's range."""

import numpy as np
import torch

from .min_max_tables import _apply_scale
from .rewrite import GraphRewrite
from .tosa_ops import ADD, RESCALE, SUB, TABLE

INT8_VALUES = np.arange(-128, 128, dtype=np.int64)
INT32 = (-(1 << 31), (1 << 31) - 1)


class ConstantOperandTables(GraphRewrite):
    NAME = "constant-operand-tables"

    def _match(self, node):
        """(last node, source, 256 values) if node is an int32 -> int8 RESCALE of
        a single-reader ADD/SUB of (a single-reader int8 -> int32 RESCALE of
        `source`, a one-element constant), followed by a single-reader TABLE
        with a constant table if there is one."""
        if node.target != RESCALE or not _plain(node) \
                or node.args[1] != torch.int8 or node.args[4] is None or len(node.args[2]) != 1:
            return None
        operation = node.args[0]
        if getattr(operation, "target", None) not in (ADD, SUB) or len(operation.users) != 1:
            return None
        first, second = operation.args[:2]
        constant = [a for a in (first, second) if self._constant(a) is not None]
        widen = [a for a in (first, second) if a not in constant and _widens_int8(a)]
        if len(widen) != 1 or len(constant) != 1:
            return None
        source = widen[0].args[0]
        x = _rescale(INT8_VALUES, widen[0])
        k = self._constant(constant[0])
        left, right = (x, k) if first is widen[0] else (k, x)
        wide = left + right if operation.target == ADD else left - right
        if wide.min() < INT32[0] or wide.max() > INT32[1]:
            return None
        values = _rescale(wide, node)
        last = node
        users = list(node.users)
        if len(users) == 1 and users[0].target == TABLE and users[0].args[0] is node:
            table = self._tensor(users[0].args[1])
            if table is not None and table.dtype == torch.int8 and table.numel() == 256:
                values = table.numpy().astype(np.int64)[values + 128]
                last = users[0]
        return last, source, values.astype(np.int8)

    def _rewrite(self, graph_module, node, chain):
        last, source, values = chain
        graph = graph_module.graph
        table = self._new_constant(graph, f"b_{last.name}_constant_operand_table", torch.from_numpy(values))
        with graph.inserting_before(last):
            lookup = graph.create_node("call_function", TABLE, (source, table))
        last.replace_all_uses_with(lookup)

    def _constant(self, node):
        """The int32 value of a one-element RESCALE of a constant, else None."""
        if getattr(node, "target", None) != RESCALE or not _plain(node) or node.args[1] != torch.int32:
            return None
        data = self._tensor(node.args[0])
        if data is None or data.numel() != 1 or data.dtype not in (torch.int8, torch.int16, torch.int32):
            return None
        return _rescale(np.array([int(data.flatten()[0])], dtype=np.int64), node)[0]


def _plain(node) -> bool:
    """A RESCALE with no unsigned flags."""
    return not node.kwargs and not any(node.args[5:])


def _widens_int8(node) -> bool:
    if getattr(node, "target", None) != RESCALE or not _plain(node) or len(node.users) != 1:
        return False
    source = node.args[0].meta.get("val")
    return (source is not None and source.dtype == torch.int8 and node.args[1] == torch.int32
            and len(node.args[2]) == 1 and node.args[4] == 0)


def _rescale(values: np.ndarray, node) -> np.ndarray:
    """TOSA RESCALE of `values` as node's arguments give it (one scale)."""
    out_type, (scale,), in_zp, out_zp = node.args[1:5]
    low, high = (-128, 127) if out_type == torch.int8 else INT32
    return np.clip(_apply_scale(values - in_zp, scale) + out_zp, low, high)
