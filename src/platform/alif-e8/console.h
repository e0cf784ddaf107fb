// The console chosen at build time (EMBER_CONSOLE=uart|rtt): uart_console.cpp
// or rtt_console.cpp. Works from reset on, before board_init().
#pragma once
#include <cstddef>

namespace ember::board {

void console_init();
void console_write(const char* text, size_t length);
// Waits until what was written has left the board (UART) or returns (RTT).
void console_flush();
// Printed at boot: which console, where (the RTT control block's address).
void console_print_facts();

}  // namespace ember::board
