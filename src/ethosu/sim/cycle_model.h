// Cycle estimate per operation, following Vela 5.1's Ethos-U55 performance
// model (regor: ethos_u55_performance.cpp, network_performance.cpp) from what
// the command stream tells: block sizes, kernel, strides, feature-map shapes,
// precisions and layouts, weight and scale stream lengths, and the memory each
// access goes to (REGION fields -> memory, as the system description maps them).
// Computed once per operation from the registers, never per element.
// Compared with Vela's per-layer estimate in bench/cycle_model_vs_vela.py.
#pragma once
#include <cstdint>

#include "ethosu/regs/command_stream.h"
#include "ethosu/sim/register_file.h"

namespace ember::ethosu {

// One memory as Vela's model sees it: bytes per NPU cycle, latencies in NPU
// cycles, and the longest burst it takes (transfers in shorter bursts cost
// proportionally more).
struct MemoryPort {
  double bytes_per_cycle = 16;
  int32_t read_latency = 32;
  int32_t write_latency = 32;
  int32_t burst_bytes = 32;
};

// The memories an NPU reaches and which one each region (BASEP index) lives in.
// Memory 0 is always the on-chip SRAM.
struct MemorySystem {
  static constexpr uint32_t kMemories = 3;
  MemoryPort memories[kMemories];
  uint8_t region_memory[8] = {};
  uint8_t lut_memory = 2;  // where DMAs into SHRAM (LUTs) land
};

// The E8 as ember's Vela system description (python/ember/config/e8.ini) says:
// the U55's 64-bit AXI ports, 8 bytes per NPU cycle at clock scale 1.0. (Vela
// 5.1 models that width only for system configs whose names start with
// "Ethos_U55", which is why e8.ini's are named Ethos_U55_Alif_E8_*.)
constexpr double kAxiBytesPerCycle = 8;
// Sram_Only (what `ember export` picks when the model fits): every region in SRAM.
MemorySystem e8_sram_only();
// Shared_Sram: region 0 (weights, read-only data) in MRAM on AXI1 at the given
// clock scale (e8.ini's OffChipFlash_clock_scale for the NPU's core).
MemorySystem e8_shared_sram(double mram_clock_scale);

struct CycleEstimate {
  uint64_t npu_cycles = 0;     // compute, output stage, command issue, block latencies
  uint64_t memory_cycles = 0;  // the busiest memory's access cycles
  uint64_t cycles = 0;         // max of the two, as Vela combines them
};

// The estimate of one operation about to run with these registers.
// `mode` is the POOL / ELEMENTWISE param.
CycleEstimate estimate_operation(const RegisterFile& regs, Operation op, uint16_t mode, uint32_t macs_per_cycle,
                                 const MemorySystem& memory);

// A DMA runs while the kernel operation before it does (Vela subtracts that
// operation's slack from the transfer): the cycles of `dma` not hidden under what
// is left of the last kernel operation's, which the DMA then uses up.
uint64_t unhidden_dma_cycles(uint64_t dma, uint64_t* kernel_cycles_left);

}  // namespace ember::ethosu
