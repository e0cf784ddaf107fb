"""What ember's backend passes share: one rewrite per node that matches, in the
TOSA-dialect graph of one delegate, and the clean-up after it."""

from executorch.exir.pass_base import ExportPass, PassResult


class GraphRewrite(ExportPass):
    """A subclass gives NAME, `_match(node)` (a plan, or None to leave the node)
    and `_rewrite(graph_module, node, plan)` (which may return how many rewrites
    the report counts for it; None: one). NEEDS_PROGRAM: the rewrite reads or
    makes constants, which live in the delegate's exported program (upstream's
    pass manager sets it; a control-flow submodule has none and is left alone).
    RETRACE: the rewrite makes nodes that need fake tensors."""

    NAME = ""
    NEEDS_PROGRAM = True
    RETRACE = True

    def __init__(self, log):
        super().__init__()
        self.log = log
        self.exported_program = None

    def call(self, graph_module):
        rewrites = 0
        if self.exported_program is not None or not self.NEEDS_PROGRAM:
            for node in list(graph_module.graph.nodes):
                plan = self._match(node) if node.op == "call_function" else None
                if plan is not None:
                    rewrites += self._rewrite(graph_module, node, plan) or 1
        if rewrites:
            graph_module.graph.eliminate_dead_code()
            graph_module.graph.lint()
            if self.RETRACE:
                graph_module = super().call(graph_module).graph_module
            graph_module.recompile()
        self.log.record(self.NAME, rewrites)
        return PassResult(graph_module, rewrites > 0)

    def _match(self, node):
        raise NotImplementedError

    def _rewrite(self, graph_module, node, plan):
        raise NotImplementedError

    def _tensor(self, node):
        """The value of a constant placeholder, else None."""
        from executorch.backends.transforms.utils import get_param_tensor

        if getattr(node, "op", None) != "placeholder":
            return None
        try:
            return get_param_tensor(self.exported_program, node)
        except RuntimeError:
            return None

    def _new_constant(self, graph, name, data):
        """A new constant (a persistent buffer of the program) at the graph's start."""
        from executorch.backends.transforms.utils import create_constant_placeholder
        from torch.export.graph_signature import InputKind

        with graph.inserting_before(next(iter(graph.nodes))):
            return create_constant_placeholder(exp_program=self.exported_program, graph=graph,
                                               kind=InputKind.BUFFER, name=name, data=data,
                                               persistent_buffer=True)
