"""The export report: a table for people, JSON for tools."""

import json
import math
from importlib import metadata

PACKAGES = ("torch", "executorch", "ethos-u-vela", "tosa-tools", "torchao")


def package_versions() -> dict:
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def placement_of_nodes(edge_nodes: list[dict]) -> dict:
    npu = [n["name"] for n in edge_nodes if n["placement"] == "NPU"]
    cpu = [n["name"] for n in edge_nodes if n["placement"] == "CPU"]
    return {"npu": npu, "cpu": cpu}


def format_table(report: dict) -> str:
    lines = []
    t = report["target"]
    lines.append(f"ember export: {report['model']} -> {report['output']}")
    lines.append(f"target       {t['name']}: {t['description']}")
    if report.get("placement"):
        p = report["placement"]
        lines.append(f"placement    {p['memory_mode']} ({p['reason']})")
    ops = report["operators"]
    lines.append(f"operators    {len(ops['npu'])} on the NPU, {len(ops['cpu'])} on the CPU")
    for name in ops["cpu"]:
        lines.append(f"  CPU  {name}")
    if ops.get("cpu_kernels"):
        lines.append("CPU operators in the program:")
        for k in ops["cpu_kernels"]:
            lines.append(f"  {k['name']:48s} has kernel: {'yes' if k['has_kernel'] else 'no'}")
    est = report.get("estimate")
    if est:
        lines.append("")
        lines.append(f"{'layer':40s} {'operator':16s} {'cycles':>9s} {'MACs':>10s} {'MAC util':>8s}")
        for layer in est["layers"]:
            lines.append(f"{layer['name'][:40]:40s} {layer['operator'][:16]:16s} "
                         f"{layer['cycles']:9d} {layer['macs']:10d} {layer['mac_utilisation_percent']:7.1f}%")
        lines.append(f"{'total (Vela estimate)':57s} {est['total_cycles']:9d} {est['macs']:10d}")
        lines.append(f"latency      {est['latency_ms']:.3f} ms at {t['npu_clock_mhz']:.0f} MHz "
                     f"(MAC-bound minimum {est['mac_bound_cycles']} cycles)")
        for mode, cycles in est["by_memory_mode"].items():
            lines.append(f"  {mode:12s} {cycles:9d} cycles")
    lines += _passes_lines(report.get("passes"))
    s = report["sizes"]
    lines.append("")
    lines.append("sizes (bytes)  " + ", ".join(f"{k} {v}" for k, v in s.items()))
    if report.get("io_quantization"):
        for name, q in report["io_quantization"].items():
            lines.append(f"{name:8s} int8: scale {q['scale']:.9g}, zero point {q['zero_point']}")
    lines.append("versions     " + ", ".join(f"{k} {v}" for k, v in report["versions"].items()))
    return "\n".join(lines)


def _passes_lines(passes) -> list[str]:
    if passes is None:
        return []
    if not passes["enabled"]:
        return ["passes       none (upstream's lowering as is)"]
    fired = passes["fired"]
    lines = [f"passes       {len(fired)} of {len(passes['enabled'])} fired"
             + (f"; upstream's lowering needs {passes['upstream_cycles']} cycles, this one "
                f"{passes['cycles']} ({passes['cycles'] / passes['upstream_cycles']:.3f}x)"
                if "upstream_cycles" in passes else "")]
    for name, rewrites in fired.items():
        saved = passes.get("saved_cycles", {}).get(name)
        lines.append(f"  {name:32s} {rewrites:3d} rewrites" + (f", saves {saved} cycles" if saved is not None else ""))
    for name in passes.get("not_kept", []):
        lines.append(f"  {name:32s} fired, not kept: Vela estimates the program faster without it")
    return lines


def write_json(report: dict, path: str) -> None:
    """Strict JSON: a NaN or infinity (which JSON cannot hold) is written as null."""
    with open(path, "w") as f:
        json.dump(finite(report), f, indent=2, allow_nan=False)
        f.write("\n")


def finite(value):
    """value with every non-finite float replaced by None, containers walked."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    return value
