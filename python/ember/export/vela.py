"""Running Vela on the TOSA graph the export produced, to estimate a placement."""

import csv
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ExportError


@dataclass
class VelaEstimate:
    memory_mode: str
    total_cycles: int
    npu_cycles: int
    sram_bytes: int  # arena (+ weights in Sram_Only)
    flash_bytes: int  # read-only data left in MRAM
    layers: list = field(default_factory=list)  # per-layer dicts


def vela_executable() -> str:
    return str(Path(sys.executable).with_name("vela"))


def require_vela() -> None:
    """Vela compiles for the NPU twice: upstream's backend imports it, ember runs
    its command for the placement estimates. Checked before anything is traced."""
    import importlib.util

    if importlib.util.find_spec("ethosu") is None or not Path(vela_executable()).is_file():
        raise ExportError("Vela (the ethos-u-vela package) is not installed in this Python environment",
                          "run scripts/setup.sh, or pip install ethos-u-vela==5.1.0")


def estimate(tosa_path: str, accelerator: str, config_ini: str, system_config: str,
             memory_mode: str, work_dir: str) -> VelaEstimate:
    out_dir = Path(work_dir) / f"vela_{memory_mode}"
    cmd = [vela_executable(), tosa_path, f"--accelerator-config={accelerator}",
           f"--config={config_ini}", f"--system-config={system_config}",
           f"--memory-mode={memory_mode}", "--output-format=raw",
           f"--output-dir={out_dir}", "--verbose-performance"]
    run = subprocess.run(cmd, capture_output=True, text=True)
    if run.returncode != 0:
        raise ExportError(f"vela failed for memory mode {memory_mode}",
                          "its output above says why; try another --memory-mode, or report it with the model",
                          detail=run.stderr or run.stdout)
    summary_files = list(out_dir.glob("*_summary_*.csv"))
    layer_files = list(out_dir.glob("*_per-layer.csv"))
    if not summary_files:
        raise ExportError(f"vela wrote no summary in {out_dir}",
                          "check the Vela installation (pip install ethos-u-vela==5.1.0, scripts/setup.sh)")
    with open(summary_files[0]) as f:
        summary = next(csv.DictReader(f))
    layers = []
    if layer_files:
        with open(layer_files[0]) as f:
            for row in csv.DictReader(f):
                layers.append({
                    "name": row["Name"].strip(),
                    "operator": row["Original Operator"].strip(),
                    "npu_operator": row["NNG Operator"].strip(),
                    "cycles": int(float(row["Op Cycles"])),
                    # Vela's split: the MAC/elementwise engine's cycles against the
                    # busiest memory's access cycles (memory-bound when larger).
                    "npu_cycles": int(float(row.get("NPU") or 0)),
                    "memory_cycles": max(int(float(row.get(c) or 0))
                                         for c in ("SRAM AC", "DRAM AC", "OnFlash AC", "OffFlash AC")),
                    "macs": int(float(row["MAC Count"])),
                    "mac_utilisation_percent": round(float(row["Util% (MAC)"]), 2),
                })
    kib = 1024
    return VelaEstimate(
        memory_mode=memory_mode,
        total_cycles=int(float(summary["cycles_total"])),
        npu_cycles=int(float(summary["cycles_npu"])),
        sram_bytes=int(float(summary["sram_memory_used"]) * kib),
        flash_bytes=int(float(summary["off_chip_flash_memory_used"]) * kib),
        layers=layers,
    )
