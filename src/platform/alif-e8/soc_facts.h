// Facts of the Ensemble E8 SoC that both M55 cores share (same local addresses
// on HE and HP), with their public sources in docs/e8-facts.md. None is verified on silicon:
// each is one named constant, and board_init() prints them all (facts.cpp).
// Per-core facts come from the board's board.json (generated board_facts.h).
#pragma once
#include <cstdint>

#include "pin.h"
#include "se_message.h"

namespace ember::board {

using alif::Pin;

// Peripheral windows the MPU maps as Device memory (the first sits in the Code
// region, Normal by default).
constexpr uintptr_t kHostPeripheralsBase = 0x1A000000;  // pin mux, clock units
constexpr uint32_t kHostPeripheralsBytes = 0x01000000;
constexpr uintptr_t kPeripheralsBase = 0x40000000;      // NPU, MHUs, UARTs, GPIO, clock control
constexpr uint32_t kPeripheralsBytes = 0x10000000;

// Clock control (CLKCTL_PER_SLV): EXPMST0_CTRL +0x000, UART_CTRL +0x008.
constexpr uintptr_t kClockControlBase = 0x4902F000;
constexpr uint32_t kExpmst0ForcePeripheralClocks = (1u << 31) | (1u << 30);
constexpr uint32_t kUartClockEnableShift = 0;  // bit n: UARTn clock on
constexpr uint32_t kUartClockSourceShift = 8;  // bit 8+n: 1 = SYST_PCLK, 0 = HFOSC

// DesignWare 16550 UARTs; the console is UART2 or UART4 depending on jumpers: both are driven.
constexpr uintptr_t kUart0Base = 0x49018000;
constexpr uint32_t kUartStride = 0x1000;
constexpr uint32_t kUartClockHz = 100000000;  // SYST_PCLK (HFOSC would be 38.4 MHz)
constexpr uint32_t kUartBaud = 115200;
constexpr uint32_t kUartFractionBits = 4;      // DLF width
constexpr uint32_t kUartFifoBytes = 32;
constexpr uint32_t kUartResetWaitPolls = 64;   // after SRR, before programming
constexpr uint32_t kUartTxPollLimit = 1000000; // a UART that never drains is dropped from the console

struct ConsoleUart {
  uint32_t index;
  Pin rx;
  Pin tx;
  uint32_t alternate_function;
};
constexpr ConsoleUart kConsoleUarts[] = {
    {2, {1, 0}, {1, 1}, 1},    // P1_0 RX, P1_1 TX
    {4, {12, 1}, {12, 2}, 2},  // P12_1 RX, P12_2 TX (PRG USB virtual COM port)
};

// Pin mux: one register per pin; inputs need READ_ENABLE in the pad control.
constexpr uintptr_t kPinMuxBase = 0x1A603000;
constexpr uint32_t kPadReadEnable = 0x01;
constexpr uint32_t kAltGpio = 0;

// RGB LEDs, active high, on DesignWare APB GPIO (DR +0x00, DDR +0x04).
constexpr uintptr_t kGpio0Base = 0x49000000;
constexpr uint32_t kGpioStride = 0x1000;
struct RgbLed {
  Pin red;
  Pin green;
  Pin blue;
};
constexpr RgbLed kLeds[] = {
    {{12, 3}, {7, 4}, {12, 0}},  // LED0
    {{6, 2}, {6, 4}, {6, 6}},    // LED1
};

// Secure Enclave over MHUv2 (polled).
constexpr uintptr_t kSeSenderFrame = 0x40050000;    // M55 -> SE
constexpr uintptr_t kSeReceiverFrame = 0x40040000;  // SE -> M55
constexpr uint32_t kSeHeartbeatAttempts = 50;
constexpr uint32_t kSePollLimit = 2000000;   // register polls before a step counts as timed out
// SRAM power's last way (sram_power.h): Alif's workaround for SE firmware 1.107
// (alif_ml-embedded-evaluation-kit b1b93fc0, source/hal/source/platform/alif/
// source/platform_drivers.c: "Power ON SRAM0 & 1 and enable clocks").
constexpr uintptr_t kSe1107SramRegister = 0x1A60A004;
constexpr uint32_t kSe1107SramClearBits = (1u << 13) | (1u << 12) | (1u << 9) | (1u << 8);
// Words each bank's probe writes and reads back: its first, middle and last.
constexpr uint32_t kSramProbeWords = 3;

// Vector table: 16 system exceptions + 480 interrupts.
constexpr uint32_t kVectorCount = 496;
constexpr uint32_t kVectorTableAlignment = 2048;

}  // namespace ember::board
