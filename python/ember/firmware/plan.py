"""The memory plan of a runner image: every pool sized from what the program
needs (measured by one host run of the same runtime code, whose 64-bit
structures are never smaller than the M55's), each placed in the first region
that fits, in the order DTCM, SRAM0, SRAM1, among the regions every reader of
the pool reaches: what the NPU reads (its scratch, which holds its inputs and
outputs, and a copy of the weights) only where the board's npu.reaches says
the NPU gets to (on the E8: DTCM by its global alias, SRAM1, never SRAM0).
Too big a model fails here, with a table of what each region needs and has,
not in the linker."""

import json
from dataclasses import dataclass, field

from . import boards

# Pools that the CPU touches often go first to the fastest memory.
REGION_ORDER = ("dtcm", "sram0", "sram1")
# Pools the NPU reads: the temp pool holds its scratch (inputs and outputs are
# copied in and out of it), the model copy its command stream and weights.
NPU_READ_POOLS = ("temp", "model copy")
ALIGN = 16


class PlanError(Exception):
    pass


@dataclass
class Needs:
    model_bytes: int
    method_allocator: int
    temp: int
    planned: list[int]
    model_in_sram: bool = False
    # The simulated NPU's scratch (QEMU), from the host run of the same streams: the
    # most decoded weights one operation holds, the largest Ethos-U85 chained result.
    npu_weights: int = 0
    npu_chain: int = 0


@dataclass
class Pool:
    name: str
    symbol: str
    bytes: int
    region: str = ""

    @property
    def npu_reads(self) -> bool:
        return self.name in NPU_READ_POOLS

    @property
    def readers(self) -> str:
        return "CPU, NPU" if self.npu_reads else "CPU"


@dataclass
class Plan:
    board: dict
    pools: list[Pool]
    capacity: dict = field(default_factory=dict)

    def used(self, region: str) -> int:
        return sum(_aligned(p.bytes) for p in self.pools if p.region == region)

    def table(self) -> str:
        return region_table(self.capacity, self.pools)

    def readers_table(self) -> str:
        """Who reads each pool, and where it went."""
        lines = [f"{'pool':12} {'bytes':>10}  {'region':6} read by"]
        lines += [f"{p.name:12} {p.bytes:>10}  {p.region:6} {p.readers}" for p in self.pools]
        return "\n".join(lines)


def npu_reaches(board: dict, region: str) -> bool:
    """The board's setting npu.reaches.<region> (board.json, with its source)."""
    return bool(board.get("npu", {}).get("reaches", {}).get(region, False))


def allowed_regions(pool: Pool, board: dict) -> tuple:
    """Where a pool may go: the model copy never in DTCM (it is large and read
    in bursts), an NPU-read pool only where the NPU reaches."""
    order = REGION_ORDER if pool.name != "model copy" else ("sram0", "sram1")
    return tuple(r for r in order if not pool.npu_reads or npu_reaches(board, r))


def reach_violations(plan: "Plan") -> list:
    """Every NPU-read pool placed where the board says the NPU does not reach."""
    return [f"{p.name} ({p.bytes} bytes, read by the NPU) is in {p.region.upper()}, which the NPU of "
            f"{plan.board['name']} does not reach (board.json npu.reaches.{p.region})"
            for p in plan.pools if p.npu_reads and not npu_reaches(plan.board, p.region)]


def _aligned(n: int) -> int:
    return (n + ALIGN - 1) // ALIGN * ALIGN


def capacities(board: dict) -> dict:
    """Bytes each region offers the pools: its length minus what the board reserves."""
    regions, reserved = board["regions"], board.get("reserved", {})
    out = {}
    for name in REGION_ORDER:
        if name in regions:
            taken = sum(v for k, v in reserved.items() if k.startswith(name + "_"))
            out[name] = max(0, regions[name]["length"] - taken)
    return out


def pools_for(needs: Needs, board: dict) -> list[Pool]:
    pools = [Pool("method", "g_pool_method", needs.method_allocator)]
    pools += [Pool(f"planned {i}", f"g_pool_planned_{i}", n) for i, n in enumerate(needs.planned)]
    pools.append(Pool("temp", "g_pool_temp", needs.temp))
    if needs.model_in_sram:
        pools.append(Pool("model copy", "g_pool_model", needs.model_bytes))
    if boards.simulated_npu(board):
        pools.append(Pool("npu weights", "g_pool_npu_weights", needs.npu_weights))
        if needs.npu_chain:
            pools.append(Pool("npu chain", "g_pool_npu_chain", needs.npu_chain))
    for p in pools:
        p.bytes = max(p.bytes, ALIGN)
    return pools


def make(needs: Needs, board: dict) -> Plan:
    capacity = capacities(board)
    pools = pools_for(needs, board)
    free = dict(capacity)
    unplaced = []
    # Hot and small first (method state, activations), then the large ones.
    for pool in pools:
        for region in allowed_regions(pool, board):
            if region in free and _aligned(pool.bytes) <= free[region]:
                pool.region = region
                free[region] -= _aligned(pool.bytes)
                break
        else:
            unplaced.append(pool)
    if unplaced:
        names = ", ".join(f"{p.name} ({p.bytes} bytes) read by {p.readers}, which may go to "
                          f"{', '.join(allowed_regions(p, board)) or 'no region'}" for p in unplaced)
        raise PlanError(f"the model does not fit {board['name']}: no region has room for {names}\n"
                        + region_table(capacity, pools))
    return Plan(board, pools, capacity)


def pool_addresses(plan: Plan) -> dict:
    """Where each pool lands in an E8 image (src/platform/alif-e8/linker.ld, which
    sorts the pools' sections by name, i.e. in plan order): a region's pools from its
    origin, in DTCM after the room board.json reserves for .data/.bss and the heap
    (the stack is at the top). `ember build` checks the image's symbols against it."""
    reserved = plan.board.get("reserved", {})
    addresses = {}
    for region in REGION_ORDER:
        if region not in plan.board["regions"]:
            continue
        at = plan.board["regions"][region]["origin"] + sum(
            v for k, v in reserved.items() if k.startswith(region + "_") and k != f"{region}_stack")
        for p in plan.pools:
            if p.region == region:
                addresses[p.name] = at
                at += _aligned(p.bytes)
    return addresses


def region_table(capacity: dict, pools: list[Pool]) -> str:
    lines = [f"{'region':8} {'has':>10} {'needs':>10}  pools"]
    for region, has in capacity.items():
        placed = [p for p in pools if p.region == region]
        need = sum(_aligned(p.bytes) for p in placed)
        lines.append(f"{region:8} {has:>10} {need:>10}  " + ", ".join(f"{p.name} {p.bytes}" for p in placed))
    unplaced = [p for p in pools if not p.region]
    if unplaced:
        lines.append(f"{'(none)':8} {'':>10} {sum(_aligned(p.bytes) for p in unplaced):>10}  "
                     + ", ".join(f"{p.name} {p.bytes}" for p in unplaced))
    return "\n".join(lines)


def header(plan: Plan, model_name: str, repeat: int = 1, etdump: bool = False) -> str:
    """ember_plan.h: the pools as arrays in the board's named NOLOAD sections;
    etdump: the runner prints the first inference's events (console_etdump.h)."""
    by_name = {p.name: p for p in plan.pools}
    planned = [p for p in plan.pools if p.name.startswith("planned ")]
    out = ["// Generated by `ember build`: the memory plan of this image. Do not edit.",
           "#pragma once", "#include <cstddef>", "#include <cstdint>", "",
           f"#define EMBER_PLAN_SIMULATED_NPU {1 if 'npu weights' in by_name else 0}",
           f"#define EMBER_PLAN_NPU_U85 {1 if plan.board.get('npu', {}).get('product') == 'Ethos-U85' else 0}",
           f"#define EMBER_PLAN_ETDUMP {1 if etdump else 0}", "",
           "namespace ember::runner::plan {", "",
           f"constexpr const char* kModelName = {json.dumps(model_name)};",  # a valid C string, quotes and all
           f"constexpr uint32_t kRepeat = {max(1, repeat)};  // inferences per case, timed together", ""]
    # One input section per pool, named in plan order: the linker sorts them by name (pool_addresses).
    for i, p in enumerate(plan.pools):
        out.append(f'alignas(16) __attribute__((section(".ember_pool_{p.region}.{i:02d}"))) uint8_t {p.symbol}[{p.bytes}];'
                   f"  // {p.name}")
    out += ["",
            "inline uint8_t* const kMethodPool = g_pool_method;",
            "constexpr size_t kMethodPoolBytes = sizeof(g_pool_method);",
            "inline uint8_t* const kTempPool = g_pool_temp;",
            "constexpr size_t kTempPoolBytes = sizeof(g_pool_temp);",
            f"constexpr size_t kPlannedBufferCount = {len(planned)};",
            "inline uint8_t* const kPlannedBuffers[] = {" + (", ".join(p.symbol for p in planned) or "nullptr") + "};",
            "constexpr size_t kPlannedBufferBytes[] = {" + (", ".join(str(p.bytes) for p in planned) or "0") + "};",
            "inline uint8_t* const kModelCopy = " + ("g_pool_model" if "model copy" in by_name else "nullptr") + ";",
            "inline uint8_t* const kNpuChain = " + ("g_pool_npu_chain" if "npu chain" in by_name else "nullptr") + ";",
            f"constexpr size_t kNpuChainBytes = {by_name['npu chain'].bytes if 'npu chain' in by_name else 0};",
            "",
            "struct Pool {", "  const char* name;", "  uint8_t* data;", "  size_t bytes;", "  const char* region;", "};",
            "inline const Pool kPools[] = {"]
    out += [f'    {{"{p.name}", {p.symbol}, sizeof({p.symbol}), "{p.region}"}},' for p in plan.pools]
    out += ["};", "", "}  // namespace ember::runner::plan", ""]
    return "\n".join(out)
