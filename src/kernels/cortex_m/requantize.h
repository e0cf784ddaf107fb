// The int8 requantization of CMSIS-NN and TFLite (MultiplyByQuantizedMultiplier):
// x * 2^left, a doubling high multiply rounding half up, then a right shift
// rounding half away from zero. shift > 0 is a left shift, < 0 a right shift;
// multipliers are non-negative Q31 values (never INT32_MIN, where the scalar
// and the saturating MVE multiply would differ). The left shift wraps like
// CMSIS-NN's (and MVE's VSHL) so both paths agree on every input.
#pragma once
#include <cstdint>

#if defined(__ARM_FEATURE_MVE)
#include <arm_mve.h>
#endif

namespace ember::kernels::cortex_m {

inline int32_t doubling_high_multiply(int32_t a, int32_t b) {
  return static_cast<int32_t>((static_cast<int64_t>(a) * b + (int64_t{1} << 30)) >> 31);
}

inline int32_t rounding_divide_by_power_of_two(int32_t x, int32_t exponent) {
  const int32_t mask = static_cast<int32_t>((int64_t{1} << exponent) - 1);
  const int32_t remainder = x & mask;
  const int32_t result = x >> exponent;
  const int32_t threshold = (mask >> 1) + (result < 0 ? 1 : 0);
  return result + (remainder > threshold ? 1 : 0);
}

inline int32_t requantize(int32_t x, int32_t multiplier, int32_t shift) {
  const int32_t left = shift > 0 ? shift : 0;
  const int32_t right = shift > 0 ? 0 : -shift;
  const auto shifted = static_cast<int32_t>(static_cast<uint32_t>(x) << left);
  return rounding_divide_by_power_of_two(doubling_high_multiply(shifted, multiplier), right);
}

inline int32_t clamp(int32_t v, int32_t lo, int32_t hi) { return v < lo ? lo : (v > hi ? hi : v); }

// The range of the shifts requantize() takes (what upstream's quantize_multiplier_aot
// produces).
inline bool valid_requantization(int64_t multiplier, int64_t shift) {
  return multiplier >= 0 && multiplier <= INT32_MAX && shift >= -31 && shift <= 30;
}

#if defined(__ARM_FEATURE_MVE)
// Rounding half away from zero: negative lanes are nudged down by one before
// VRSHL's round-half-up shift.
inline int32x4_t rounding_divide_by_power_of_two_mve(int32x4_t x, int32x4_t exponent) {
  const int32x4_t negated = vnegq_s32(exponent);
  const int32x4_t fixup = vshrq_n_s32(vandq_s32(x, negated), 31);
  return vrshlq_s32(vqaddq_s32(x, fixup), negated);
}

// VQRDMULH is the doubling high multiply rounding half up.
inline int32x4_t requantize_mve(int32x4_t x, int32_t multiplier, int32_t shift) {
  const int32_t left = shift > 0 ? shift : 0;
  const int32_t right = shift > 0 ? 0 : -shift;
  const int32x4_t high = vqrdmulhq_n_s32(vshlq_s32(x, vdupq_n_s32(left)), multiplier);
  return rounding_divide_by_power_of_two_mve(high, vdupq_n_s32(right));
}

// Per-lane multipliers and shifts (per-channel requantization).
// min(shift, 0) is the negated right shift VRSHL takes (rounding_divide_by_power_of_two_mve
// without its negation).
inline int32x4_t requantize_mve(int32x4_t x, int32x4_t multiplier, int32x4_t shift) {
  const int32x4_t zero = vdupq_n_s32(0);
  const int32x4_t negated_right = vminq_s32(shift, zero);
  const int32x4_t high = vqrdmulhq_s32(vshlq_s32(x, vmaxq_s32(shift, zero)), multiplier);
  const int32x4_t fixup = vshrq_n_s32(vandq_s32(high, negated_right), 31);
  return vrshlq_s32(vqaddq_s32(high, fixup), negated_right);
}

inline int32x4_t clamp_mve(int32x4_t v, int32_t lo, int32_t hi) {
  return vminq_s32(vmaxq_s32(v, vdupq_n_s32(lo)), vdupq_n_s32(hi));
}
#endif

}  // namespace ember::kernels::cortex_m
