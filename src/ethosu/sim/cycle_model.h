// A first-order cycle estimate per operation (../shared/spec/ethos-u55.md §6):
// the slowest of MAC throughput, the output stage and memory traffic at 8 bytes
// per cycle per AXI port. Compared with Vela's estimate in bench/.
#pragma once
#include <cstdint>

#include "ethosu/sim/simulator.h"

namespace ember::ethosu {

inline uint64_t estimate_cycles(const OpRecord& op, const NpuConfig& config) {
  const uint64_t outputs = static_cast<uint64_t>(op.ofm_height) * op.ofm_width * op.ofm_depth;
  const uint64_t mac_cycles = (op.macs + config.macs_per_cycle - 1) / config.macs_per_cycle;
  // Output stage: 8 elements per cycle on U55-128 (16 on U55-256).
  const uint64_t output_cycles = (outputs * 128 / config.macs_per_cycle + 7) / 8;
  const uint64_t memory_cycles = (op.bytes_read + op.bytes_written + 7) / 8;
  uint64_t cycles = mac_cycles > output_cycles ? mac_cycles : output_cycles;
  if (memory_cycles > cycles) cycles = memory_cycles;
  return cycles + 3;  // pipeline delay
}

}  // namespace ember::ethosu
