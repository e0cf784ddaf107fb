// What the delegate may ask of a simulated NPU beyond its registers: the
// memory its bus reaches (a real NPU reaches all memory; a model of it reaches
// only the windows the delegate maps for a run, so a stream that strays gets a
// bus error instead of touching the host), its size, and its account of the
// last run. The delegate sees only this interface and the driver: a board
// image, which has no simulator, links none of it.
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
  // The product (CONFIG.product) and MACs per cycle it simulates; adopt():
  // simulate the NPU a command stream was compiled for (host tools run any program).
  virtual uint32_t product() const = 0;
  virtual uint32_t macs() const = 0;
  virtual void adopt(uint32_t product, uint32_t macs, uint32_t shram_bytes) = 0;

 protected:
  ~NpuMemoryWindows() = default;
};

}  // namespace ember::ethosu
