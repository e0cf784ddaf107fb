"""A partition output the partition also reads gets a copy of its own for those reads.

A U-Net's skip tensor leaves an NPU partition (for the CPU's upsample and
concatenation) and is read inside it (by the next max pool). Upstream's graph
makes the output a TRANSPOSE to the CPU's channels-first layout, and the read
inside a TRANSPOSE back; Vela 5.1 folds the two transposes and, with them, the
output: its npz lists one output fewer than the TOSA graph, so the delegate's
call cannot be bound (`ember export` refuses it: unbound_delegates).

Computing the output node twice, once for the graph's output and once for the
readers inside, gives Vela a tensor that only the output reads, which it keeps.
Both copies compute the same values from the same input; the copy costs one
operation (in the U-Net, a transpose Vela then folds with the one after it)."""

from .rewrite import GraphRewrite


class ReadOutputCopies(GraphRewrite):
    NAME = "read-output-copies"
    NEEDS_PROGRAM = False
    RETRACE = False

    def _match(self, node):
        """The readers inside of a graph output, if it has any."""
        output = node.graph.output_node()
        if output not in node.users:
            return None
        return [user for user in node.users if user is not output] or None

    def _rewrite(self, graph_module, node, inside):
        with graph_module.graph.inserting_after(node):
            copy = graph_module.graph.node_copy(node)
        for user in inside:
            user.replace_input_with(node, copy)
