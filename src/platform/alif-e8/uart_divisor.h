// DesignWare 16550 baud divisor with the fractional extension (DLF):
// baud = clock / (16 * (integer + fraction / 2^fraction_bits)).
#pragma once
#include <cstdint>

namespace ember::alif {

struct UartDivisor {
  uint32_t integer;   // DLH:DLL
  uint32_t fraction;  // DLF, in 1/2^fraction_bits steps
};

// The divisor nearest to clock / (16 * baud), in steps of 1/2^fraction_bits.
constexpr UartDivisor uart_divisor(uint32_t clock_hz, uint32_t baud, uint32_t fraction_bits) {
  uint64_t denominator = 16ull * baud;
  uint64_t steps = ((uint64_t{clock_hz} << fraction_bits) + denominator / 2) / denominator;
  return {static_cast<uint32_t>(steps >> fraction_bits), static_cast<uint32_t>(steps & ((1u << fraction_bits) - 1))};
}

// The baud rate a divisor actually gives (printed at boot next to the wanted one).
constexpr uint32_t uart_baud(uint32_t clock_hz, const UartDivisor& divisor, uint32_t fraction_bits) {
  uint64_t steps = (uint64_t{divisor.integer} << fraction_bits) + divisor.fraction;
  return steps == 0 ? 0 : static_cast<uint32_t>((uint64_t{clock_hz} << fraction_bits) / (16 * steps));
}

}  // namespace ember::alif
