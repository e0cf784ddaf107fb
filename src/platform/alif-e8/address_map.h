// The E8 M55's memory as the CPU sees it versus the global map the NPU and the
// Secure Enclave use: each TCM has a CPU-local address (and an alias 16 MB
// higher) and a global alias; everything else is the same in both maps.
#pragma once
#include <cstddef>
#include <cstdint>

namespace ember::alif {

struct MemoryRange {
  uintptr_t origin;
  uint32_t length;
};

struct TcmWindow {
  uintptr_t local;   // 0x00000000 (ITCM) or 0x20000000 (DTCM)
  uint32_t length;
  uintptr_t global;  // where the NPU and the other masters see it
};

constexpr uintptr_t kTcmOffsetMask = 0x00FFFFFF;
constexpr uintptr_t kTcmAliasOffset = 0x01000000;  // ITCM also at 0x01000000, DTCM at 0x21000000

constexpr bool contains(const MemoryRange& range, uintptr_t address) {
  return address >= range.origin && address - range.origin < range.length;
}

constexpr bool in_tcm(const TcmWindow& tcm, uintptr_t address) {
  uintptr_t base = address & ~kTcmOffsetMask;
  return (base == tcm.local || base == tcm.local + kTcmAliasOffset) && (address & kTcmOffsetMask) < tcm.length;
}

// (address & 0x00FFFFFF) + global base inside a TCM, identity elsewhere.
constexpr uint64_t to_global_address(uintptr_t address, const TcmWindow& itcm, const TcmWindow& dtcm) {
  if (in_tcm(itcm, address)) return (address & kTcmOffsetMask) + itcm.global;
  if (in_tcm(dtcm, address)) return (address & kTcmOffsetMask) + dtcm.global;
  return address;
}

// The D-cache never holds TCM, and MRAM is read-only to both the CPU and the
// NPU: only the SRAMs (and other cached RAM) need maintenance around an NPU run.
constexpr bool needs_cache_maintenance(uintptr_t address, const TcmWindow& itcm, const TcmWindow& dtcm,
                                       const MemoryRange& mram) {
  return !in_tcm(itcm, address) && !in_tcm(dtcm, address) && !contains(mram, address);
}

constexpr uint32_t kCacheLineBytes = 32;

// The 32-byte lines a buffer touches; a partial first or last line is shared
// with neighbouring data, which an invalidate must not throw away.
struct CacheLines {
  uintptr_t first;  // address of the first line
  uint32_t count;
  bool first_partial;
  bool last_partial;
};

constexpr CacheLines cache_lines(uintptr_t address, size_t bytes) {
  if (bytes == 0) return {address & ~uintptr_t{kCacheLineBytes - 1}, 0, false, false};
  uintptr_t first = address & ~uintptr_t{kCacheLineBytes - 1};
  uintptr_t end = address + bytes;
  uintptr_t last_end = (end + kCacheLineBytes - 1) & ~uintptr_t{kCacheLineBytes - 1};
  return {first, static_cast<uint32_t>((last_end - first) / kCacheLineBytes), first != address, last_end != end};
}

}  // namespace ember::alif
