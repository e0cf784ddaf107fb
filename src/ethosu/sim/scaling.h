// The NPU's output scaling (../shared/spec/ethos-u55.md §3): v * scale >> shift
// with the rounding mode of the register, equal to TOSA's apply_scale_32 for
// DBL. Products are exact in 64 bits for 32-bit values.
#pragma once
#include <cstdint>

namespace ember::ethosu {

enum class Rounding : uint8_t { Double = 0, Truncate = 1, Natural = 2 };

// double_round_bits: 0 for the OFM stage; 20 (8-bit) / 15 (16-bit) for OPA
// input scaling of advanced ADD/SUB.
inline int64_t apply_scale(int64_t value, uint32_t scale, uint32_t shift, Rounding mode, uint32_t double_round_bits = 0) {
  int64_t round = shift > 0 ? int64_t{1} << (shift - 1) : 0;
  if (mode == Rounding::Truncate) {
    round = value >= 0 ? 0 : (shift > 0 ? (int64_t{1} << shift) - 1 : 0);
  } else if (mode == Rounding::Double && shift > 31 - double_round_bits) {
    const int64_t d = int64_t{1} << (30 - double_round_bits);
    round += value >= 0 ? d : -d;
  }
  int64_t product = 0;
  int64_t sum = 0;
  if (__builtin_mul_overflow(value, static_cast<int64_t>(scale), &product) ||
      __builtin_add_overflow(product, round, &sum)) {
    // Only accumulators far beyond 32 bits get here (the public facts leave their
    // overflow open): saturate, the output stage clamps to the OFM range anyway.
    sum = value < 0 ? INT64_MIN : INT64_MAX;
  }
  return shift >= 63 ? (sum < 0 ? -1 : 0) : sum >> shift;
}

inline int64_t clamp64(int64_t v, int64_t lo, int64_t hi) { return v < lo ? lo : (v > hi ? hi : v); }

}  // namespace ember::ethosu
