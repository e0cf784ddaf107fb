#include "uart.h"

#include <cstdint>

#include "board.h"

namespace ember::board {
namespace {

struct CmsdkUart {
  volatile uint32_t data;   // 0x00
  volatile uint32_t state;  // 0x04
  volatile uint32_t ctrl;   // 0x08
};
static_assert(offsetof(CmsdkUart, state) == 0x04);
static_assert(offsetof(CmsdkUart, ctrl) == 0x08);

CmsdkUart* uart() { return reinterpret_cast<CmsdkUart*>(kUart0Base); }

}  // namespace

void uart_init() { uart()->ctrl = uart()->ctrl | kUartCtrlTxEnable; }

void uart_write(const char* text, size_t length) {
  for (size_t i = 0; i < length; ++i) {
    while (uart()->state & kUartStateTxFull) {
    }
    uart()->data = static_cast<uint8_t>(text[i]);
  }
}

}  // namespace ember::board
