// Synopsys DesignWare APB UART (16550 with 4-byte register stride, FIFO, DLF):
// the only code that touches a UART's registers.
#pragma once
#include <cstddef>
#include <cstdint>

#include "uart_divisor.h"

namespace ember::board {

struct DwUartRegisters {
  volatile uint32_t rbr_thr_dll;  // 0x00 receive / transmit / divisor low (DLAB)
  volatile uint32_t ier_dlh;      // 0x04 interrupt enable / divisor high (DLAB)
  volatile uint32_t iir_fcr;      // 0x08 interrupt id / FIFO control
  volatile uint32_t lcr;          // 0x0C line control
  volatile uint32_t mcr;          // 0x10
  volatile uint32_t lsr;          // 0x14 line status
  uint32_t reserved0[25];         // 0x18
  volatile uint32_t usr;          // 0x7C status
  uint32_t reserved1[2];          // 0x80
  volatile uint32_t srr;          // 0x88 software reset
  uint32_t reserved2[13];         // 0x8C
  volatile uint32_t dlf;          // 0xC0 fractional divisor
};
static_assert(offsetof(DwUartRegisters, lcr) == 0x0C);
static_assert(offsetof(DwUartRegisters, lsr) == 0x14);
static_assert(offsetof(DwUartRegisters, usr) == 0x7C);
static_assert(offsetof(DwUartRegisters, srr) == 0x88);
static_assert(offsetof(DwUartRegisters, dlf) == 0xC0);

class DwUart {
 public:
  // constexpr: the console's UARTs are constant-initialised, ready before static constructors run.
  explicit constexpr DwUart(uintptr_t base) : base_(base) {}

  // Reset, divisor, 8N1, FIFOs on. The UART's clock must already run.
  void init(const alif::UartDivisor& divisor, uint32_t reset_wait_polls);
  // Writes all bytes, or stops for good once the transmitter has not drained
  // within poll_limit polls (a UART without clock or pins must not hang the firmware).
  void write(const char* text, size_t length, uint32_t fifo_bytes, uint32_t poll_limit);
  // Waits until the last byte left the shift register.
  void flush(uint32_t poll_limit);
  bool alive() const { return alive_; }

 private:
  bool wait_for(uint32_t lsr_bits, uint32_t poll_limit);
  DwUartRegisters* regs() const { return reinterpret_cast<DwUartRegisters*>(base_); }

  static constexpr uint32_t kLcrDivisorLatch = 0x80;
  static constexpr uint32_t kLcr8N1 = 0x03;
  static constexpr uint32_t kFcrFifoEnable = 0x01;
  static constexpr uint32_t kLsrTxHoldingEmpty = 0x20;
  static constexpr uint32_t kLsrTxEmpty = 0x40;
  static constexpr uint32_t kSrrResetAll = 0x07;

  uintptr_t base_;
  bool alive_ = false;
};

}  // namespace ember::board
