"""A broadcast int8 constant operand of an elementwise operation read from SRAM.

Where weights live in flash (MRAM on the E8: Vela's Shared_Sram), Vela leaves
an elementwise operation's constant operand there too, and the NPU re-reads a
broadcast one (a per-channel bias or scale, [1,1,1,C] against [1,H,W,C]) for
every block of the output, in bursts as short as the constant's rows: the
operation waits on flash. A gates network's `h + bias` on 16x16x32 took 20971
cycles on e8-he where the same ADD from SRAM takes 12288.

The rewrite reads the constant through an identity TABLE (every int8 value to
itself), which Vela runs once per inference as a small NPU operation writing
the constant into SRAM (216 cycles for 32 values); the elementwise operation
then reads it from there. Bit-exact: the table maps each value to itself.
Only where constants live in flash (the pipeline leaves the pass out for
Sram_Only), only int8 constants (the TABLE is 8-bit), and only when the output
is at least BROADCAST_FACTOR times larger than the constant."""

import torch

from .rewrite import GraphRewrite
from .tosa_ops import ADD, MAXIMUM, MINIMUM, MUL, RESCALE, RESHAPE, SUB, TABLE

ELEMENTWISE = (ADD, SUB, MUL, MAXIMUM, MINIMUM)
BROADCAST_FACTOR = 16


class ConstantOperandsToSram(GraphRewrite):
    NAME = "constant-operands-to-sram"

    def __init__(self, log):
        super().__init__(log)
        self._copies = {}  # constant node -> its TABLE copy

    def _match(self, node):
        """[(reader, constant node)] for each operand of an elementwise node that
        is an int8 constant (a placeholder, or its RESHAPE), read directly or
        through a single RESCALE, and broadcast against the output."""
        if node.target not in ELEMENTWISE:
            return None
        out = node.meta.get("val")
        if out is None:
            return None
        found = []
        for operand in node.args[:2]:
            reader = node
            if getattr(operand, "target", None) == RESCALE and len(operand.users) == 1:
                reader, operand = operand, operand.args[0]
            value = self._constant_int8(operand)
            if value is not None and value.numel() * BROADCAST_FACTOR <= out.numel():
                found.append((reader, operand))
        return found or None

    def _rewrite(self, graph_module, node, found):
        graph = graph_module.graph
        for reader, constant in found:
            copy = self._copies.get(constant)
            if copy is None:
                identity = self._new_constant(graph, f"b_{constant.name}_identity_table",
                                              torch.arange(-128, 128, dtype=torch.int8))
                with graph.inserting_after(constant):
                    copy = graph.create_node("call_function", TABLE, (constant, identity))
                self._copies[constant] = copy
            reader.replace_input_with(constant, copy)
        return len(found)

    def _constant_int8(self, node):
        """The value of an int8 constant placeholder, or of a RESHAPE of one."""
        if getattr(node, "target", None) == RESHAPE:
            node = node.args[0]
        value = self._tensor(node)
        return value if value is not None and value.dtype == torch.int8 else None
