// The steps of reset, in the order startup.cpp runs them (each in its own file).
#pragma once
#include <cstdint>

namespace ember::board {

// VTOR, CP10/CP11 (FPU and MVE), MemManage/Bus/Usage/Secure faults, the stack limit.
void core_init(const void* vector_table, const void* stack_limit);
// Device windows (incl. 0x1A000000-0x1AFFFFFF), the SRAMs and the MRAM slot (mpu.cpp).
void mpu_init();
uint32_t mpu_region_count();
// Invalidate, then enable the I- and D-caches (cache.cpp).
void caches_enable();
// The L1 D-cache as CCSIDR describes it (printed next to the assumed 32-byte line).
struct CacheGeometry {
  uint32_t sets;
  uint32_t ways;
  uint32_t line_bytes;
};
CacheGeometry data_cache_geometry();
// DWT CYCCNT (dwt.cpp); not running when the core has no cycle counter.
void cycle_counter_init();
bool cycle_counter_running();

}  // namespace ember::board
