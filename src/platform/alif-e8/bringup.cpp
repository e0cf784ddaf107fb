// Bring-up firmware of an E8 core: the board facts and the SRAM power
// (board_init), then every pool written, cache-maintained and read back, and
// the NPU's view of each. Its .ember_model and .ember_cases data give those
// sections a place in the image, as the runner's will.
#include <cstddef>
#include <cstdint>
#include <cstdio>

#include "platform/board.h"

namespace {

using ember::platform::cache_clean;
using ember::platform::cache_invalidate;
using ember::platform::cpu_cycles;
using ember::platform::npu_address;

__attribute__((section(".ember_model"), used)) alignas(16) const uint8_t kModel[32] = {'b', 'r', 'i', 'n', 'g', 'u', 'p'};
__attribute__((section(".ember_cases"), used)) const uint32_t kCases[4] = {0xCA5E0001, 0xCA5E0002, 0xCA5E0003, 0};

__attribute__((section(".ember_pool_dtcm"))) alignas(32) uint8_t g_dtcm_pool[4 * 1024];
__attribute__((section(".ember_pool_sram0"))) alignas(32) uint8_t g_sram0_pool[64 * 1024];
__attribute__((section(".ember_pool_sram1"))) alignas(32) uint8_t g_sram1_pool[64 * 1024];

uint8_t pattern(size_t i, uint32_t seed) { return static_cast<uint8_t>((i * 131u) ^ (i >> 8) ^ seed); }

// Number of bytes that did not read back as written.
size_t check_pool(const char* name, uint8_t* pool, size_t bytes, uint32_t seed) {
  uint32_t start = cpu_cycles();
  for (size_t i = 0; i < bytes; ++i) pool[i] = pattern(i, seed);
  cache_clean(pool, bytes);
  cache_invalidate(pool, bytes);
  size_t wrong = 0;
  for (size_t i = 0; i < bytes; ++i) wrong += pool[i] != pattern(i, seed);
  std::printf("pool %-6s 0x%08x (NPU 0x%08llx): %u bytes, %u wrong, %u cycles\n", name,
              reinterpret_cast<uintptr_t>(pool), static_cast<unsigned long long>(npu_address(pool)),
              static_cast<unsigned>(bytes), static_cast<unsigned>(wrong), static_cast<unsigned>(cpu_cycles() - start));
  return wrong;
}

}  // namespace

int main() {
  if (!ember::platform::board_init()) return 2;
  ember::platform::show_stage(ember::platform::Stage::Running);
  std::printf("model section at 0x%08x, cases at 0x%08x (first 0x%08x)\n", reinterpret_cast<uintptr_t>(kModel),
              reinterpret_cast<uintptr_t>(kCases), static_cast<unsigned>(kCases[0]));
  size_t wrong = check_pool("dtcm", g_dtcm_pool, sizeof(g_dtcm_pool), 1) +
                 check_pool("sram0", g_sram0_pool, sizeof(g_sram0_pool), 2) +
                 check_pool("sram1", g_sram1_pool, sizeof(g_sram1_pool), 3);
  return wrong == 0 ? 0 : 1;
}
