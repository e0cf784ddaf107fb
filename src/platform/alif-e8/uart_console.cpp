// Console on UART2 and UART4 at once (which one reaches the PC depends on the
// board's jumpers): clock, pins, divisor, 8N1.
#include <cstdio>

#include "clock_control.h"
#include "console.h"
#include "dw_uart.h"
#include "pinmux.h"
#include "soc_facts.h"

namespace ember::board {
namespace {

constexpr size_t kUartCount = sizeof(kConsoleUarts) / sizeof(kConsoleUarts[0]);
constexpr alif::UartDivisor kDivisor = alif::uart_divisor(kUartClockHz, kUartBaud, kUartFractionBits);

DwUart g_uarts[kUartCount] = {DwUart(kUart0Base + kConsoleUarts[0].index * kUartStride),
                              DwUart(kUart0Base + kConsoleUarts[1].index * kUartStride)};

}  // namespace

void console_init() {
  for (size_t i = 0; i < kUartCount; ++i) {
    const ConsoleUart& uart = kConsoleUarts[i];
    ClockControl::enable_uart(uart.index);
    PinMux::set(uart.rx, uart.alternate_function, kPadReadEnable);
    PinMux::set(uart.tx, uart.alternate_function, 0);
    g_uarts[i].init(kDivisor, kUartResetWaitPolls);
  }
}

void console_write(const char* text, size_t length) {
  for (DwUart& uart : g_uarts) uart.write(text, length, kUartFifoBytes, kUartTxPollLimit);
}

void console_flush() {
  for (DwUart& uart : g_uarts) uart.flush(kUartTxPollLimit);
}

void console_print_facts() {
  std::printf("  console: uart, %u baud 8N1 from a %u Hz clock: DLL/DLH %u, DLF %u/%u (actual %u baud)\n",
              static_cast<unsigned>(kUartBaud), static_cast<unsigned>(kUartClockHz),
              static_cast<unsigned>(kDivisor.integer), static_cast<unsigned>(kDivisor.fraction),
              1u << kUartFractionBits,
              static_cast<unsigned>(alif::uart_baud(kUartClockHz, kDivisor, kUartFractionBits)));
  std::printf("  UART_CTRL 0x%08x after set-up\n", static_cast<unsigned>(ClockControl::uart_ctrl()));
  for (size_t i = 0; i < kUartCount; ++i) {
    const ConsoleUart& uart = kConsoleUarts[i];
    std::printf("  UART%u at 0x%08x: RX P%u_%u (0x%08x), TX P%u_%u (0x%08x), alt %u, %s\n",
                static_cast<unsigned>(uart.index), static_cast<unsigned>(kUart0Base + uart.index * kUartStride),
                uart.rx.port, uart.rx.pin, alif::pinmux_address(kPinMuxBase, uart.rx), uart.tx.port, uart.tx.pin,
                alif::pinmux_address(kPinMuxBase, uart.tx), static_cast<unsigned>(uart.alternate_function),
                g_uarts[i].alive() ? "draining" : "stalled (dropped)");
  }
}

}  // namespace ember::board
