// The NPU's output scaling (docs/ethos-u55.md): v * scale >> shift
// with the rounding mode of the register, equal to TOSA's apply_scale_32 for
// DBL. A 48-bit accumulator (16-bit IFM) times a 32-bit scale needs 80 bits, so
// the product is formed exactly in 128 bits (two 64-bit halves: __int128 does not
// exist on the Cortex-M55), and only the shifted result saturates to 64 bits.
#pragma once
#include <cstdint>

namespace ember::ethosu {

enum class Rounding : uint8_t { Double = 0, Truncate = 1, Natural = 2 };

// A signed 128-bit value: hi * 2^64 + lo.
struct Wide {
  int64_t hi;
  uint64_t lo;

  static Wide of(int64_t v) { return {v < 0 ? -1 : 0, static_cast<uint64_t>(v)}; }

  // value * scale, exact: the value splits into a signed high and an unsigned
  // low 32-bit half, each product fits 64 bits.
  static Wide product(int64_t value, uint32_t scale) {
    const int64_t high = value >> 32;  // |high| < 2^31
    const uint64_t low = static_cast<uint64_t>(value) & 0xFFFFFFFFu;
    const int64_t high_product = high * static_cast<int64_t>(scale);  // < 2^63
    const uint64_t low_product = low * scale;
    Wide w{high_product >> 32, static_cast<uint64_t>(high_product) << 32};
    return w.plus(Wide{0, low_product});
  }

  Wide plus(Wide other) const {
    const uint64_t sum = lo + other.lo;
    const auto carry = static_cast<int64_t>(sum < lo);
    return {static_cast<int64_t>(static_cast<uint64_t>(hi) + static_cast<uint64_t>(other.hi) +
                                 static_cast<uint64_t>(carry)),
            sum};
  }

  // Arithmetic shift right by 0..127.
  Wide shifted_right(uint32_t shift) const {
    if (shift == 0) return *this;
    if (shift >= 64) return {hi < 0 ? -1 : 0, static_cast<uint64_t>(hi >> (shift >= 127 ? 63 : shift - 64))};
    return {hi >> shift, (lo >> shift) | (static_cast<uint64_t>(hi) << (64 - shift))};
  }

  // The value clamped to the int64 range.
  int64_t saturated() const {
    const bool fits = (hi == 0 && lo <= static_cast<uint64_t>(INT64_MAX)) ||
                      (hi == -1 && lo >= static_cast<uint64_t>(INT64_MIN));
    if (fits) return static_cast<int64_t>(lo);
    return hi < 0 ? INT64_MIN : INT64_MAX;
  }
};

// double_round_bits: 0 for the OFM stage; 20 (8-bit) / 15 (16-bit) for OPA
// input scaling of advanced ADD/SUB.
inline int64_t apply_scale(int64_t value, uint32_t scale, uint32_t shift, Rounding mode, uint32_t double_round_bits = 0) {
  int64_t round = shift > 0 ? int64_t{1} << (shift - 1) : 0;
  if (mode == Rounding::Truncate) {
    round = value >= 0 ? 0 : static_cast<int64_t>((uint64_t{1} << shift) - 1);
  } else if (mode == Rounding::Double && shift > 31 - double_round_bits) {
    const int64_t d = int64_t{1} << (30 - double_round_bits);
    round += value >= 0 ? d : -d;
  }
  return Wide::product(value, scale).plus(Wide::of(round)).shifted_right(shift).saturated();
}

inline int64_t clamp64(int64_t v, int64_t lo, int64_t hi) { return v < lo ? lo : (v > hi ? hi : v); }

}  // namespace ember::ethosu
