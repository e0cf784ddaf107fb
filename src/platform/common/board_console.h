// The one console hook a firmware board gives the shared system calls
// (firmware_syscalls.cpp): write bytes out (UART, RTT), from reset on.
#pragma once
#include <cstddef>

namespace ember::board {

void console_write(const char* text, size_t length);

}  // namespace ember::board
