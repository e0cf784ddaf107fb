"""Export targets: one entry per target, the only place their facts live.

Memory budgets are settings taken from docs/e8-facts.md (unverified on a
board): the SRAM the NPU's arena (and, in Sram_Only, the weights) may use, and the
MRAM slot that holds the image.
"""

from dataclasses import dataclass
from importlib import resources

from .errors import ExportError

KIB = 1024
MIB = 1024 * KIB


@dataclass(frozen=True)
class Target:
    name: str
    description: str
    accelerator: str | None  # Vela accelerator config; None = no NPU
    system_config: str | None  # section of the Vela ini
    npu_clock_hz: float
    macs_per_cycle: int  # int8 MACs per NPU cycle
    sram_budget_bytes: int  # one 4 MB SRAM bank for the arena (+ weights in Sram_Only)
    mram_budget_bytes: int  # MRAM slot for the image, less a code reserve
    quantize: bool = True
    cortex_m: bool = False  # upstream's Cortex-M flow: int8 cortex_m:: ops on the M55, no NPU


# MRAM slots are 2 MB each by default (HE at 0x80000000, HP at 0x80200000); keep
# 256 KB of each for code, vectors and read-only data.
_MRAM_FOR_MODEL = 2 * MIB - 256 * KIB

TARGETS = {
    "e8-he": Target(
        name="e8-he",
        description="Alif E8 high-efficiency core: Cortex-M55 + Ethos-U55-128 @ 160 MHz",
        accelerator="ethos-u55-128",
        system_config="Alif_E8_HE",
        npu_clock_hz=160e6,
        macs_per_cycle=128,
        sram_budget_bytes=4 * MIB,
        mram_budget_bytes=_MRAM_FOR_MODEL,
    ),
    "e8-hp": Target(
        name="e8-hp",
        description="Alif E8 high-performance core: Cortex-M55 + Ethos-U55-256 @ 400 MHz",
        accelerator="ethos-u55-256",
        system_config="Alif_E8_HP",
        npu_clock_hz=400e6,
        macs_per_cycle=256,
        sram_budget_bytes=4 * MIB,
        mram_budget_bytes=_MRAM_FOR_MODEL,
    ),
    "e8-he-cpu": Target(
        name="e8-he-cpu",
        description="Alif E8 high-efficiency core without its NPU: int8 cortex_m:: operators on the Cortex-M55",
        accelerator=None,
        system_config=None,
        npu_clock_hz=0.0,
        macs_per_cycle=0,
        sram_budget_bytes=0,
        mram_budget_bytes=0,
        cortex_m=True,
    ),
    "portable": Target(
        name="portable",
        description="float program, no quantization, no delegate (portable CPU ops)",
        accelerator=None,
        system_config=None,
        npu_clock_hz=0.0,
        macs_per_cycle=0,
        sram_budget_bytes=0,
        mram_budget_bytes=0,
        quantize=False,
    ),
}

MEMORY_MODES = ("Shared_Sram", "Sram_Only")


def get_target(name: str) -> Target:
    try:
        return TARGETS[name]
    except KeyError:
        raise ExportError(
            f"unknown target '{name}': choose one of {', '.join(TARGETS)}"
        ) from None


def e8_vela_config() -> str:
    """Path of ember's Vela ini for the E8, shipped in the package."""
    return str(resources.files("ember").joinpath("config/e8.ini"))
