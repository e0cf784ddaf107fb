// Reset and fault entry: the 496-entry vector table at the image start in MRAM
// (code executes in place from MRAM), the core set-up Alif's SystemInit does,
// .data copied and .bss zeroed in DTCM, then main. SRAM0/SRAM1 are not touched
// here: they stay unpowered until board_init() asks the Secure Enclave.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <utility>

#include "board_facts.h"
#include "clock_control.h"
#include "console.h"
#include "core_regs.h"
#include "core_setup.h"
#include "platform/board.h"
#include "platform/fault_names.h"
#include "soc_facts.h"
#include "stack_watermark.h"

extern "C" {
extern uint32_t __data_load__, __data_start__, __data_end__, __bss_start__, __bss_end__, __stack_top__,
    __stack_limit__;
void __libc_init_array();
int main();
void Reset_Handler();
void Fault_Handler();
void Default_Handler();
void Npu_IRQHandler();
[[noreturn]] void fault_report(const uint32_t* frame, uint32_t exc_return);
}

namespace {

using Handler = void (*)();
constexpr uint32_t kFirstIrqVector = 16;

// Both NPUs a core may drive share one handler: an image attaches one of them (platform::npu_attach).
constexpr bool is_npu_vector(uint32_t vector) {
  return vector == kFirstIrqVector + ember::board::kNpuIrq ||
         (ember::board::kHasNpuU85 && vector == kFirstIrqVector + ember::board::kNpuU85Irq);
}
static_assert(ember::board::kNpuU85Irq < ember::board::kVectorCount - kFirstIrqVector, "the U85's IRQ has no vector");

constexpr Handler handler_for(uint32_t vector) {
  switch (vector) {
    case 1: return Reset_Handler;
    case 3: case 4: case 5: case 6: case 7: return Fault_Handler;  // Hard, MemManage, Bus, Usage, Secure
    case 8: case 9: case 10: case 13: return nullptr;              // reserved
    default: return is_npu_vector(vector) ? Npu_IRQHandler : Default_Handler;
  }
}

template <size_t... Vector>
constexpr std::array<Handler, sizeof...(Vector)> make_handlers(std::index_sequence<Vector...>) {
  return {handler_for(static_cast<uint32_t>(Vector + 1))...};
}

struct VectorTable {
  const uint32_t* initial_stack;
  std::array<Handler, ember::board::kVectorCount - 1> handlers;
};
static_assert(sizeof(VectorTable) == ember::board::kVectorCount * 4);

__attribute__((section(".vectors"), used)) alignas(ember::board::kVectorTableAlignment) constexpr VectorTable
    g_vectors{&__stack_top__, make_handlers(std::make_index_sequence<ember::board::kVectorCount - 1>{})};

}  // namespace

extern "C" void Reset_Handler() {
  ember::board::core_init(&g_vectors, &__stack_limit__);
  ember::board::stack_paint();
  for (uint32_t *src = &__data_load__, *dst = &__data_start__; dst < &__data_end__;) *dst++ = *src++;
  for (uint32_t* p = &__bss_start__; p < &__bss_end__;) *p++ = 0;
  // Core first (touches no peripheral), then the peripheral clocks and the console.
  ember::board::mpu_init();
  ember::board::caches_enable();
  ember::board::cycle_counter_init();
  ember::board::ClockControl::force_peripheral_clocks();
  ember::board::console_init();
  __libc_init_array();
  ember::platform::finish(main());
}

// Hands the stacked exception frame (MSP or PSP, from EXC_RETURN bit 2) to
// fault_report, the stack limit lifted first: after a stack overflow the
// report's own frame lies below it, and a fault inside the fault handler would
// lock the core up (a hang, with nothing said).
extern "C" __attribute__((naked)) void Fault_Handler() {
  __asm__ volatile(
      "movs r2, #0\n"
      "msr msplim, r2\n"
      "tst lr, #4\n"
      "ite eq\n"
      "mrseq r0, msp\n"
      "mrsne r0, psp\n"
      "mov r1, lr\n"
      "b fault_report\n");
}

extern "C" void fault_report(const uint32_t* frame, uint32_t exc_return) {
  using ember::board::scb;
  // A fault while reporting one (a dead peripheral on the way: console, LED)
  // parks the core rather than locking it up.
  static volatile bool reporting = false;
  if (reporting) {
    for (;;) __asm__ volatile("wfi");
  }
  reporting = true;
  uint32_t ipsr;
  __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
  const uint32_t cfsr = scb().cfsr;
  char names[160];
  ember::platform::describe_cfsr(cfsr, names, sizeof(names));
  char text[360];
  int n = std::snprintf(text, sizeof(text),
                        "\nHardFault (exception %u): %s\n  CFSR=0x%08x HFSR=0x%08x BFAR=0x%08x MMFAR=0x%08x "
                        "SFSR=0x%08x SFAR=0x%08x PC=0x%08x LR=0x%08x EXC_RETURN=0x%08x\n",
                        static_cast<unsigned>(ipsr & 0x1FF), names, static_cast<unsigned>(cfsr),
                        static_cast<unsigned>(scb().hfsr), static_cast<unsigned>(scb().bfar),
                        static_cast<unsigned>(scb().mmfar), static_cast<unsigned>(scb().sfsr),
                        static_cast<unsigned>(scb().sfar), static_cast<unsigned>(frame[6]),
                        static_cast<unsigned>(frame[5]), static_cast<unsigned>(exc_return));
  ember::board::console_write(text, std::min(static_cast<size_t>(n < 0 ? 0 : n), sizeof(text) - 1));
  ember::platform::finish(134);
}

extern "C" void Default_Handler() {
  uint32_t ipsr;
  __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
  char text[64];
  int n = std::snprintf(text, sizeof(text), "\nunexpected exception %u\n", static_cast<unsigned>(ipsr & 0x1FF));
  ember::board::console_write(text, static_cast<size_t>(n));
  ember::platform::finish(135);
}
