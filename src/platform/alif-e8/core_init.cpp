#include "core_regs.h"
#include "core_setup.h"

namespace ember::board {

void core_init(const void* vector_table, const void* stack_limit) {
  // Before the first FP or MVE instruction (the compiler may vectorise any loop).
  scb().cpacr = scb().cpacr | kCpacrCp10Cp11Full;
  scb().vtor = static_cast<uint32_t>(reinterpret_cast<uintptr_t>(vector_table));
  scb().shcsr = scb().shcsr | kShcsrMemFaultEnable | kShcsrBusFaultEnable | kShcsrUsageFaultEnable |
                kShcsrSecureFaultEnable;
  // A stack overflow into the DTCM pool becomes a UsageFault (STKOF), not corruption.
  __asm__ volatile("msr msplim, %0" : : "r"(stack_limit));
  data_barrier();
  instruction_barrier();
}

}  // namespace ember::board
