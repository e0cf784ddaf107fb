// Reset and fault handling: vector table, .data copy, .bss zero, FPU/MVE on,
// static constructors, main, and the exit status back to QEMU.
#include <cstdint>
#include <cstdio>

#include "board.h"
#include "platform/fault_names.h"
#include "semihosting.h"
#include "stack_watermark.h"
#include "uart.h"

extern "C" {
extern uint32_t __data_load__, __data_start__, __data_end__, __bss_start__, __bss_end__, __stack_top__,
    __stack_limit__;
void __libc_init_array();
int main();
void Reset_Handler();
void HardFault_Handler();
[[noreturn]] void hard_fault_report();
void Default_Handler();
void SysTick_Handler();
}

namespace {

using Handler = void (*)();

}  // namespace

// Initial SP, reset, NMI, HardFault, MemManage, BusFault, UsageFault, SecureFault.
__attribute__((section(".vectors"), used)) const Handler g_vectors[16] = {
    reinterpret_cast<Handler>(&__stack_top__), Reset_Handler, Default_Handler, HardFault_Handler,
    HardFault_Handler, HardFault_Handler, HardFault_Handler, HardFault_Handler,
    nullptr, nullptr, nullptr, Default_Handler, Default_Handler, nullptr, Default_Handler, SysTick_Handler,
};

extern "C" void Reset_Handler() {
  // A stack overflow becomes a UsageFault (STKOF) reported by name, not corruption of .bss.
  __asm__ volatile("msr msplim, %0" : : "r"(&__stack_limit__));
  ember::board::stack_paint();
  for (uint32_t *src = &__data_load__, *dst = &__data_start__; dst < &__data_end__;) *dst++ = *src++;
  for (uint32_t* p = &__bss_start__; p < &__bss_end__;) *p++ = 0;
  // FP and MVE instructions need CP10/CP11 before the first one runs.
  *reinterpret_cast<volatile uint32_t*>(ember::board::kCpacr) |= 0xFu << 20;
  __asm__ volatile("dsb\n isb" ::: "memory");
  ember::board::uart_init();
  __libc_init_array();
  ember::board::exit_with_status(main());
}

// Lifts the stack limit first: after a stack overflow the report's own frame
// lies below it, and a fault inside the fault handler would lock the core up.
extern "C" __attribute__((naked)) void HardFault_Handler() {
  __asm__ volatile(
      "movs r0, #0\n"
      "msr msplim, r0\n"
      "b hard_fault_report\n");
}

extern "C" void hard_fault_report() {
  uint32_t cfsr = *reinterpret_cast<volatile uint32_t*>(0xE000ED28);
  uint32_t hfsr = *reinterpret_cast<volatile uint32_t*>(0xE000ED2C);
  uint32_t bfar = *reinterpret_cast<volatile uint32_t*>(0xE000ED38);
  uint32_t mmfar = *reinterpret_cast<volatile uint32_t*>(0xE000ED34);
  char names[160];
  ember::platform::describe_cfsr(cfsr, names, sizeof(names));
  char text[320];
  int n = std::snprintf(text, sizeof(text), "\nHardFault: %s\nHardFault: CFSR=0x%08lx HFSR=0x%08lx BFAR=0x%08lx MMFAR=0x%08lx\n",
                        names, static_cast<unsigned long>(cfsr), static_cast<unsigned long>(hfsr),
                        static_cast<unsigned long>(bfar), static_cast<unsigned long>(mmfar));
  ember::board::uart_write(text, static_cast<size_t>(n));
  ember::board::exit_with_status(134);
}

extern "C" void Default_Handler() {
  const char text[] = "\nunexpected interrupt or exception\n";
  ember::board::uart_write(text, sizeof(text) - 1);
  ember::board::exit_with_status(135);
}
