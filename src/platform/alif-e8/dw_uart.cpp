#include "dw_uart.h"

namespace ember::board {

void DwUart::init(const alif::UartDivisor& divisor, uint32_t reset_wait_polls) {
  regs()->srr = kSrrResetAll;
  for (uint32_t i = 0; i < reset_wait_polls; ++i) (void)regs()->usr;
  regs()->lcr = kLcrDivisorLatch;
  regs()->rbr_thr_dll = divisor.integer & 0xFF;
  regs()->ier_dlh = (divisor.integer >> 8) & 0xFF;
  regs()->dlf = divisor.fraction;
  regs()->lcr = kLcr8N1;
  regs()->iir_fcr = kFcrFifoEnable;
  alive_ = true;
}

bool DwUart::wait_for(uint32_t lsr_bits, uint32_t poll_limit) {
  for (uint32_t i = 0; i < poll_limit; ++i) {
    if ((regs()->lsr & lsr_bits) == lsr_bits) return true;
  }
  alive_ = false;
  return false;
}

void DwUart::write(const char* text, size_t length, uint32_t fifo_bytes, uint32_t poll_limit) {
  // THRE with the FIFO on means the FIFO is empty: a whole FIFO's worth fits.
  for (size_t i = 0; alive_ && i < length;) {
    if (!wait_for(kLsrTxHoldingEmpty, poll_limit)) return;
    for (uint32_t n = 0; n < fifo_bytes && i < length; ++n) regs()->rbr_thr_dll = static_cast<uint8_t>(text[i++]);
  }
}

void DwUart::flush(uint32_t poll_limit) {
  if (alive_) wait_for(kLsrTxEmpty, poll_limit);
}

}  // namespace ember::board
