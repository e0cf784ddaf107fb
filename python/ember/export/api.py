"""export_model(): the whole export as one call, for the CLI and for tests."""

import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from . import cortex_m, kernel_check, passes as ember_passes, pipeline, placement, pte_summary, report, vela
from .errors import ExportError
from .targets import MEMORY_MODES, e8_vela_config, get_target


@dataclass
class ExportResult:
    pte: bytes
    report: dict
    quantized_module: object  # the PT2E-converted module (None for float targets)
    keep_dir: str | None


def export_model(module, example_inputs, target: str = "e8-he", *, calibration=None,
                 io: str = "float", memory_mode: str = "auto", system_config: str | None = None,
                 config_ini: str | None = None, keep_dir: str | None = None,
                 model_name: str = "model", output_name: str = "", activations: str = "int8",
                 passes=None, pass_savings: bool = False, io_layout: str = "nchw",
                 progress=None) -> ExportResult:
    """calibration: list of input tuples (None: the example inputs).
    passes: names of ember's graph passes to run before Vela (None: all of them,
    empty: upstream's lowering as is). pass_savings: also lower without each pass
    that fired, and without any, and report the cycles each saved (NPU targets);
    progress(message) hears of each of those lowerings (they take as long as the first).
    io_layout: nchw, or nhwc (NPU targets): 4-D inputs and outputs are channels-last
    in memory (dim order 0, 2, 3, 1 in the program), so the NPU needs no transpose
    at the program's boundary.
    keep_dir: keep the TOSA graph Vela compiled and Vela's outputs there.
    activations: int8, or int16 (a16w8: 16-bit activations, 8-bit weights; NPU targets);
    io: float, or the activation type (int8 / int16) for integer I/O."""
    started = time.monotonic()
    tgt = get_target(target)
    if activations not in ("int8", "int16"):
        raise ExportError(f"unknown --activations '{activations}'", "choose int8 or int16")
    if activations == "int16" and not tgt.accelerator:
        raise ExportError(f"--activations int16 needs an Ethos-U target, not {tgt.name}",
                          "choose --target e8-he, e8-hp or e8-hp-u85")
    if io not in ("float", "int8", "int16"):
        raise ExportError(f"unknown --io '{io}'", "choose float, int8 or int16")
    if io != "float" and io != activations:
        raise ExportError(f"--io {io} needs --activations {io} (the I/O takes the activations' type)",
                          f"add --activations {io}, or give --io float")
    if io != "float" and not tgt.quantize:
        raise ExportError(f"--io {io} needs a quantized target, not {tgt.name}",
                          "choose an Ethos-U or e8-he-cpu target, or give --io float")
    if memory_mode != "auto" and memory_mode not in MEMORY_MODES:
        raise ExportError(f"unknown memory mode '{memory_mode}'", f"choose auto, {', '.join(MEMORY_MODES)}")
    unknown = sorted(set(passes or ()) - set(ember_passes.names()))
    if unknown:
        raise ExportError(f"unknown pass {', '.join(unknown)}", f"choose from {', '.join(ember_passes.names())}")
    if io_layout not in ("nchw", "nhwc"):
        raise ExportError(f"unknown --io-layout '{io_layout}'", "choose nchw or nhwc")
    if io_layout == "nhwc" and not tgt.accelerator:
        raise ExportError(f"--io-layout nhwc needs an Ethos-U target, not {tgt.name}",
                          "choose --target e8-he, e8-hp or e8-hp-u85, or leave out --io-layout")
    module = module.eval()
    samples = calibration if calibration is not None else [tuple(example_inputs)]
    if io_layout == "nhwc":
        module, example_inputs, samples = _channels_last(module, example_inputs, samples)

    with tempfile.TemporaryDirectory(prefix="ember-export-") as tmp:
        work = Path(keep_dir) if keep_dir else Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        if tgt.cortex_m:
            quantized = cortex_m.quantize(module, example_inputs, samples)
            lowered, nodes = cortex_m.lower(quantized, example_inputs, io)
            result_report = _report(tgt, model_name, output_name, lowered, nodes, None, None)
        elif not tgt.accelerator:
            lowered, nodes = pipeline.lower(module, example_inputs, tgt, None, io)
            result_report = _report(tgt, model_name, output_name, lowered, nodes, None, None)
            quantized = None
        else:
            config_ini = config_ini or e8_vela_config()
            system_config = system_config or tgt.system_config
            first_mode = "Sram_Only" if memory_mode == "auto" else memory_mode
            lowering_dir = work / "lowering"
            spec = pipeline.compile_spec(tgt, first_mode, system_config, config_ini, str(lowering_dir))
            quantized = pipeline.quantize(module, example_inputs, samples, spec, activations)
            log = ember_passes.PassLog()
            lowered, nodes = pipeline.lower(quantized, example_inputs, tgt, spec, io, passes, log)

            tosa_files = sorted(lowering_dir.glob("output_tag*.tosa"))
            modes = MEMORY_MODES if memory_mode == "auto" else (memory_mode,)
            estimates = {m: _estimate_all(tosa_files, tgt, config_ini, system_config, m, work)
                         for m in modes}
            chosen = placement.choose(estimates, tgt) if memory_mode == "auto" else memory_mode
            reason = ("fastest placement that fits (auto)" if memory_mode == "auto"
                      else "chosen with --memory-mode")
            if chosen != first_mode:
                lowering_dir = work / "lowering_final"
                spec = pipeline.compile_spec(tgt, chosen, system_config, config_ini, str(lowering_dir))
                log = ember_passes.PassLog()
                lowered, nodes = pipeline.lower(quantized, example_inputs, tgt, spec, io, passes, log)
            priced, declined = sorted(set(log.fired) & ember_passes.PRICED_BY_VELA), []
            lowered_cycles = {}  # passes -> Vela cycles of a lowering already run (for the report's savings)
            if priced:
                # Kept only where Vela's estimate says they pay on this program.
                if chosen != first_mode:
                    estimates[chosen] = _estimate_all(sorted(lowering_dir.glob("output_tag*.tosa")), tgt, config_ini,
                                                      system_config, chosen, work / "vela_final")
                others = [p for p in (ember_passes.names() if passes is None else passes) if p not in priced]
                other_dir = work / "lowering_unpriced"
                other_spec = pipeline.compile_spec(tgt, chosen, system_config, config_ini, str(other_dir))
                other_log = ember_passes.PassLog()
                other = pipeline.lower(quantized, example_inputs, tgt, other_spec, io, others, other_log)
                other_estimate = _estimate_all(sorted(other_dir.glob("output_tag*.tosa")), tgt, config_ini,
                                               system_config, chosen, work / "vela_unpriced")
                lowered_cycles[frozenset(others)] = other_estimate.total_cycles
                if other_estimate.total_cycles <= estimates[chosen].total_cycles:
                    (lowered, nodes), log, estimates[chosen] = other, other_log, other_estimate
                    declined, lowering_dir = priced, other_dir
            if lowering_dir != work / "lowering":  # the program's own TOSA graph where --keep readers look
                shutil.rmtree(work / "lowering")
                lowering_dir.rename(work / "lowering")
            result_report = _report(tgt, model_name, output_name, lowered, nodes,
                                    estimates, (chosen, reason, system_config, config_ini))
            enabled = ember_passes.names() if passes is None else list(passes)
            result_report["passes"] = {"enabled": enabled, "fired": dict(log.fired), "not_kept": declined}
            if pass_savings:
                def cycles_with(subset, name):
                    lowering = work / f"lowering_{name}"
                    spec = pipeline.compile_spec(tgt, chosen, system_config, config_ini, str(lowering))
                    pipeline.lower(quantized, example_inputs, tgt, spec, io, subset)
                    return _estimate_all(sorted(lowering.glob("output_tag*.tosa")), tgt, config_ini,
                                         system_config, chosen, work / f"vela_{name}").total_cycles
                kept = [p for p in enabled if p not in declined]
                result_report["passes"].update(_savings(cycles_with, kept, log.fired,
                                                        result_report["estimate"]["total_cycles"], progress,
                                                        lowered_cycles))
        result_report["activations"] = activations
        result_report["io_layout"] = io_layout
        result_report["export_seconds"] = round(time.monotonic() - started, 1)
        return ExportResult(lowered.pte, result_report, quantized, str(work) if keep_dir else None)


def _channels_last(module, example_inputs, samples):
    """A copy of the module and every 4-D input in channels-last memory:
    torch.export records that layout as the program's dim order, and upstream's
    Arm backend then feeds the NPU without a transpose. Values are unchanged.
    The caller's module keeps its layout (Module.to converts in place, and a
    channels-last module gives upstream's lowering another graph)."""
    import copy

    import torch

    def nhwc(inputs):
        return tuple(x.contiguous(memory_format=torch.channels_last) if getattr(x, "ndim", 0) == 4 else x
                     for x in inputs)

    if not any(getattr(x, "ndim", 0) == 4 for x in example_inputs):
        raise ExportError("--io-layout nhwc needs a 4-D (image) input; this model has none", "leave out --io-layout")
    return (copy.deepcopy(module).to(memory_format=torch.channels_last), nhwc(example_inputs),
            [nhwc(sample) for sample in samples])


def _savings(cycles_with, enabled, fired, cycles, progress=None, lowered_cycles=None) -> dict:
    """Vela cycles of upstream's lowering (no pass) and, for each pass that
    fired, the cycles the program needs without it less what it needs now.
    lowered_cycles: cycles of lowerings the export already ran, by their passes
    (frozenset), not run again."""
    say = progress or (lambda message: None)
    known = dict(lowered_cycles or {})
    if not fired:
        return {"upstream_cycles": cycles, "cycles": cycles, "saved_cycles": {}}
    needed = [([], "any pass", "upstream")] + [([p for p in enabled if p != name], name, f"without_{name}")
                                             for name in fired]
    to_run = [lowering for lowering in needed if frozenset(lowering[0]) not in known]
    for i, (subset, what, label) in enumerate(to_run, start=1):
        say(f"report: lowering again without {what} ({i} of {len(to_run)}) ...")
        known[frozenset(subset)] = cycles_with(subset, label)
    upstream = known[frozenset()]
    saved = {name: known[frozenset(p for p in enabled if p != name)] - cycles for name in fired}
    return {"upstream_cycles": upstream, "cycles": cycles, "saved_cycles": saved}


def _estimate_all(tosa_files, tgt, config_ini, system_config, mode, work) -> vela.VelaEstimate:
    """One estimate for the whole program: the sum over its delegated partitions."""
    if not tosa_files:
        return vela.VelaEstimate(mode, 0, 0, 0, 0, [])
    parts = [vela.estimate(str(f), tgt.accelerator, config_ini, system_config, mode,
                           str(work / f.stem)) for f in tosa_files]
    return vela.VelaEstimate(
        memory_mode=mode,
        total_cycles=sum(p.total_cycles for p in parts),
        npu_cycles=sum(p.npu_cycles for p in parts),
        sram_bytes=max(p.sram_bytes for p in parts),
        flash_bytes=sum(p.flash_bytes for p in parts),
        layers=[layer for p in parts for layer in p.layers],
    )


def _report(tgt, model_name, output_name, lowered, nodes, estimates, chosen_info) -> dict:
    summary = pte_summary.summarize(lowered.pte)
    forward = summary["methods"][0] if summary["methods"] else {}
    delegates = forward.get("delegates", [])
    sizes = {
        "pte": summary["pte_bytes"],
        "command_stream": sum(d["command_stream_bytes"] for d in delegates),
        "weights": sum(d["weight_bytes"] for d in delegates),
        "scratch": max((d["scratch_bytes"] for d in delegates), default=0),
        "planned_buffers": sum(forward.get("planned_buffer_bytes", [])),
    }
    out = {
        "model": model_name,
        "output": output_name,
        "target": {"name": tgt.name, "description": tgt.description,
                   "accelerator": tgt.accelerator, "npu_clock_mhz": tgt.npu_clock_hz / 1e6,
                   "macs_per_cycle": tgt.macs_per_cycle},
        "operators": {
            "npu": [n["name"] for n in nodes if n["placement"] == "NPU"],
            "cpu": [n["name"] for n in nodes if n["placement"] == "CPU"],
            "pte_cpu_kernels": forward.get("cpu_operators", []),
            "pte_delegates": [d["backend"] for d in delegates],
            "unbound_delegates": kernel_check.unbound_delegates(forward),
        },
        "sizes": sizes,
        "io_quantization": lowered.io_quantization,
        "pte_constant_methods": summary["constant_methods"],
        "versions": report.package_versions(),
    }
    kernel_check.annotate(out)
    if estimates is not None:
        mode, reason, system_config, config_ini = chosen_info
        est = estimates[mode]
        macs = sum(layer["macs"] for layer in est.layers)
        out["placement"] = {
            "memory_mode": mode, "reason": reason, "system_config": system_config,
            "vela_config": config_ini,
            "weights_in": "SRAM (copied from MRAM at boot)" if mode == "Sram_Only" else "MRAM (read in place)",
            "sram_bytes": est.sram_bytes, "mram_bytes": est.flash_bytes,
        }
        out["estimate"] = {
            "total_cycles": est.total_cycles, "npu_cycles": est.npu_cycles,
            "latency_ms": est.total_cycles / tgt.npu_clock_hz * 1e3,
            "macs": macs, "mac_bound_cycles": -(-macs // tgt.macs_per_cycle) if macs else 0,
            "layers": est.layers,
            "by_memory_mode": {m: e.total_cycles for m, e in estimates.items()},
        }
    return out
