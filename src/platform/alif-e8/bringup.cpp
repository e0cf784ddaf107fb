// Bring-up firmware of an E8 core: the board facts and the SRAM power
// (board_init), then every pool written, cache-maintained and read back, and
// the NPU's view of each; then one job on each NPU the core drives (a command
// stream of a single STOP, which ends with the NPU's interrupt; the HP core
// also drives the E8's Ethos-U85) to report whether that interrupt arrives. Its .ember_model and .ember_cases data give those
// sections a place in the image, as the runner's will.
#include <cstddef>
#include <cstdint>
#include <cstdio>

#include "ethosu/driver/npu_driver.h"
#include "ethosu/driver/register_io.h"
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

// NPU_OP_STOP with the mask Vela ends every stream with (the same word on the
// U55 and the U85): the NPU stops and raises its interrupt.
alignas(16) const uint32_t kStopStream[1] = {0xFFFF0000u};

ember::ethosu::DriverConfig bringup_config() {
  ember::ethosu::DriverConfig config;
  config.use_irq = true;
  config.run_timeout_cycles = ember::platform::board_facts().cpu_clock_hz / 10;
  return config;
}
constexpr ember::ethosu::SocHooks kHooks{npu_address, cache_clean, cache_invalidate, nullptr, cpu_cycles};

// One driver per NPU the core drives (the HP core: its U55 and the E8's U85).
ember::ethosu::MmioRegisters g_u55_registers(ember::platform::board_facts().npu.base);
ember::ethosu::NpuDriver g_u55(g_u55_registers, bringup_config(), kHooks);
ember::ethosu::MmioRegisters g_u85_registers(ember::platform::board_facts().npu_u85.base);
ember::ethosu::NpuDriver g_u85(g_u85_registers, bringup_config(), kHooks);
ember::ethosu::NpuDriver* volatile g_attached = nullptr;
volatile uint32_t g_npu_interrupts = 0;

void on_npu_interrupt() {
  g_npu_interrupts = g_npu_interrupts + 1;
  if (g_attached) g_attached->on_irq();
}

// 0: the interrupt arrived; 1: the job ended without it (or did not run).
int fire_npu_interrupt(const ember::platform::NpuFacts& npu, ember::ethosu::NpuDriver& driver) {
  const char* name = npu.u85 ? "Ethos-U85" : "Ethos-U55";
  g_attached = &driver;
  g_npu_interrupts = 0;
  if (!ember::platform::npu_attach(npu, on_npu_interrupt)) {
    std::printf("npu interrupt (%s): its clock could not be enabled\n", name);
    return 1;
  }
  ember::ethosu::NpuJob job;
  job.command_stream = ember::Span<const uint8_t>(reinterpret_cast<const uint8_t*>(kStopStream), sizeof(kStopStream));
  job.product = npu.u85 ? ember::ethosu::u85::mmio::kProduct : ember::ethosu::mmio::kProductU55;
  ember::ethosu::NpuJobResult result;
  const uint32_t start = cpu_cycles();
  const ember::Error error = driver.run(job, &result);
  const uint32_t cycles = cpu_cycles() - start;
  if (error != ember::Error::Ok) {
    std::printf("npu interrupt (%s): the STOP job failed: %s (STATUS 0x%08x)\n", name, ember::to_string(error),
                static_cast<unsigned>(result.status.raw));
    return 1;
  }
  std::printf("npu interrupt (%s, IRQ %u): %s after a STOP job (%u interrupts, %u cycles, STATUS 0x%08x)\n", name,
              static_cast<unsigned>(npu.irq), driver.irq_missing() ? "NEVER ARRIVED, completion polled" : "arrived",
              static_cast<unsigned>(g_npu_interrupts), static_cast<unsigned>(cycles),
              static_cast<unsigned>(result.status.raw));
  return driver.irq_missing() ? 1 : 0;
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
  const ember::platform::BoardFacts& board = ember::platform::board_facts();
  int npu = fire_npu_interrupt(board.npu, g_u55);
  if (board.npu_u85.present) npu += fire_npu_interrupt(board.npu_u85, g_u85);
  return wrong == 0 && npu == 0 ? 0 : 1;
}
