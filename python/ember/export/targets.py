"""Export targets: one entry per target. The E8 targets' NPU size and clock
and their memory budgets come from the boards' board.json (src/platform/
alif-e8-he|hp, each fact with its public source; docs/e8-facts.md), the one
place those facts live: the SRAM the NPU's arena (and, in Sram_Only, the
weights) may use is SRAM1, the bank the NPU reaches (npu.reaches), and the
MRAM slot holds the image.
"""

from dataclasses import dataclass
from importlib import resources

from ember.firmware import boards

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
    sram_budget_bytes: int  # the SRAM bank for the arena (+ weights in Sram_Only)
    mram_budget_bytes: int  # MRAM slot for the image, less a code reserve
    quantize: bool = True
    cortex_m: bool = False  # upstream's Cortex-M flow: int8 cortex_m:: ops on the M55, no NPU


# Of each core's MRAM slot, keep 256 KB for code, vectors and read-only data.
_MRAM_CODE_RESERVE = 256 * KIB


def _e8_target(name: str, board_name: str, kind: str, system_config: str) -> Target:
    board = boards.load(board_name)
    npu, regions = board["npu"], board["regions"]
    return Target(
        name=name,
        description=f"Alif E8 {kind} core: Cortex-M55 + Ethos-U55-{npu['macs']} @ {npu['clock_hz'] / 1e6:.0f} MHz",
        accelerator=f"ethos-u55-{npu['macs']}",
        system_config=system_config,
        npu_clock_hz=float(npu["clock_hz"]),
        macs_per_cycle=npu["macs"],
        sram_budget_bytes=regions["sram1"]["length"],
        mram_budget_bytes=regions["mram"]["length"] - _MRAM_CODE_RESERVE,
    )


def _e8_u85_target() -> Target:
    """The E8's Ethos-U85, driven from the HP core (board.json's npu_u85); its
    memory budgets are the HP core's, as for the HP core's U55."""
    board = boards.load("alif-e8-hp")
    npu, regions = board["npu_u85"], board["regions"]
    return Target(
        name="e8-hp-u85",
        description=f"Alif E8 high-performance core driving the Ethos-U85-{npu['macs']} @ {npu['clock_hz'] / 1e6:.0f} MHz",
        accelerator=f"ethos-u85-{npu['macs']}",
        system_config="Alif_E8_HP_U85",
        npu_clock_hz=float(npu["clock_hz"]),
        macs_per_cycle=npu["macs"],
        sram_budget_bytes=regions["sram1"]["length"],
        mram_budget_bytes=regions["mram"]["length"] - _MRAM_CODE_RESERVE,
    )


TARGETS = {
    "e8-he": _e8_target("e8-he", "alif-e8-he", "high-efficiency", "Ethos_U55_Alif_E8_HE"),
    "e8-hp": _e8_target("e8-hp", "alif-e8-hp", "high-performance", "Ethos_U55_Alif_E8_HP"),
    "e8-hp-u85": _e8_u85_target(),
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
        raise ExportError(f"unknown target '{name}'", f"choose one of {', '.join(TARGETS)}") from None


def e8_vela_config() -> str:
    """Path of ember's Vela ini for the E8, shipped in the package."""
    return str(resources.files("ember").joinpath("config/e8.ini"))
