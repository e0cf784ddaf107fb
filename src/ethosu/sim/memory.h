// What the simulated NPU can reach: one window per region (BASEP0..7), each a
// host pointer and size. Any access outside a window is a bus error.
#pragma once
#include <cstddef>
#include <cstdint>

namespace ember::ethosu {

constexpr uint32_t kRegionCount = 8;

struct RegionMap {
  uint8_t* base[kRegionCount] = {};
  size_t size[kRegionCount] = {};
  bool read_only[kRegionCount] = {};  // the weights in MRAM: a write is a bus error

  // A pointer to `length` bytes at `offset` in `region`, or nullptr.
  uint8_t* at(uint32_t region, int64_t offset, size_t length, bool write = false) const {
    if (region >= kRegionCount || !base[region] || offset < 0) return nullptr;
    if (write && read_only[region]) return nullptr;
    if (static_cast<uint64_t>(offset) > size[region] || length > size[region] - static_cast<size_t>(offset)) return nullptr;
    return base[region] + offset;
  }
};

}  // namespace ember::ethosu
