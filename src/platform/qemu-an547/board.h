// QEMU mps3-an547 (Cortex-M55) facts, in one place (docs/qemu-an547.md, with sources).
#pragma once
#include <cstdint>

namespace ember::board {

constexpr uintptr_t kUart0Base = 0x49303000;  // CMSDK UART0: DATA 0x00, STATE 0x04, CTRL 0x08
constexpr uint32_t kUartStateTxFull = 1u << 0;
constexpr uint32_t kUartCtrlTxEnable = 1u << 0;
constexpr uintptr_t kCpacr = 0xE000ED88;      // CP10/CP11 full access: bits 20..23
constexpr uint32_t kSemihostingExitExtended = 0x20;
constexpr uint32_t kApplicationExit = 0x20026;
constexpr uintptr_t kSysTickBase = 0xE000E010;
constexpr uint32_t kSysTickHz = 32000000;  // mps3-an547 system clock as QEMU models it

}  // namespace ember::board
