#include "core_regs.h"
#include "core_setup.h"
#include "platform/board.h"

namespace ember::board {

void cycle_counter_init() {
  scb().demcr = scb().demcr | kDemcrTraceEnable;
  if (dwt().ctrl & kDwtCtrlNoCycleCounter) return;
  dwt().cyccnt = 0;
  dwt().ctrl = dwt().ctrl | kDwtCtrlCycleCounterEnable;
}

bool cycle_counter_running() { return (dwt().ctrl & kDwtCtrlCycleCounterEnable) != 0; }

}  // namespace ember::board

uint32_t ember::platform::cpu_cycles() { return ember::board::dwt().cyccnt; }
