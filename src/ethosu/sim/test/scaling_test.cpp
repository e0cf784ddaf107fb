// The output scaling on accumulators beyond 32 bits: a 16-bit IFM's 48-bit
// accumulator times a 32-bit scale is an 80-bit product, which must be exact
// before the shift (a 64-bit product would overflow and change the result).
#include "ethosu/sim/op_context.h"
#include "ethosu/sim/scaling.h"
#include "testing/test.h"

namespace ember::ethosu {
namespace {

constexpr int64_t kTwo40 = int64_t{1} << 40;
constexpr uint32_t kTwo31 = 1u << 31;

EMBER_TEST(small_values_scale_as_in_64_bits) {
  EXPECT_EQ(apply_scale(1000, 3u << 29, 31, Rounding::Natural), 750);   // 1000 * 0.375
  EXPECT_EQ(apply_scale(-1001, kTwo31, 32, Rounding::Natural), -500);   // -500.5 rounds up
  EXPECT_EQ(apply_scale(-1001, kTwo31, 32, Rounding::Truncate), -500);  // toward zero
  EXPECT_EQ(apply_scale(-1001, kTwo31, 32, Rounding::Double), -501);    // away from zero
  EXPECT_EQ(apply_scale(7, 1, 0, Rounding::Natural), 7);
}

EMBER_TEST(a_saturated_result_reaches_the_ofm_clamped) {
  // apply_scale saturates to the 64-bit limits; adding the zero point then
  // must not wrap around (found by program_fuzzer: INT64_MIN + -128).
  FeatureMap ofm;
  ofm.zero_point = -128;
  OutputStage stage;
  stage.activation_min = -128;
  stage.activation_max = 127;
  EXPECT_EQ(stage.finish(INT64_MIN, ofm), -128);
  EXPECT_EQ(stage.finish(INT64_MAX, ofm), 127);
  ofm.zero_point = 127;
  EXPECT_EQ(stage.finish(INT64_MAX, ofm), 127);
  EXPECT_EQ(stage.finish(INT64_MIN, ofm), -128);
}

EMBER_TEST(a_64_bit_feature_map_has_bounds) {
  // Found by ethosu_payload_fuzzer: an unsigned 64-bit map shifted by 64.
  FeatureMap map;
  map.element_bytes = 8;
  map.is_signed = false;
  EXPECT_EQ(map.max_value(), INT64_MAX);
  EXPECT_EQ(map.min_value(), 0);
  map.is_signed = true;
  EXPECT_EQ(map.min_value(), INT64_MIN);
}

EMBER_TEST(an_80_bit_product_is_exact) {
  // 2^40 * 2^31 = 2^71; >> 62 = 512 (the old 64-bit product saturated to give 1).
  EXPECT_EQ(apply_scale(kTwo40, kTwo31, 62, Rounding::Natural), 512);
  EXPECT_EQ(apply_scale(-kTwo40, kTwo31, 62, Rounding::Natural), -512);
  EXPECT_EQ(apply_scale(-kTwo40 - 1, kTwo31, 62, Rounding::Truncate), -512);
  EXPECT_EQ(apply_scale(-kTwo40 - 1, kTwo31, 62, Rounding::Natural), -512);
  // (2^40 + 2^39) * (2^32 - 1) >> 63: 3 * 2^39 * (2^32 - 1) / 2^63 = 767.99999982 -> 768.
  EXPECT_EQ(apply_scale(kTwo40 + (kTwo40 >> 1), 0xFFFFFFFFu, 63, Rounding::Natural), 768);
  EXPECT_EQ(apply_scale(kTwo40 + (kTwo40 >> 1), 0xFFFFFFFFu, 63, Rounding::Truncate), 767);
}

EMBER_TEST(results_beyond_64_bits_saturate) {
  EXPECT_EQ(apply_scale(INT64_MAX, 0xFFFFFFFFu, 0, Rounding::Natural), INT64_MAX);
  EXPECT_EQ(apply_scale(INT64_MIN, 0xFFFFFFFFu, 1, Rounding::Natural), INT64_MIN);
  EXPECT_EQ(apply_scale(INT64_MIN, 1, 0, Rounding::Natural), INT64_MIN);
}

#ifdef __SIZEOF_INT128__
// Where the compiler has 128-bit integers (the host), the split product equals
// them on a sweep of 48-bit accumulators, scales and shifts.
EMBER_TEST(the_split_product_equals_int128) {
  uint64_t state = 0x9E3779B97F4A7C15u;
  auto next = [&state] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  int mismatches = 0;
  for (int i = 0; i < 100000; ++i) {
    const int64_t value = static_cast<int64_t>(next()) >> (16 + next() % 40);
    const auto scale = static_cast<uint32_t>(next());
    const auto shift = static_cast<uint32_t>(next() % 64);
    const __int128 round = shift > 0 ? static_cast<__int128>(1) << (shift - 1) : 0;
    const __int128 exact = (static_cast<__int128>(value) * scale + round) >> shift;
    const int64_t expected = exact > INT64_MAX ? INT64_MAX : (exact < INT64_MIN ? INT64_MIN : static_cast<int64_t>(exact));
    if (apply_scale(value, scale, shift, Rounding::Natural) != expected) ++mismatches;
  }
  EXPECT_EQ(mismatches, 0);
}
#endif

}  // namespace
}  // namespace ember::ethosu
