// I/D caches on at reset, and the D-cache maintenance around NPU runs (by
// 32-byte line; TCM and MRAM need none).
#include "address_map.h"
#include "board_facts.h"
#include "core_regs.h"
#include "core_setup.h"
#include "platform/board.h"

namespace ember::board {

CacheGeometry data_cache_geometry() {
  scb().csselr = 0;  // level 1 data cache
  data_barrier();
  uint32_t ccsidr = scb().ccsidr;
  return {((ccsidr >> 13) & 0x7FFF) + 1, ((ccsidr >> 3) & 0x3FF) + 1, 16u << (ccsidr & 0x7)};
}

void caches_enable() {
  data_barrier();
  instruction_barrier();
  cache_maintenance().iciallu = 0;
  data_barrier();
  instruction_barrier();
  scb().ccr = scb().ccr | kCcrICache;

  const CacheGeometry geometry = data_cache_geometry();
  const uint32_t set_shift = static_cast<uint32_t>(__builtin_ctz(geometry.line_bytes));
  const uint32_t way_shift = geometry.ways > 1 ? static_cast<uint32_t>(__builtin_clz(geometry.ways - 1)) : 0;
  for (uint32_t set = 0; set < geometry.sets; ++set) {
    for (uint32_t way = 0; way < geometry.ways; ++way) {
      cache_maintenance().dcisw = (set << set_shift) | (way << way_shift);
    }
  }
  data_barrier();
  scb().ccr = scb().ccr | kCcrDCache;
  data_barrier();
  instruction_barrier();
}

}  // namespace ember::board

namespace ember::platform {
namespace {

bool needs_maintenance(const void* address) {
  return alif::needs_cache_maintenance(reinterpret_cast<uintptr_t>(address), board::kItcm, board::kDtcm,
                                       board::kMram);
}

}  // namespace

void cache_clean(const void* address, size_t bytes) {
  if (!needs_maintenance(address)) return;
  alif::CacheLines lines = alif::cache_lines(reinterpret_cast<uintptr_t>(address), bytes);
  board::data_barrier();
  for (uint32_t i = 0; i < lines.count; ++i) {
    board::cache_maintenance().dccmvac = static_cast<uint32_t>(lines.first + i * alif::kCacheLineBytes);
  }
  board::data_barrier();
}

void cache_invalidate(void* address, size_t bytes) {
  if (!needs_maintenance(address)) return;
  alif::CacheLines lines = alif::cache_lines(reinterpret_cast<uintptr_t>(address), bytes);
  board::data_barrier();
  for (uint32_t i = 0; i < lines.count; ++i) {
    uint32_t line = static_cast<uint32_t>(lines.first + i * alif::kCacheLineBytes);
    bool shared = (i == 0 && lines.first_partial) || (i + 1 == lines.count && lines.last_partial);
    // A line shared with other data is cleaned too, so their writes survive.
    if (shared) {
      board::cache_maintenance().dccimvac = line;
    } else {
      board::cache_maintenance().dcimvac = line;
    }
  }
  board::data_barrier();
  board::instruction_barrier();
}

}  // namespace ember::platform
