// platform/board.h for QEMU mps3-an547. QEMU has no NPU model: the firmware
// runs ember's simulated Ethos-U55, and says so. Cycle counts: DWT reads 0
// under QEMU, so cpu_cycles() counts SysTick (32 MHz of virtual time; with
// -icount shift=0 one instruction is 1 ns, so 1 tick = 31.25 instructions).
#include <cstdio>

#include "board.h"
#include "platform/board.h"
#include "semihosting.h"

namespace ember::platform {
namespace {

struct SysTick {
  volatile uint32_t csr;  // 0xE000E010: ENABLE 1, TICKINT 2, CLKSOURCE 4
  volatile uint32_t rvr;
  volatile uint32_t cvr;
};

SysTick* systick() { return reinterpret_cast<SysTick*>(board::kSysTickBase); }

volatile uint32_t g_systick_wraps = 0;
constexpr uint32_t kSysTickReload = 0x00FFFFFF;

const char* stage_name(Stage stage) {
  switch (stage) {
    case Stage::Boot: return "boot";
    case Stage::MemoryPowered: return "memory powered";
    case Stage::NpuReady: return "NPU ready";
    case Stage::Running: return "running";
    case Stage::Passed: return "passed";
    case Stage::Failed: return "failed";
  }
  return "?";
}

}  // namespace

extern "C" void SysTick_Handler() { g_systick_wraps = g_systick_wraps + 1; }

const BoardFacts& board_facts() {
  static const BoardFacts facts{"qemu-an547", board::kSysTickHz, NpuFacts{}, NpuFacts{}};
  return facts;
}

bool board_init() {
  systick()->rvr = kSysTickReload;
  systick()->cvr = 0;
  systick()->csr = 0x7;
  std::printf("board: qemu-an547 (QEMU mps3-an547, Cortex-M55 with MVE); no NPU model in QEMU: the Ethos-U55 is simulated\n");
  std::printf("board: cycle counter = SysTick at %lu Hz of QEMU virtual time (-icount shift=0: 1 tick = 31.25 instructions)\n",
              static_cast<unsigned long>(board::kSysTickHz));
  return true;
}

void show_stage(Stage stage) { std::printf("[stage] %s\n", stage_name(stage)); }

uint32_t cpu_cycles() {
  uint32_t wraps, current;
  do {
    wraps = g_systick_wraps;
    current = systick()->cvr;
  } while (wraps != g_systick_wraps);
  return wraps * (kSysTickReload + 1) + (kSysTickReload - current);
}

uint64_t npu_address(const void* cpu_address) { return reinterpret_cast<uintptr_t>(cpu_address); }
void cache_clean(const void*, size_t) {}
void cache_invalidate(void*, size_t) {}
bool npu_attach(const NpuFacts&, void (*)()) { return true; }

void finish(int status) {
  std::fflush(stdout);
  board::exit_with_status(status);
}

}  // namespace ember::platform
