// The memories the simulated NPU's cycle model charges, as the program records
// them (python/ember/export/npu_memory.py writes the constant methods): where
// the weights are (SRAM in Sram_Only, MRAM in Shared_Sram) and each memory's
// bandwidth, burst and latencies. A program without them (upstream's own flow)
// gets the stated default.
#pragma once
#include <map>
#include <string>

#include "ethosu/sim/cycle_model.h"

namespace ember::tool {

struct NpuMemory {
  ethosu::MemorySystem system;
  std::string description;  // one line for `ember run` to print
};

// False, with `error` set, when the program records a memory system it cannot be
// (an unknown mode, a missing or non-positive figure).
bool npu_memory_of(const std::map<std::string, double>& constants, NpuMemory* out, std::string* error);

}  // namespace ember::tool
