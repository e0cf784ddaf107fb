"""Upstream's Cortex-M flow (executorch.backends.cortex_m), for a model that runs
on the M55 alone: CortexMQuantizer (PT2E) -> to_edge -> CortexMPassManager, which
rewrites the quantized graph into cortex_m:: operators (CMSIS-NN conventions:
NHWC activations, OHWI weights, per-channel multiplier/shift) -> .pte.

The flow only takes conv layers whose tensors are channels_last, as upstream's
own tests feed them, so the module and its inputs are converted first."""

from .errors import ExportError
from .pipeline import Lowered, _first_line, capture, node_placement


def channels_last(example_inputs):
    import torch

    return tuple(t.to(memory_format=torch.channels_last) if t.dim() == 4 else t for t in example_inputs)


def quantize(module, example_inputs, calibration_samples):
    """The PT2E-converted module, calibrated; module and inputs in channels_last
    (a copy of the module: Module.to converts in place)."""
    import copy

    import torch
    from executorch.backends.cortex_m.quantizer.quantizer import CortexMQuantizer
    from torchao.quantization.pt2e.quantize_pt2e import convert_pt2e, prepare_pt2e

    module = copy.deepcopy(module).to(memory_format=torch.channels_last)
    prepared = prepare_pt2e(capture(module, channels_last(example_inputs)), CortexMQuantizer())
    with torch.no_grad():
        for sample in calibration_samples:
            prepared(*channels_last(sample))
    return convert_pt2e(prepared)


def edge_program(quantized_module, example_inputs):
    """The edge program after upstream's Cortex-M passes (cortex_m:: operators, whose
    Python implementations make it runnable in torch as the reference)."""
    import torch
    from executorch.backends.cortex_m.passes.cortex_m_pass_manager import CortexMPassManager
    from executorch.backends.cortex_m.target_config import CortexM, CortexMTargetConfig
    from executorch.exir import EdgeCompileConfig, to_edge

    # Upstream's Cortex-M test harness settings: keep linear and the activations the
    # passes turn into table lookups; max_pool2d stays one op (not with indices).
    config = EdgeCompileConfig(
        preserve_ops=[torch.ops.aten.linear.default, torch.ops.aten.hardsigmoid.default,
                      torch.ops.aten.hardsigmoid_.default, torch.ops.aten.hardswish.default,
                      torch.ops.aten.hardswish_.default, torch.ops.aten.silu.default],
        _check_ir_validity=False,
        _core_aten_ops_exception_list=[torch.ops.aten.max_pool2d.default],
    )
    try:
        exported = torch.export.export(quantized_module, channels_last(example_inputs), strict=True)
        edge = to_edge(exported, compile_config=config)
        passes = CortexMPassManager(edge.exported_program(), target_config=CortexMTargetConfig(cpu=CortexM.M55))
        edge._edge_programs["forward"] = passes.transform()
        _layout_copies(edge.exported_program().graph_module)
    except Exception as e:
        raise ExportError(f"the Cortex-M flow failed: {type(e).__name__}: {_first_line(e)}",
                          "try an Ethos-U target (e8-he, e8-hp); `ember --debug export ...` shows where") from None
    return edge


def lower(quantized_module, example_inputs, io: str):
    from executorch.exir import ExecutorchBackendConfig

    if io != "float":
        # upstream's QuantizeInputs/QuantizeOutputs look for quantized_decomposed
        # q/dq nodes, which the Cortex-M passes have already replaced
        raise ExportError("--io int8 is not available with the Cortex-M flow (e8-he-cpu)",
                          "give --io float, or an Ethos-U target (e8-he, e8-hp)")
    edge = edge_program(quantized_module, example_inputs)
    # scratch buffers (memory.alloc) are planned memory, not operators
    nodes = [n for n in node_placement(edge.exported_program().graph_module) if "alloc" not in n["name"]]
    try:
        program = edge.to_executorch(ExecutorchBackendConfig(extract_delegate_segments=False))
    except Exception as e:
        raise ExportError(f"writing the program failed: {type(e).__name__}: {_first_line(e)}",
                          "`ember --debug export ...` shows where; report it with the model") from None
    check_views(program.buffer)
    return Lowered(pte=program.buffer), nodes


# cortex_m:: kernels whose input (argument 0) CMSIS-NN reads as NHWC memory
NHWC_INPUT = {"cortex_m::quantized_conv2d", "cortex_m::quantized_depthwise_conv2d",
              "cortex_m::quantized_transpose_conv2d", "cortex_m::quantized_avg_pool2d",
              "cortex_m::quantized_max_pool2d"}
CHANNELS_LAST = (0, 2, 3, 1)


def _layout_copies(graph_module) -> None:
    """Copies where upstream's program would read a tensor's memory in another
    order than the tensor's own:
    - a reshape (view_copy) of a tensor not in row-major order: to_executorch
      plans every reshape but a program output as a view, read row-major whatever
      its base's dim order (a reshape of the channels-last input, a matmul
      operand: the CPU differential check's most common refusal), wrong in any
      runtime;
    - the input of a convolution or pool CMSIS-NN reads as NHWC, where upstream
      hands it a row-major tensor (after a transpose, a maximum): upstream's
      convolution kernels refuse it, its pool kernels read it wrong;
    - a softmax over a dimension that is not innermost in memory, whose rows
      CMSIS-NN reads as contiguous (upstream's kernel checks only that the
      dimension is the last).
    Each reads a `_to_dim_order_copy` of the tensor in the order it needs."""
    from executorch.exir.dialects._ops import ops as exir_ops

    view_copy = exir_ops.edge.aten.view_copy.default
    graph = graph_module.graph
    for node in list(graph.nodes):
        if node.op != "call_function" or not node.args:
            continue
        name = getattr(getattr(node.target, "_schema", None), "name", None)
        if node.target == view_copy and not any(user.op == "output" for user in node.users):
            _read_in_order(graph, node, tuple(range(node.args[0].meta["val"].dim())))  # an output copies
        elif name in NHWC_INPUT:
            _read_in_order(graph, node, CHANNELS_LAST)
        elif name == "cortex_m::softmax":
            _softmax_over_innermost(graph, node)
    graph_module.recompile()


def _softmax_over_innermost(graph, node) -> None:
    """CMSIS-NN's softmax takes rows contiguous in memory: where the softmax
    dimension is not innermost (over W of a channels-last map), it runs on a copy
    in row-major or channels-last order, whichever puts it innermost, and its
    result is copied back into the order upstream planned."""
    value = node.args[0].meta["val"]
    dim = node.args[1] % value.dim()
    if value.shape[dim] == value.numel() or tuple(value.dim_order())[-1] == dim:
        return
    # the orders ExecuTorch's dim order copies take (others it cannot name: over H
    # of a map stays refused by ember's kernel)
    rows = next((order for order in (tuple(range(value.dim())), CHANNELS_LAST)
                 if len(order) == value.dim() and order[-1] == dim), None)
    if rows is None:
        return
    _read_in_order(graph, node, rows)
    planned = node.meta["val"]
    node.meta["val"] = _laid_out(planned, rows)
    readers = list(node.users)
    with graph.inserting_after(node):
        back = _copy(graph, node, planned)
    for reader in readers:
        reader.replace_input_with(node, back)


def _read_in_order(graph, node, dim_order: tuple) -> None:
    """node reads its argument 0 through a copy laid out in dim_order, unless its
    memory is already (size-1 dimensions may stand anywhere in a dim order)."""
    source = node.args[0]
    value = source.meta.get("val")
    if value is None or value.permute(dim_order).is_contiguous():
        return
    with graph.inserting_before(node):
        copy = _copy(graph, source, _laid_out(value, dim_order))
    node.replace_input_with(source, copy)


def _laid_out(value, dim_order: tuple):
    """value's tensor with its elements laid out in dim_order."""
    inverse = [dim_order.index(d) for d in range(len(dim_order))]
    return value.permute(dim_order).contiguous().permute(inverse)


def _copy(graph, source, laid_out):
    """A `_to_dim_order_copy` of source into laid_out's memory order (the dim order
    the program records is the one laid_out's strides give)."""
    from executorch.exir.dialects._ops import ops as exir_ops

    copy = graph.call_function(exir_ops.edge.dim_order_ops._to_dim_order_copy.default, (source,),
                               {"dim_order": list(laid_out.dim_order())})
    copy.meta = dict(source.meta)
    copy.meta["val"] = laid_out
    return copy


def check_views(pte: bytes) -> None:
    """Refuses a program whose values would be wrong wherever it runs (view_layouts.py)."""
    from .view_layouts import views_across_layouts

    views = views_across_layouts(pte)
    if views:
        raise ExportError(f"upstream's Cortex-M flow wrote a reshape as a view of a channels-last tensor, so the "
                          f"program would compute wrong values (in upstream's runtime too): {views[0]}",
                          "an Ethos-U target (e8-he, e8-hp) lowers the model without it; report it upstream "
                          "with the model")
