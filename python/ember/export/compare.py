"""Which of the E8's NPUs suits a model: the same model exported for each of
them, side by side (Vela's latency estimate, what the CPU is left to run, the
memories the placement needs)."""

# The E8's three NPUs, each from the core Alif drives it from.
NPU_TARGETS = ("e8-he", "e8-hp", "e8-hp-u85")


def compare_targets(module, example_inputs, targets=NPU_TARGETS, **export_options) -> list[dict]:
    """One row per target, from that target's export report. export_options go
    to export_model (calibration, io, activations, memory_mode, ...); keep_dir
    gets one folder per target."""
    from .api import export_model

    keep_dir = export_options.pop("keep_dir", None)
    rows = []
    for name in targets:
        keep = f"{keep_dir}/{name}" if keep_dir else None
        report = export_model(module, example_inputs, name, keep_dir=keep, **export_options).report
        est, placement, ops = report["estimate"], report["placement"], report["operators"]
        rows.append({
            "target": name,
            "accelerator": report["target"]["accelerator"],
            "npu_clock_mhz": report["target"]["npu_clock_mhz"],
            "latency_ms": est["latency_ms"],
            "npu_cycles": est["total_cycles"],
            "npu_operators": len(ops["npu"]),
            "cpu_operators": ops["cpu"],
            "memory_mode": placement["memory_mode"],
            "sram_bytes": placement["sram_bytes"],
            "mram_bytes": placement["mram_bytes"],
            "pte_bytes": report["sizes"]["pte"],
        })
    return rows


def format_comparison(model_name: str, rows: list[dict]) -> str:
    lines = [f"ember export --target compare: {model_name}",
             f"{'target':10s} {'NPU':14s} {'latency':>10s} {'cycles':>9s} {'NPU ops':>7s} {'CPU ops':>7s} "
             f"{'placement':11s} {'SRAM B':>9s} {'MRAM B':>9s} {'.pte B':>9s}"]
    for r in rows:
        lines.append(f"{r['target']:10s} {r['accelerator']:14s} {r['latency_ms']:7.3f} ms {r['npu_cycles']:9d} "
                     f"{r['npu_operators']:7d} {len(r['cpu_operators']):7d} {r['memory_mode']:11s} "
                     f"{r['sram_bytes']:9d} {r['mram_bytes']:9d} {r['pte_bytes']:9d}")
    fastest = min(rows, key=lambda r: r["latency_ms"])
    fewest = min(len(r["cpu_operators"]) for r in rows)
    lines.append("")
    lines.append(f"fastest on the NPU: {fastest['target']} ({fastest['latency_ms']:.3f} ms, Vela's estimate "
                 "at each NPU's clock; CPU operators not included)")
    for r in rows:
        if len(r["cpu_operators"]) > fewest:
            lines.append(f"{r['target']} leaves to the CPU: {', '.join(r['cpu_operators'])}")
    return "\n".join(lines)
