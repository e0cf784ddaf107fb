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
// proportionally more). The U85's model also limits each channel by the
// transactions in flight: ports and outstanding reads/writes (Vela's defaults: 1).
struct MemoryPort {
  double bytes_per_cycle = 16;
  int32_t read_latency = 32;
  int32_t write_latency = 32;
  int32_t burst_bytes = 32;
  int32_t ports_used = 1, max_reads = 1, max_writes = 1;
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
// The constants (weights and scales: region 0) on `constants`, every other
// region on `arena`; one memory when `same_memory` (Sram_Only), two otherwise.
MemorySystem two_area_memory(const MemoryPort& arena, const MemoryPort& constants, bool same_memory);
// Sram_Only (what `ember export` picks when the model fits): every region in SRAM.
MemorySystem e8_sram_only();
// Shared_Sram: region 0 (weights, read-only data) in MRAM on AXI1 at the given
// clock scale (e8.ini's OffChipFlash_clock_scale for the NPU's core).
MemorySystem e8_shared_sram(double mram_clock_scale);

// Bytes [first, end) of one region.
struct ByteRange {
  uint32_t region = 0;
  int64_t first = 0, end = 0;
  bool overlaps(const ByteRange& o) const { return region == o.region && first < o.end && o.first < end; }
};

// One piece of a transpose: its share of the transpose's traffic, in cycles of
// the memory read and of the memory written, and those memories' latencies.
struct TransposePiece {
  bool is_piece = false;
  double read_cycles = 0, write_cycles = 0;
  int32_t read_latency = 0, write_latency = 0;
  bool one_memory = true;  // read and written through the same memory
  ByteRange reads, writes;  // its IFM and OFM bytes
};

struct CycleEstimate {
  uint64_t npu_cycles = 0;     // compute, output stage, command issue, block latencies
  uint64_t memory_cycles = 0;  // the busiest memory's access cycles
  uint64_t cycles = 0;         // max of the two, as Vela combines them
  // What RunCycles needs to place the operation among its neighbours:
  bool lut_load = false;                // a DMA into SHRAM (a LUT)
  bool stand_alone_activation = false;  // a 1x1 AVERAGE pool (an activation or copy on its own)
  int8_t lut_slot = -1;  // the U85's LUT slot a LUT load fills / an activation reads (-1: the U55's one LUT)
  TransposePiece transpose;
};

// The estimate of one operation about to run with these registers.
// `mode` is the POOL / ELEMENTWISE param.
CycleEstimate estimate_operation(const RegisterFile& regs, Operation op, uint16_t mode, uint32_t macs_per_cycle,
                                 const MemorySystem& memory);

// What each operation adds to a run, from its estimate and its neighbours':
// - A DMA runs while the kernel operation before it does (Vela subtracts that
//   operation's slack from the transfer): only what exceeds the rest of that
//   operation's compute cycles (npu_cycles: Vela's slack leaves out memory
//   access) counts, and uses them up.
// - A LUT load counts (that way) only when it feeds a stand-alone activation
//   (of its slot, on the U85): Vela charges the LUT of the operation that has
//   it as an input, while a LUT fused into a kernel operation is a
//   sub-operation's, not charged.
// - A transpose costs what Vela charges the whole: the larger of its traffic
//   (read plus written through one memory, else the busier) and its slower side
//   with that memory's latency; each piece adds what it raises that by. A
//   transpose starts with a piece after another operation, or one reading what
//   the pieces before it wrote (pieces of one transpose never read each other's).
class RunCycles {
 public:
  uint64_t add(const CycleEstimate& operation, bool is_dma);

 private:
  uint64_t add_transpose_piece(const TransposePiece& piece);

  uint64_t kernel_cycles_left_ = 0;
  uint64_t pending_lut_[9] = {};  // per U85 LUT slot, [8] the U55's
  bool in_transpose_ = false;
  ByteRange transpose_written_;  // the bytes the current transpose's pieces wrote (their span)
  double transpose_read_ = 0, transpose_write_ = 0;
  uint64_t transpose_charged_ = 0;
};

}  // namespace ember::ethosu
