// What a simulated NPU's bus reaches. A real NPU reaches all memory; a model of
// it reaches only the windows the delegate maps for a run, so a stream that
// strays gets a bus error instead of touching the host. The delegate sees only
// this interface: a board image, which has no simulator, links none of it.
#pragma once
#include <cstddef>
#include <cstdint>

#include "ethosu/sim/simulator.h"

namespace ember::ethosu {

struct MemoryWindow {
  uint64_t npu_address = 0;
  uint8_t* host = nullptr;
  size_t bytes = 0;
  bool read_only = false;
};

class NpuMemoryWindows {
 public:
  virtual void unmap_all() = 0;
  // False when no window is left.
  virtual bool map(const MemoryWindow& window) = 0;
  // The simulator's account of the last run (faults, per-operation records).
  virtual RunReport& last_run() = 0;

 protected:
  ~NpuMemoryWindows() = default;
};

}  // namespace ember::ethosu
