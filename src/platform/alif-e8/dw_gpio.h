// DesignWare APB GPIO port: data and direction registers.
#pragma once
#include <cstddef>
#include <cstdint>

#include "soc_facts.h"

namespace ember::board {

struct DwGpioRegisters {
  volatile uint32_t dr;   // 0x00 output data
  volatile uint32_t ddr;  // 0x04 direction, 1 = output
};
static_assert(offsetof(DwGpioRegisters, ddr) == 0x04);

class DwGpio {
 public:
  explicit DwGpio(uint32_t port) : regs_(reinterpret_cast<DwGpioRegisters*>(kGpio0Base + port * kGpioStride)) {}
  void make_output(uint32_t pin) { regs_->ddr = regs_->ddr | (1u << pin); }
  void write(uint32_t pin, bool high) {
    uint32_t value = regs_->dr;
    regs_->dr = high ? value | (1u << pin) : value & ~(1u << pin);
  }

 private:
  DwGpioRegisters* regs_;
};

}  // namespace ember::board
