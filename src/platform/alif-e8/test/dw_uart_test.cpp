// The DesignWare UART's register sequence on a register block in memory.
#include "dw_uart.h"

#include "testing/test.h"

using namespace ember::board;

namespace {

constexpr uint32_t kLsrTxEmpty = 0x60;  // THRE | TEMT

}  // namespace

EMBER_TEST(uart_init_programs_divisor_8n1_and_fifo) {
  DwUartRegisters regs{};
  DwUart uart(reinterpret_cast<uintptr_t>(&regs));
  uart.init(ember::alif::uart_divisor(100000000, 115200, 4), 4);
  EXPECT_EQ(regs.srr, 0x07u);
  EXPECT_EQ(regs.rbr_thr_dll, 0x36u);  // DLL (last write while DLAB was set)
  EXPECT_EQ(regs.ier_dlh, 0u);
  EXPECT_EQ(regs.dlf, 4u);
  EXPECT_EQ(regs.lcr, 0x03u);  // DLAB cleared, 8N1
  EXPECT_EQ(regs.iir_fcr, 0x01u);
  EXPECT_TRUE(uart.alive());
}

EMBER_TEST(uart_writes_while_the_transmitter_drains) {
  DwUartRegisters regs{};
  DwUart uart(reinterpret_cast<uintptr_t>(&regs));
  uart.init({1, 0}, 0);
  regs.lsr = kLsrTxEmpty;
  uart.write("ok!", 3, 32, 10);
  EXPECT_EQ(regs.rbr_thr_dll, static_cast<uint32_t>('!'));
  EXPECT_TRUE(uart.alive());
}

EMBER_TEST(uart_that_never_drains_is_dropped) {
  DwUartRegisters regs{};
  DwUart uart(reinterpret_cast<uintptr_t>(&regs));
  uart.init({1, 0}, 0);
  regs.rbr_thr_dll = 0xAB;
  regs.lsr = 0;  // no clock: THRE never comes
  uart.write("lost", 4, 32, 10);
  EXPECT_TRUE(!uart.alive());
  EXPECT_EQ(regs.rbr_thr_dll, 0xABu);  // nothing written
  regs.lsr = kLsrTxEmpty;
  uart.write("x", 1, 32, 10);  // stays dropped
  EXPECT_EQ(regs.rbr_thr_dll, 0xABu);
}

EMBER_TEST(uart_before_init_writes_nothing) {
  DwUartRegisters regs{};
  regs.lsr = kLsrTxEmpty;
  DwUart uart(reinterpret_cast<uintptr_t>(&regs));
  uart.write("x", 1, 32, 10);
  EXPECT_EQ(regs.rbr_thr_dll, 0u);
}
