// The console: CMSDK UART0, the only place its registers are touched.
#pragma once
#include <cstddef>

namespace ember::board {

void uart_init();
void uart_write(const char* text, size_t length);

}  // namespace ember::board
