// Pools, elementwise, table, softmax, matmul and data-movement kernels: hand-worked
// cases for the reference path, and on a Helium build (in QEMU) the MVE path against
// the reference path bit for bit on random data, lengths that leave vector tails and
// parameters that saturate.
#include <cstring>
#include <initializer_list>

#include "kernels/cortex_m/ops.h"
#include "kernels/cortex_m/test/random_data.h"
#include "testing/test.h"

namespace ember::kernels::cortex_m {
namespace {

EMBER_TEST(avg_pool_rounds_half_away_from_zero_over_valid_taps) {
  const int8_t input[4] = {1, 2, -1, -2};  // 2x2, one channel
  int8_t out[9];
  // 1x2 window, stride 1, pad 1 on the right column: (0,0) averages 1,2; (0,1) only 2
  AvgPool2d a{{1, 2, 2, 1}, {1, 2, 2, 1}, {1, 2, 1, 1, 0, 1}, input, out};
  a.window.pad_w = 0;
  a.out.w = 1;
  avg_pool2d_reference(a);
  EXPECT_EQ(out[0], 2);   // 1.5 -> 2
  EXPECT_EQ(out[1], -2);  // -1.5 -> -2
  a.window = {2, 2, 1, 1, 1, 1};
  a.out = {1, 3, 3, 1};
  avg_pool2d_reference(a);  // padding is not counted: the corner (0,0) sees only input[0]
  EXPECT_EQ(out[0], 1);
  EXPECT_EQ(out[4], 0);   // all four: 0 / 4
  EXPECT_EQ(out[8], -2);
}

EMBER_TEST(add_rescales_both_inputs_then_the_sum) {
  // Equal scales s, output scale 2s: multipliers 0.5 for each input (2s = 2 max scale),
  // output 2s / (2s * 2^20) = 2^-20, expressed as 0.5 * 2^-19.
  const Add p{0, 1 << 30, 0, 10, 1 << 30, 0, -3, 1 << 30, -19, -128, 127};
  const int8_t a[3] = {20, -100, 127};
  const int8_t b[3] = {30, -100, 127};
  int8_t out[3];
  add_reference(p, a, b, 1, out, 3);
  EXPECT_EQ(out[0], 17);    // (20 + 20) / 2 - 3
  EXPECT_EQ(out[1], -108);  // (-100 - 110) / 2 - 3
  EXPECT_EQ(out[2], 119);   // (127 + 117) / 2 - 3
  add_reference(p, a, b, 0, out, 3);  // b broadcast: always 30
  EXPECT_EQ(out[1], -43);   // (-100 + 20) / 2 - 3
}

EMBER_TEST(mul_multiplies_offset_inputs_and_saturates) {
  const Mul p{-1, 2, 5, 1 << 30, -2};  // product / 8 + 5
  const int8_t a[2] = {7, 127};
  const int8_t b[2] = {10, 127};
  int8_t out[2];
  mul_reference(p, a, b, 1, out, 2);
  EXPECT_EQ(out[0], 13);   // 8 * 8 / 8 + 5
  EXPECT_EQ(out[1], 127);  // 128 * 125 / 8 + 5 saturates
}

EMBER_TEST(softmax_of_equal_values_is_uniform) {
  const int8_t input[8] = {3, 3, 3, 3, -50, -50, 100, -50};
  int8_t out[8];
  // input scale 0.1: multiplier 0.8 (Q31), shift 23, diff_min -248
  const Softmax a{2, 4, 1717986918, 23, -248, input, out};
  softmax_reference(a);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(out[i], -64);  // 1/4 = 64/256
  EXPECT_EQ(out[6], 127);   // exp(15) dominates: 1.0 saturates to 255/256
  EXPECT_EQ(out[4], -128);  // exp(-15) rounds to 0
}

EMBER_TEST(transpose_and_pad_move_bytes) {
  const int8_t input[6] = {1, 2, 3, 4, 5, 6};  // [2, 3]
  int8_t out[12];
  strided_copy_reference(Strided4{{1, 1, 3, 2}, {0, 0, 1, 3}}, input, out);  // -> [3, 2]
  const int8_t transposed[6] = {1, 4, 2, 5, 3, 6};
  EXPECT_TRUE(std::memcmp(out, transposed, 6) == 0);
  pad_reference(Pad4{{1, 1, 2, 3}, {0, 0, 1, 0}, {0, 0, 0, 1}, -7}, input, out);  // -> [3, 4]
  const int8_t padded[12] = {-7, -7, -7, -7, 1, 2, 3, -7, 4, 5, 6, -7};
  EXPECT_TRUE(std::memcmp(out, padded, 12) == 0);
}

EMBER_TEST(transpose_conv_scatters_each_input_pixel) {
  const int8_t input[2] = {2, 3};   // 1x2, one channel
  const int8_t weight[2] = {1, 10};  // one output channel, 1x2 kernel
  const int32_t one = INT32_MAX, shift = 0;
  int8_t out[4];
  TransposeConv2d a{};
  a.in = {1, 1, 2, 1};
  a.out = {1, 1, 4, 1};  // (2 - 1) * 2 + 2 = 4
  a.window = {1, 2, 1, 2, 0, 0};
  a.rq = {&one, &shift, 0, -128, 127};
  a.input = input;
  a.weight = weight;
  a.output = out;
  transpose_conv2d_reference(a);
  EXPECT_EQ(out[0], 2);
  EXPECT_EQ(out[1], 20);
  EXPECT_EQ(out[2], 3);
  EXPECT_EQ(out[3], 30);
}

#if defined(__ARM_FEATURE_MVE)
int8_t g_a[4096], g_b[4096], g_lut[256];
int8_t g_reference[8192], g_mve[8192];
int32_t g_multipliers[64], g_shifts[64];

bool same(size_t n) { return std::memcmp(g_reference, g_mve, n) == 0; }

EMBER_TEST(elementwise_mve_equals_reference) {
  Xorshift rng{21};
  rng.fill(g_a, sizeof g_a);
  rng.fill(g_b, sizeof g_b);
  rng.fill(g_lut, sizeof g_lut);
  for (int trial = 0; trial < 60; ++trial) {
    const auto n = static_cast<size_t>(rng.in_range(1, 300));
    const size_t b_step = trial % 4 == 0 ? 0 : 1;
    const int32_t lo = rng.in_range(-128, -60);
    const int32_t most_left = trial % 3 == 0 ? 2 : 0;  // some left shifts: the MVE path's general case
    const Add add_params{rng.in_range(-128, 127), rng.in_range(1 << 29, INT32_MAX), rng.in_range(-3, most_left),
                         rng.in_range(-128, 127), rng.in_range(1 << 29, INT32_MAX), rng.in_range(-3, most_left),
                         rng.in_range(-128, 127), rng.in_range(1 << 29, INT32_MAX), rng.in_range(-22, -12),
                         lo, rng.in_range(lo + 60, 127)};
    add_reference(add_params, g_a, g_b, b_step, g_reference, n);
    add_mve(add_params, g_a, g_b, b_step, g_mve, n);
    EXPECT_TRUE(same(n));
    // Some zero points far outside int8: upstream gives a hardsigmoid operand -737 to -1666.
    const int32_t mul_zero_point = trial % 4 == 1 ? rng.in_range(-2000, 2000) : rng.in_range(-128, 127);
    const Mul mul_params{rng.in_range(-128, 127), mul_zero_point, rng.in_range(-128, 127),
                         rng.in_range(1 << 29, INT32_MAX), rng.in_range(-12, most_left - 4)};
    mul_reference(mul_params, g_a, g_b, b_step, g_reference, n);
    mul_mve(mul_params, g_a, g_b, b_step, g_mve, n);
    EXPECT_TRUE(same(n));
    for (Extremum which : {Extremum::Minimum, Extremum::Maximum}) {
      extremum_reference(which, g_a, g_b, b_step, g_reference, n);
      extremum_mve(which, g_a, g_b, b_step, g_mve, n);
      EXPECT_TRUE(same(n));
    }
    lookup_reference(g_lut, g_a + trial, g_reference, n);
    lookup_mve(g_lut, g_a + trial, g_mve, n);
    EXPECT_TRUE(same(n));
  }
}

EMBER_TEST(avg_pool2d_mve_equals_reference) {
  Xorshift rng{22};
  for (int trial = 0; trial < 40; ++trial) {
    AvgPool2d a{};
    a.in = {rng.in_range(1, 2), rng.in_range(1, 30), rng.in_range(1, 12), rng.in_range(1, 40)};
    a.window = {rng.in_range(1, a.in.h), rng.in_range(1, a.in.w), rng.in_range(1, 4), rng.in_range(1, 4), 0, 0};
    a.window.pad_h = rng.in_range(0, a.window.kernel_h / 2);
    a.window.pad_w = rng.in_range(0, a.window.kernel_w / 2);
    a.out = {a.in.n, (a.in.h + 2 * a.window.pad_h - a.window.kernel_h) / a.window.stride_h + 1,
             (a.in.w + 2 * a.window.pad_w - a.window.kernel_w) / a.window.stride_w + 1, a.in.c};
    if (a.in.count() > sizeof g_a || a.out.count() > sizeof g_reference) continue;
    rng.fill(g_a, a.in.count());
    if (trial % 5 == 0) std::memset(g_a, 0x80, a.in.count());  // all -128: the int16 sums' limit
    a.input = g_a;
    a.output = g_reference;
    avg_pool2d_reference(a);
    a.output = g_mve;
    avg_pool2d_mve(a);
    EXPECT_TRUE(same(a.out.count()));
  }
}

EMBER_TEST(softmax_mve_equals_reference) {
  Xorshift rng{23};
  for (int trial = 0; trial < 40; ++trial) {
    const Softmax a{rng.in_range(1, 5), rng.in_range(1, 200), rng.in_range(1 << 30, INT32_MAX),
                    rng.in_range(18, 23), -rng.in_range(100, 3000), g_a, g_reference};
    rng.fill(g_a, static_cast<size_t>(a.rows) * a.row_size);
    if (trial % 4 == 0) std::memset(g_a, rng.in_range(-128, 127), static_cast<size_t>(a.row_size));  // a flat row
    softmax_reference(a);
    Softmax b = a;
    b.output = g_mve;
    softmax_mve(b);
    EXPECT_TRUE(same(static_cast<size_t>(a.rows) * a.row_size));
  }
}

EMBER_TEST(batch_matmul_mve_equals_reference) {
  Xorshift rng{24};
  for (int trial = 0; trial < 30; ++trial) {
    BatchMatmul a{rng.in_range(1, 3), rng.in_range(1, 8), rng.in_range(1, 9), rng.in_range(1, 100),
                  rng.in_range(-127, 128), rng.in_range(-127, 128), rng.in_range(-128, 127),
                  rng.in_range(1 << 29, INT32_MAX), rng.in_range(-18, -8), g_a, g_b, g_reference};
    rng.fill(g_a, static_cast<size_t>(a.batch) * a.m * a.k);
    rng.fill(g_b, static_cast<size_t>(a.batch) * a.n * a.k);
    batch_matmul_reference(a);
    a.output = g_mve;
    batch_matmul_mve(a);
    EXPECT_TRUE(same(static_cast<size_t>(a.batch) * a.m * a.n));
  }
}

EMBER_TEST(transpose_and_pad_mve_equal_reference) {
  Xorshift rng{25};
  rng.fill(g_a, sizeof g_a);
  for (int trial = 0; trial < 30; ++trial) {
    const int32_t e[4] = {rng.in_range(1, 3), rng.in_range(1, 5), rng.in_range(1, 7), rng.in_range(1, 40)};
    // A random permutation of a contiguous [e0, e1, e2, e3] input.
    const int32_t strides[4] = {e[1] * e[2] * e[3], e[2] * e[3], e[3], 1};
    int32_t perm[4] = {0, 1, 2, 3};
    for (int i = 3; i > 0; --i) {
      const int32_t j = rng.in_range(0, i);
      const int32_t t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    Strided4 s{};
    for (int i = 0; i < 4; ++i) {
      s.extent[i] = e[perm[i]];
      s.in_stride[i] = strides[perm[i]];
    }
    strided_copy_reference(s, g_a, g_reference);
    strided_copy_mve(s, g_a, g_mve);
    EXPECT_TRUE(same(static_cast<size_t>(e[0]) * e[1] * e[2] * e[3]));
    Pad4 p{{e[0], e[1], e[2], e[3]}, {}, {}, static_cast<int8_t>(rng.in_range(-128, 127))};
    size_t padded = 1;
    for (int i = 0; i < 4; ++i) {
      p.before[i] = rng.in_range(0, 2);
      p.after[i] = rng.in_range(0, 2);
      padded *= static_cast<size_t>(p.before[i] + e[i] + p.after[i]);
    }
    if (padded > sizeof g_reference) continue;
    pad_reference(p, g_a, g_reference);
    pad_mve(p, g_a, g_mve);
    EXPECT_TRUE(same(padded));
  }
}

EMBER_TEST(transpose_conv2d_mve_equals_reference) {
  Xorshift rng{26};
  for (int trial = 0; trial < 30; ++trial) {
    TransposeConv2d a{};
    a.in = {1, rng.in_range(1, 5), rng.in_range(1, 5), rng.in_range(1, 20)};
    a.window = {rng.in_range(1, 3), rng.in_range(1, 3), rng.in_range(1, 3), rng.in_range(1, 3), 0, 0};
    a.window.pad_h = rng.in_range(0, a.window.kernel_h - 1);
    a.window.pad_w = rng.in_range(0, a.window.kernel_w - 1);
    a.out = {1, (a.in.h - 1) * a.window.stride_h - 2 * a.window.pad_h + a.window.kernel_h,
             (a.in.w - 1) * a.window.stride_w - 2 * a.window.pad_w + a.window.kernel_w, rng.in_range(1, 20)};
    if (a.out.h < 1 || a.out.w < 1 || a.out.count() > sizeof g_reference) continue;
    rng.fill(g_a, a.in.count());
    rng.fill(g_b, static_cast<size_t>(a.out.c) * a.window.kernel_h * a.window.kernel_w * a.in.c);
    rng.fill(g_multipliers, static_cast<size_t>(a.out.c), 1 << 29, INT32_MAX);
    rng.fill(g_shifts, static_cast<size_t>(a.out.c), -10, 0);
    a.input_offset = rng.in_range(-127, 128);
    a.rq = {g_multipliers, g_shifts, rng.in_range(-128, 127), -128, 127};
    a.input = g_a;
    a.weight = g_b;
    a.output = g_reference;
    transpose_conv2d_reference(a);
    a.output = g_mve;
    transpose_conv2d_mve(a);
    EXPECT_TRUE(same(a.out.count()));
  }
}
#endif

}  // namespace
}  // namespace ember::kernels::cortex_m
