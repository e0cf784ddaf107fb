"""PyTorch module -> ExecuTorch program, with upstream's tools:
capture (torch.export) -> quantize (EthosUQuantizer, PT2E via torchao) ->
lower (EthosUPartitioner -> TOSA -> Vela) -> optional int8 I/O -> .pte bytes."""

import contextlib
import os
import re
import sys
import tempfile
from dataclasses import dataclass, field

from . import npu_memory
from .errors import ExportError
from .targets import Target


@dataclass
class Lowered:
    pte: bytes
    io_quantization: dict = field(default_factory=dict)  # "input0": {scale, zero_point, ...}


def capture(module, example_inputs, dynamic_batch: bool = False):
    """torch.export, returned as a plain GraphModule. check_guards=False keeps
    torch from adding a `_guards_fn` call_module (BatchNorm, residual blocks), which
    the Arm passes reject with "call_module is not supported". dynamic_batch: dim 0
    of every input may vary (a reference module that runs a test set in batches)."""
    import torch

    dynamic = None
    if dynamic_batch:
        batch = torch.export.Dim("batch", min=1, max=1 << 20)
        dynamic = tuple({0: batch} for _ in example_inputs)
        example_inputs = tuple(torch.cat([x, x]) for x in example_inputs)  # batch 1 would be specialized
    try:
        return torch.export.export(module, example_inputs, dynamic_shapes=dynamic).module(check_guards=False)
    except Exception as e:
        raise ExportError(f"the model does not trace with torch.export: {type(e).__name__}: {_first_line(e)}",
                          "make forward() traceable (no data-dependent Python control flow); "
                          "`ember --debug export ...` shows where") from None


def compile_spec(target: Target, memory_mode: str, system_config: str, config_ini: str,
                 keep_dir: str | None):
    from executorch.backends.arm.ethosu import EthosUCompileSpec

    spec = EthosUCompileSpec(target.accelerator, system_config=system_config,
                             memory_mode=memory_mode, config_ini=config_ini)
    if keep_dir:
        spec.dump_intermediate_artifacts_to(keep_dir)
    return spec


def quantize(module, example_inputs, calibration_samples, spec, activations: str = "int8",
             dynamic_batch: bool = False):
    """Returns the PT2E-converted (fake-quantized) module, calibrated. dynamic_batch:
    the module takes any batch size, computing what the batch-1 module does per
    sample (the export itself is always batch 1).
    activations "int16": upstream's a16w8 configuration (16-bit symmetric
    activations, 8-bit per-channel weights), which the Ethos-U55 runs with 16-bit
    feature maps and 40-bit accumulators."""
    import torch
    from executorch.backends.arm.quantizer import (
        EthosUQuantizer, get_symmetric_a16w8_quantization_config, get_symmetric_quantization_config)
    from torchao.quantization.pt2e.quantize_pt2e import convert_pt2e, prepare_pt2e

    quantizer = EthosUQuantizer(spec)
    config = get_symmetric_a16w8_quantization_config() if activations == "int16" else get_symmetric_quantization_config()
    quantizer.set_global(config)
    captured = capture(module, example_inputs, dynamic_batch)
    try:
        prepared = prepare_pt2e(captured, quantizer)
        with torch.no_grad():
            for sample in calibration_samples:
                prepared(*sample)
        return convert_pt2e(prepared)
    except Exception as e:
        raise ExportError(f"quantization failed: {type(e).__name__}: {_first_line(e)}",
                          "check that the model runs on the calibration data in float "
                          "(`ember --debug export ...` shows where it failed)") from e


def _explicit_pool_strides(graph_module) -> None:
    """`max_pool2d(x, 2)` leaves its stride out (it defaults to the kernel size),
    and upstream's Ethos-U partitioner reads it as an argument that must be there
    (pool_2d_support: IndexError, the whole lowering fails). Writing the default
    out changes nothing the pool computes."""
    import torch

    pools = (torch.ops.aten.max_pool2d.default, torch.ops.aten.avg_pool2d.default,
             torch.ops.aten.max_pool2d_with_indices.default)
    changed = False
    for node in graph_module.graph.nodes:
        if node.op == "call_function" and node.target in pools and (len(node.args) < 3 or not node.args[2]):
            node.args = (node.args[0], node.args[1], list(node.args[1]), *node.args[3:])
            changed = True
    if changed:
        graph_module.recompile()


def _fold_constants(edge):
    """Computes at export what depends only on weights: to_edge decomposes a float
    Linear into permute_copy(weight) + addmm, and the CPU would transpose every
    weight matrix at every inference (most of a small MLP's instructions)."""
    from executorch.exir import EdgeProgramManager
    from executorch.exir.passes.constant_prop_pass import constant_prop_pass

    folded = {name: constant_prop_pass(edge.exported_program(name)) for name in edge.methods}
    return EdgeProgramManager(folded, compile_config=edge.compile_config)


def lower(module, example_inputs, target: Target, spec, io: str, passes=None, pass_log=None):
    """Lowers a module (already quantized for NPU targets). Returns the program
    and where each operator of the graph went (NPU or CPU).
    passes: names of ember's graph passes to run (ember.export.passes; NPU
    targets only), pass_log: where they record what fired. NPU programs record
    the memories Vela compiled them for (npu_memory.py)."""
    import torch

    from . import passes as ember_passes
    from executorch.exir import ExecutorchBackendConfig, to_edge_transform_and_lower

    try:
        exported = torch.export.export(module, example_inputs)
    except Exception as e:
        raise ExportError(f"the model does not trace with torch.export: {_first_line(e)}",
                          "make forward() traceable (no data-dependent Python control flow); "
                          "`ember --debug export ...` shows where") from None

    partitioners, edge_passes, backend_passes = [], [], contextlib.nullcontext()
    constants = None
    if target.accelerator:
        _explicit_pool_strides(exported.graph_module)
        from executorch.backends.arm.ethosu import EthosUPartitioner
        partitioners.append(EthosUPartitioner(spec))
        constants = npu_memory.memory_constants(spec.compiler_flags)
        log = pass_log if pass_log is not None else ember_passes.PassLog()
        edge_passes = ember_passes.edge_passes(log, passes)
        backend_passes = ember_passes.backend_passes(
            log, passes, constants_in_flash=npu_memory.memory_mode(spec.compiler_flags) != "Sram_Only")
    try:
        with _quiet_stdout(), backend_passes:
            edge = to_edge_transform_and_lower(exported, transform_passes=edge_passes or None,
                                               partitioner=partitioners, constant_methods=constants)
    except Exception as e:
        raise ExportError(f"lowering failed (an operator no backend can take?): {type(e).__name__}: {_first_line(e)}",
                          "try --target portable to see whether the model lowers at all; "
                          "`ember --debug export ...` shows where") from None

    if not target.accelerator:
        edge = _fold_constants(edge)
    nodes = node_placement(edge.exported_program().graph_module)
    io_quantization = {}
    if io != "float":
        io_quantization = _make_io_integer(edge, len(example_inputs))
    try:
        program = edge.to_executorch(ExecutorchBackendConfig(extract_delegate_segments=False))
    except Exception as e:
        missing = re.search(r"Missing out variants: \{(.*)\}", str(e))
        if missing:
            raise ExportError(f"no backend can take operator {missing.group(1)}: the NPU partitioner "
                              "declined it and it has no CPU (out-variant) kernel",
                              "replace the operator in the model, or try another --target") from None
        raise ExportError(f"writing the program failed: {type(e).__name__}: {_first_line(e)}",
                          "`ember --debug export ...` shows where; report it with the model") from None
    if io != "float":  # the I/O q/dq ops are gone from the CPU side
        nodes = [n for n in nodes if n["placement"] == "NPU" or "quantize_per_tensor" not in n["name"]]
    return Lowered(pte=program.buffer, io_quantization=io_quantization), nodes


def node_placement(graph_module) -> list[dict]:
    """Each call in the edge graph: inside a delegate (NPU) or left to the CPU."""
    from executorch.exir.delegate import executorch_call_delegate

    nodes = []
    for node in graph_module.graph.nodes:
        if node.op != "call_function" or node.target.__name__ == "getitem":
            continue
        if node.target is executorch_call_delegate:
            lowered = getattr(graph_module, node.args[0].target)
            for inner in lowered.original_module.graph.nodes:
                if inner.op == "call_function" and inner.target.__name__ != "getitem":
                    nodes.append({"name": _op_name(inner.target), "placement": "NPU"})
        else:
            nodes.append({"name": _op_name(node.target), "placement": "CPU"})
    return nodes


def _op_name(target) -> str:
    name = getattr(target, "_name", None) or str(target)
    return name.replace("aten::", "aten.").replace("::", ".")


def _make_io_integer(edge, input_count: int) -> dict:
    """Upstream's QuantizeInputs/QuantizeOutputs: the program takes and returns
    the activations' integer type (int8, or int16 with a16w8), and stores each
    I/O's parameters as constant methods (input0_scale, ...)."""
    from executorch.exir.passes.quantize_io_pass import QuantizeInputs, QuantizeOutputs

    output_count = len(edge.exported_program().graph_signature.user_outputs)
    inputs = QuantizeInputs(edge, list(range(input_count)))
    outputs = QuantizeOutputs(edge, list(range(output_count)))
    try:
        edge.transform([inputs, outputs])
    except ValueError as e:
        raise ExportError(f"integer --io needs every input to feed a quantize op and every output "
                          f"to come from a dequantize op: {e}", "give --io float") from None
    result = {}
    for prefix, args in [("input", inputs.quant_args), ("output", outputs.dequant_args)]:
        for index, (scale, zero_point, qmin, qmax, dtype) in sorted(args.items()):
            result[f"{prefix}{index}"] = {
                "scale": float(scale), "zero_point": int(zero_point),
                "quant_min": int(qmin), "quant_max": int(qmax), "dtype": str(dtype).replace("torch.", ""),
            }
    return result


@contextlib.contextmanager
def _quiet_stdout():
    """Vela prints its own summary on stdout (from Python and from C++): keep it
    out of ember's report; it is shown only if EMBER_VERBOSE is set."""
    if os.environ.get("EMBER_VERBOSE"):
        yield
        return
    sys.stdout.flush()
    saved = os.dup(1)
    with tempfile.TemporaryFile() as sink:
        os.dup2(sink.fileno(), 1)
        try:
            yield
        finally:
            sys.stdout.flush()
            os.dup2(saved, 1)
            os.close(saved)


def _first_line(e: Exception) -> str:
    text = str(e).strip()
    return text.splitlines()[0] if text else type(e).__name__
