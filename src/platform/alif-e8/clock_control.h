// CLKCTL_PER_SLV: the expansion-master clock forcing and the UART clocks.
#pragma once
#include <cstddef>
#include <cstdint>

#include "soc_facts.h"

namespace ember::board {

struct ClockControlRegisters {
  volatile uint32_t expmst0_ctrl;  // 0x000
  uint32_t reserved0;              // 0x004
  volatile uint32_t uart_ctrl;     // 0x008
};
static_assert(offsetof(ClockControlRegisters, uart_ctrl) == 0x008);

class ClockControl {
 public:
  static void force_peripheral_clocks() { regs().expmst0_ctrl = regs().expmst0_ctrl | kExpmst0ForcePeripheralClocks; }
  // Clock on, sourced from SYST_PCLK.
  static void enable_uart(uint32_t index) {
    regs().uart_ctrl = regs().uart_ctrl | (1u << (kUartClockEnableShift + index)) | (1u << (kUartClockSourceShift + index));
  }
  static uint32_t expmst0_ctrl() { return regs().expmst0_ctrl; }
  static uint32_t uart_ctrl() { return regs().uart_ctrl; }

 private:
  static ClockControlRegisters& regs() { return *reinterpret_cast<ClockControlRegisters*>(kClockControlBase); }
};

}  // namespace ember::board
