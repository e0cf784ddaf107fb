// Quantize/dequantize edge cases whose answers follow from the arithmetic itself
// (round half to even, clamping, zero points); bit-exactness against upstream's
// runtime on ties and random data is tests/kernels/test_quantize_parity.py.
#include <cmath>
#include <cstring>
#include <limits>

#include "kernels/quantized/quantize_arithmetic.h"
#include "kernels/quantized/quantized_kernels.h"
#include "testing/test.h"

namespace ember::kernels {
namespace {

int64_t q8(float x, float scale, int32_t zp) { return quantize_value(x, 1.0f / scale, zp, -128, 127); }

EMBER_TEST(ties_round_to_even) {
  EXPECT_EQ(q8(0.5f, 1.0f, 0), 0);
  EXPECT_EQ(q8(1.5f, 1.0f, 0), 2);
  EXPECT_EQ(q8(2.5f, 1.0f, 0), 2);
  EXPECT_EQ(q8(-0.5f, 1.0f, 0), 0);
  EXPECT_EQ(q8(-1.5f, 1.0f, 0), -2);
  EXPECT_EQ(q8(-2.5f, 1.0f, 0), -2);
}

EMBER_TEST(zero_point_is_added_after_rounding) {
  EXPECT_EQ(q8(0.5f, 1.0f, 3), 3);   // nearbyint(0.5) = 0, then + 3
  EXPECT_EQ(q8(1.5f, 1.0f, -3), -1);
  EXPECT_EQ(q8(0.25f, 0.1f, -128), -126);  // 0.25 * 10 = 2.5 -> 2
}

EMBER_TEST(saturates_at_both_ends) {
  EXPECT_EQ(q8(1000.0f, 1.0f, 0), 127);
  EXPECT_EQ(q8(-1000.0f, 1.0f, 0), -128);
  EXPECT_EQ(q8(100.0f, 1.0f, 100), 127);
  EXPECT_EQ(quantize_value(3.0f, 1.0f, 0, -2, 2), 2);  // narrower range than the dtype
}

EMBER_TEST(nan_and_infinity_policy) {
  const float inf = std::numeric_limits<float>::infinity();
  EXPECT_EQ(q8(std::nanf(""), 0.5f, 7), 7);  // NaN -> zero point
  EXPECT_EQ(q8(inf, 0.5f, 7), 127);
  EXPECT_EQ(q8(-inf, 0.5f, 7), -128);
}

EMBER_TEST(dequantize_subtracts_zero_point_then_scales_in_float) {
  EXPECT_TRUE(dequantize_value(-128, 0.5f, -128) == 0.0f);
  EXPECT_TRUE(dequantize_value(127, 0.5f, -128) == 127.5f);
  EXPECT_TRUE(dequantize_value(5, 0.1f, 2) == static_cast<float>(3) * 0.1f);
}

// The kernels through their argument lists, as the runtime calls them.
struct QuantizeCall {
  float input[4] = {-1.0f, 0.25f, 0.5f, 100.0f};
  int8_t output[4] = {};
  int32_t sizes[1] = {4};
  uint8_t dim_order[1] = {0};
  Tensor in{ScalarType::Float, 1, sizes, dim_order, input};
  Tensor out{ScalarType::Char, 1, sizes, dim_order, output};
  EValue values[8];
  EValue* args[8];

  QuantizeCall(double scale, int64_t zp, int64_t dtype) {
    values[0].tag = Tag::Tensor; values[0].payload.as_tensor = &in;
    values[1].tag = Tag::Double; values[1].payload.as_double = scale;
    values[2].tag = Tag::Int; values[2].payload.as_int = zp;
    values[3].tag = Tag::Int; values[3].payload.as_int = -128;
    values[4].tag = Tag::Int; values[4].payload.as_int = 127;
    values[5].tag = Tag::Int; values[5].payload.as_int = dtype;
    values[6].tag = Tag::Tensor; values[6].payload.as_tensor = &out;
    values[7] = values[6];
    for (int i = 0; i < 8; ++i) args[i] = &values[i];
  }
  Error run() {
    KernelContext context;
    return quantize_per_tensor_out(context, Span<EValue*>(args, 8));
  }
};

EMBER_TEST(quantize_kernel_writes_int8) {
  QuantizeCall call(0.25, 1, static_cast<int64_t>(ScalarType::Char));
  ASSERT_OK(call.run());
  EXPECT_EQ(call.output[0], -3);  // -4 + 1
  EXPECT_EQ(call.output[1], 2);   // 1 + 1
  EXPECT_EQ(call.output[2], 3);   // 2 + 1
  EXPECT_EQ(call.output[3], 127);
}

EMBER_TEST(quantize_kernel_rejects_bad_arguments) {
  QuantizeCall wrong_dtype(0.25, 1, static_cast<int64_t>(ScalarType::Byte));
  EXPECT_TRUE(wrong_dtype.run() == Error::InvalidType);
  QuantizeCall zero_scale(0.0, 1, static_cast<int64_t>(ScalarType::Char));
  EXPECT_TRUE(zero_scale.run() == Error::InvalidArgument);
  QuantizeCall not_a_tensor(0.25, 1, static_cast<int64_t>(ScalarType::Char));
  not_a_tensor.values[0].tag = Tag::Int;
  EXPECT_TRUE(not_a_tensor.run() == Error::InvalidArgument);
  QuantizeCall too_few(0.25, 1, static_cast<int64_t>(ScalarType::Char));
  KernelContext context;
  EXPECT_TRUE(quantize_per_tensor_out(context, Span<EValue*>(too_few.args, 7)) == Error::InvalidArgument);
}

#if defined(__ARM_FEATURE_MVE)
// The MVE path against the scalar one, bit for bit: ties at every scale, values past
// both ends, +-inf, NaN, -0, subnormals, random values, lengths that are not whole
// vectors, zero points inside and outside the range.
EMBER_TEST(quantize_int8_mve_equals_reference) {
  static float in[259];
  static int8_t reference[259], mve[259];
  uint32_t state = 7;
  auto next = [&state] {
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    return state;
  };
  const float specials[] = {0.5f, 1.5f, 2.5f, -0.5f, -1.5f, -2.5f, 1e9f, -1e9f, -0.0f, 1e-39f, -1e-39f,
                            std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity(),
                            std::numeric_limits<float>::quiet_NaN()};
  const float scales[] = {1.0f, 0.5f, 0.0078125f, 0.1f, 3.3f};
  const int32_t zero_points[] = {0, -128, 127, 5, 300};
  for (int trial = 0; trial < 20; ++trial) {
    const size_t n = 1 + next() % 259;
    const float scale = scales[trial % 5];
    for (size_t i = 0; i < n; ++i) {
      const uint32_t pick = next() % 4;
      if (pick == 0) in[i] = specials[next() % 14];
      else if (pick == 1) in[i] = (static_cast<float>(next() % 512) - 256.0f + 0.5f) * scale;  // ties
      else in[i] = (static_cast<float>(next() % 2000001) - 1000000.0f) / 1000.0f;
    }
    const int32_t zp = zero_points[(trial / 5) % 5];
    const int32_t lo = trial % 3 == 1 ? -100 : -128, hi = trial % 3 == 2 ? 90 : 127;
    quantize_int8_reference(in, reference, n, 1.0f / scale, zp, lo, hi);
    quantize_int8_mve(in, mve, n, 1.0f / scale, zp, lo, hi);
    EXPECT_TRUE(std::memcmp(reference, mve, n) == 0);
  }
}
#endif

}  // namespace
}  // namespace ember::kernels
