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

from executorch.exir.pass_base import ExportPass, PassResult


class ReadOutputCopies(ExportPass):
    NAME = "read-output-copies"

    def __init__(self, log):
        super().__init__()
        self.log = log

    def call(self, graph_module):
        graph = graph_module.graph
        output = graph.output_node()
        rewrites = 0
        for node in output.all_input_nodes:
            inside = [user for user in node.users if user is not output]
            if not inside or node.op != "call_function":
                continue
            with graph.inserting_after(node):
                copy = graph.node_copy(node)
            for user in inside:
                user.replace_input_with(node, copy)
            rewrites += 1
        if rewrites:
            graph.lint()
            graph_module.recompile()
        self.log.record(self.NAME, rewrites)
        return PassResult(graph_module, rewrites > 0)
