// The console of QEMU mps3-an547: CMSDK UART0 (the system calls and log hooks
// on top of it are shared by every firmware board: common/firmware_syscalls.cpp).
#include "board_console.h"
#include "uart.h"

namespace ember::board {

void console_write(const char* text, size_t length) { uart_write(text, length); }

}  // namespace ember::board
