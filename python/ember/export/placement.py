"""Choosing where the model's weights live (Vela's memory mode).

`auto` estimates every placement with Vela under the E8 config and keeps the
fastest one that fits the target's memories; ties go to Shared_Sram, which leaves
SRAM free. The firmware must put the weights where the export assumed: the
choice is recorded in the report."""

from .errors import ExportError
from .targets import MEMORY_MODES, Target
from .vela import VelaEstimate


def fits(estimate: VelaEstimate, target: Target) -> bool:
    return (estimate.sram_bytes <= target.sram_budget_bytes
            and estimate.flash_bytes <= target.mram_budget_bytes)


def choose(estimates: dict[str, VelaEstimate], target: Target) -> str:
    candidates = [m for m in MEMORY_MODES if m in estimates and fits(estimates[m], target)]
    if not candidates:
        needs = ", ".join(f"{m}: SRAM {e.sram_bytes} B, MRAM {e.flash_bytes} B"
                          for m, e in estimates.items())
        raise ExportError(f"the model fits no placement on {target.name} (SRAM budget "
                          f"{target.sram_budget_bytes} B, MRAM budget {target.mram_budget_bytes} B): {needs}",
                          "make the model smaller (fewer or narrower layers)")
    return min(candidates, key=lambda m: (estimates[m].total_cycles, MEMORY_MODES.index(m)))
