// The requantization arithmetic on values worked out by hand (rounding of ties in
// both steps), and, where the build has Helium, the MVE form against the scalar one
// on random inputs including the extremes.
#include "kernels/cortex_m/requantize.h"
#include "kernels/cortex_m/test/random_data.h"
#include "testing/test.h"

namespace ember::kernels::cortex_m {
namespace {

constexpr int32_t kHalf = 1 << 30;  // 0.5 in Q31

EMBER_TEST(doubling_high_multiply_rounds_ties_up) {
  EXPECT_EQ(doubling_high_multiply(5, kHalf), 3);    // 2.5 -> 3
  EXPECT_EQ(doubling_high_multiply(-5, kHalf), -2);  // -2.5 -> -2
  EXPECT_EQ(doubling_high_multiply(4, kHalf), 2);
  EXPECT_EQ(doubling_high_multiply(INT32_MAX, INT32_MAX), INT32_MAX - 1);
}

EMBER_TEST(right_shift_rounds_ties_away_from_zero) {
  EXPECT_EQ(rounding_divide_by_power_of_two(3, 1), 2);    // 1.5
  EXPECT_EQ(rounding_divide_by_power_of_two(-3, 1), -2);  // -1.5
  EXPECT_EQ(rounding_divide_by_power_of_two(5, 2), 1);    // 1.25
  EXPECT_EQ(rounding_divide_by_power_of_two(-6, 2), -2);  // -1.5
  EXPECT_EQ(rounding_divide_by_power_of_two(-5, 2), -1);  // -1.25
  EXPECT_EQ(rounding_divide_by_power_of_two(INT32_MIN, 31), -1);
  EXPECT_EQ(rounding_divide_by_power_of_two(7, 0), 7);
}

EMBER_TEST(requantize_shifts_left_then_multiplies_then_shifts_right) {
  EXPECT_EQ(requantize(6, kHalf, -1), 2);    // 3 / 2 = 1.5 -> 2
  EXPECT_EQ(requantize(-6, kHalf, -1), -2);  // -1.5 -> -2
  EXPECT_EQ(requantize(3, kHalf, 2), 6);     // 3 * 4 * 0.5
  EXPECT_EQ(requantize(1000, 1518500250, -8), 3);  // 1000 * 0.7071 / 256 = 2.76
}

#if defined(__ARM_FEATURE_MVE)
EMBER_TEST(mve_requantize_equals_scalar) {
  Xorshift rng{0x1234567u};
  int32_t values[4];
  for (int i = 0; i < 20000; ++i) {
    for (int32_t& v : values) {
      const uint32_t kind = rng.next() % 8;
      v = kind == 0 ? INT32_MIN : kind == 1 ? INT32_MAX : kind < 4 ? rng.in_range(-70000, 70000)
                                                                   : static_cast<int32_t>(rng.next());
    }
    const int32_t multiplier = rng.in_range(0, INT32_MAX);
    const int32_t shift = rng.in_range(-31, 30);
    int32_t out[4];
    vst1q_s32(out, requantize_mve(vld1q_s32(values), multiplier, shift));
    int32_t per_lane[4];
    vst1q_s32(per_lane, requantize_mve(vld1q_s32(values), vdupq_n_s32(multiplier), vdupq_n_s32(shift)));
    for (int lane = 0; lane < 4; ++lane) {
      const int32_t want = requantize(values[lane], multiplier, shift);
      EXPECT_EQ(out[lane], want);
      EXPECT_EQ(per_lane[lane], want);
    }
  }
}
#endif

}  // namespace
}  // namespace ember::kernels::cortex_m
