// Each cortex_m:: kernel: hand-worked cases for what the reference path must do,
// and, on a Helium build (in QEMU), the MVE path against the reference path bit
// for bit on random data and shapes chosen to hit the edges (channel counts that
// are not multiples of the vector width, padding, strides, dilation, saturation).
#include <cstring>

#include "kernels/cortex_m/ops.h"
#include "kernels/cortex_m/test/random_data.h"
#include "testing/test.h"

namespace ember::kernels::cortex_m {
namespace {

// One pixel, one channel: the output is the requantized sum of the valid taps.
EMBER_TEST(conv2d_dilated_and_padded_counts_only_valid_taps) {
  int8_t input[25];
  for (int i = 0; i < 25; ++i) input[i] = static_cast<int8_t>(i);  // 5x5, value = y * 5 + x
  int8_t weight[9];
  for (int8_t& w : weight) w = 1;
  const int32_t one = INT32_MAX, zero_shift = 0;  // multiplier ~1.0
  int8_t out[9];
  Conv2d a{};
  a.in = {1, 5, 5, 1};
  a.out = {1, 3, 3, 1};
  a.window = {3, 3, 2, 2, 2, 2, 2, 2};  // 3x3, stride 2, pad 2, dilation 2
  a.groups = 1;
  a.input_offset = 1;
  a.rq = {&one, &zero_shift, -3, -128, 127};
  a.input = input;
  a.weight = weight;
  a.output = out;
  conv2d_reference(a);
  // Output (0,0) covers rows/cols {-2, 0, 2}: valid taps (0,0),(0,2),(2,0),(2,2) =
  // 0 + 2 + 10 + 12 plus offset 4 x 1 = 28, then -3.
  EXPECT_EQ(out[0], 25);
  // Output (1,1) covers {0, 2, 4} both ways: all nine taps, sum 108 + 9, then -3 -> saturates.
  EXPECT_EQ(out[4], 114);
  a.rq.activation_max = 100;
  conv2d_reference(a);
  EXPECT_EQ(out[4], 100);
}

EMBER_TEST(depthwise_multiplier_reads_input_channel_o_over_multiplier) {
  const int8_t input[2] = {10, -20};        // one pixel, two channels
  const int8_t weight[4] = {1, 2, 3, -1};   // 1x1 kernel, four outputs
  const int32_t one[4] = {INT32_MAX, INT32_MAX, INT32_MAX, INT32_MAX}, shifts[4] = {};
  int8_t out[4];
  DepthwiseConv2d a{};
  a.in = {1, 1, 1, 2};
  a.out = {1, 1, 1, 4};
  a.window = {1, 1, 1, 1, 0, 0, 1, 1};
  a.depth_multiplier = 2;
  a.rq = {one, shifts, 0, -128, 127};
  a.input = input;
  a.weight = weight;
  a.output = out;
  depthwise_conv2d_reference(a);
  EXPECT_EQ(out[0], 10);
  EXPECT_EQ(out[1], 20);
  EXPECT_EQ(out[2], -60);
  EXPECT_EQ(out[3], 20);
}

EMBER_TEST(max_pool_ignores_padding_and_clamps) {
  const int8_t input[4] = {-100, -90, -80, -70};  // 2x2, one channel
  int8_t out[4];
  MaxPool2d a{{1, 2, 2, 1}, {1, 2, 2, 1}, {2, 2, 1, 1, 1, 1}, -128, -75, input, out};
  max_pool2d_reference(a);  // windows at (-1,-1) .. (0,0): padding never wins
  EXPECT_EQ(out[0], -100);
  EXPECT_EQ(out[1], -90);
  EXPECT_EQ(out[2], -80);
  EXPECT_EQ(out[3], -75);
}

EMBER_TEST(linear_with_and_without_kernel_sum_agree) {
  const int8_t x[3] = {5, -7, 127};
  const int8_t w[6] = {1, 2, 3, -4, 5, -128};
  const int32_t bias[2] = {100, -100};
  const int32_t one = INT32_MAX, shift = 0;
  const int32_t input_offset = 3;
  // kernel_sum = input_offset * sum(w) + bias
  const int32_t kernel_sum[2] = {3 * 6 + 100, 3 * (-127) - 100};
  int8_t with_bias[2], with_sum[2];
  Linear a{1, 3, 2, input_offset, 0, {&one, &shift, 0, -128, 127}, x, w, bias, nullptr, with_bias};
  linear_reference(a);
  EXPECT_EQ(with_bias[0], 127);  // (8)(1) + (-4)(2) + (130)(3) + 100 = 490 -> saturates
  EXPECT_EQ(with_bias[1], -128);
  a.bias = nullptr;
  a.kernel_sum = kernel_sum;
  a.output = with_sum;
  linear_reference(a);
  EXPECT_EQ(with_sum[0], with_bias[0]);
  EXPECT_EQ(with_sum[1], with_bias[1]);
}

#if defined(__ARM_FEATURE_MVE)
int8_t g_input[16 * 1024];
int8_t g_weight[64 * 1024];
int32_t g_bias[256], g_multipliers[256], g_shifts[256];
int8_t g_out_reference[16 * 1024];
int8_t g_out_mve[16 * 1024];

int32_t extent(int32_t in, int32_t k, int32_t stride, int32_t pad, int32_t dilation) {
  return (in + 2 * pad - dilation * (k - 1) - 1) / stride + 1;
}

// Random requantization around a typical scale, with shifts that make some outputs saturate.
Requantization random_requantization(Xorshift& rng, int32_t channels) {
  rng.fill(g_multipliers, static_cast<size_t>(channels), 1 << 29, INT32_MAX);
  rng.fill(g_shifts, static_cast<size_t>(channels), -12, 1);
  rng.fill(g_bias, static_cast<size_t>(channels), -5000, 5000);
  const int32_t lo = rng.in_range(-128, -100);
  return Requantization{g_multipliers, g_shifts, rng.in_range(-128, 127), lo, rng.in_range(lo + 100, 127)};
}

bool same_outputs(size_t n) { return std::memcmp(g_out_reference, g_out_mve, n) == 0; }

EMBER_TEST(conv2d_mve_equals_reference) {
  Xorshift rng{11};
  for (int trial = 0; trial < 40; ++trial) {
    Conv2d a{};
    a.groups = trial % 5 == 4 ? 2 : 1;
    a.in = {1, rng.in_range(1, 9), rng.in_range(1, 9), a.groups * rng.in_range(1, 37)};
    a.window = {rng.in_range(1, 4), rng.in_range(1, 4), rng.in_range(1, 3), rng.in_range(1, 3), 0, 0,
                rng.in_range(1, 2), rng.in_range(1, 2)};
    a.window.pad_h = rng.in_range(0, a.window.kernel_h);
    a.window.pad_w = rng.in_range(0, a.window.kernel_w);
    const int32_t oh = extent(a.in.h, a.window.kernel_h, a.window.stride_h, a.window.pad_h, a.window.dilation_h);
    const int32_t ow = extent(a.in.w, a.window.kernel_w, a.window.stride_w, a.window.pad_w, a.window.dilation_w);
    if (oh < 1 || ow < 1) continue;
    a.out = {1, oh, ow, a.groups * rng.in_range(1, 20)};
    rng.fill(g_input, a.in.count());
    rng.fill(g_weight, static_cast<size_t>(a.out.c) * a.window.kernel_h * a.window.kernel_w * (a.in.c / a.groups));
    a.input_offset = rng.in_range(-127, 128);
    a.rq = random_requantization(rng, a.out.c);
    a.input = g_input;
    a.weight = g_weight;
    a.bias = trial % 3 ? g_bias : nullptr;
    a.output = g_out_reference;
    conv2d_reference(a);
    a.output = g_out_mve;
    conv2d_mve(a);
    EXPECT_TRUE(same_outputs(a.out.count()));
  }
}

// Batches, 1xN kernels (read straight from the input), wider rows and channel counts on
// both sides of the four-channel blocks.
EMBER_TEST(conv2d_mve_batches_and_many_channels_equal_reference) {
  Xorshift rng{16};
  for (int trial = 0; trial < 30; ++trial) {
    Conv2d a{};
    a.groups = 1;
    a.in = {rng.in_range(1, 2), rng.in_range(1, 6), rng.in_range(1, 12), rng.in_range(1, 70)};
    a.window = {trial % 3 == 0 ? 1 : rng.in_range(1, 3), rng.in_range(1, 5), rng.in_range(1, 2), rng.in_range(1, 3), 0,
                0, rng.in_range(1, 2), trial % 4 == 1 ? 2 : 1};
    a.window.pad_h = rng.in_range(0, a.window.kernel_h - 1);
    a.window.pad_w = rng.in_range(0, a.window.kernel_w - 1);
    const int32_t oh = extent(a.in.h, a.window.kernel_h, a.window.stride_h, a.window.pad_h, a.window.dilation_h);
    const int32_t ow = extent(a.in.w, a.window.kernel_w, a.window.stride_w, a.window.pad_w, a.window.dilation_w);
    if (oh < 1 || ow < 1) continue;
    a.out = {a.in.n, oh, ow, rng.in_range(1, 70)};
    const size_t weights = static_cast<size_t>(a.out.c) * a.window.kernel_h * a.window.kernel_w * a.in.c;
    if (a.out.count() > sizeof g_out_mve || a.in.count() > sizeof g_input || weights > sizeof g_weight) continue;
    rng.fill(g_input, a.in.count());
    rng.fill(g_weight, weights);
    a.input_offset = rng.in_range(-127, 128);
    a.rq = random_requantization(rng, a.out.c);
    a.input = g_input;
    a.weight = g_weight;
    a.bias = trial % 3 ? g_bias : nullptr;
    a.output = g_out_reference;
    conv2d_reference(a);
    a.output = g_out_mve;
    conv2d_mve(a);
    EXPECT_TRUE(same_outputs(a.out.count()));
  }
}

// Filters larger than the MVE path's im2col patch take its row-by-row path.
EMBER_TEST(conv2d_mve_with_large_filters_equals_reference) {
  Xorshift rng{15};
  for (int trial = 0; trial < 6; ++trial) {
    Conv2d a{};
    a.groups = 1;
    a.in = {1, rng.in_range(2, 5), rng.in_range(2, 5), rng.in_range(240, 400)};
    a.window = {3, 3, rng.in_range(1, 2), rng.in_range(1, 2), 1, 1};
    a.out = {1, extent(a.in.h, 3, a.window.stride_h, 1, 1), extent(a.in.w, 3, a.window.stride_w, 1, 1),
             rng.in_range(1, 9)};
    rng.fill(g_input, a.in.count());
    rng.fill(g_weight, static_cast<size_t>(a.out.c) * 9 * a.in.c);
    a.input_offset = rng.in_range(-127, 128);
    a.rq = random_requantization(rng, a.out.c);
    a.input = g_input;
    a.weight = g_weight;
    a.bias = g_bias;
    a.output = g_out_reference;
    conv2d_reference(a);
    a.output = g_out_mve;
    conv2d_mve(a);
    EXPECT_TRUE(same_outputs(a.out.count()));
  }
}

EMBER_TEST(depthwise_conv2d_mve_equals_reference) {
  Xorshift rng{12};
  for (int trial = 0; trial < 40; ++trial) {
    DepthwiseConv2d a{};
    a.depth_multiplier = trial % 4 == 3 ? rng.in_range(2, 5) : 1;
    a.in = {1, rng.in_range(1, 10), rng.in_range(1, 10), rng.in_range(1, 23)};
    a.window = {rng.in_range(1, 5), rng.in_range(1, 5), rng.in_range(1, 3), rng.in_range(1, 3), 0, 0,
                rng.in_range(1, 2), 1};
    a.window.pad_h = rng.in_range(0, a.window.kernel_h);
    a.window.pad_w = rng.in_range(0, a.window.kernel_w);
    const int32_t oh = extent(a.in.h, a.window.kernel_h, a.window.stride_h, a.window.pad_h, a.window.dilation_h);
    const int32_t ow = extent(a.in.w, a.window.kernel_w, a.window.stride_w, a.window.pad_w, a.window.dilation_w);
    if (oh < 1 || ow < 1) continue;
    a.out = {1, oh, ow, a.in.c * a.depth_multiplier};
    rng.fill(g_input, a.in.count());
    rng.fill(g_weight, static_cast<size_t>(a.out.c) * a.window.kernel_h * a.window.kernel_w);
    a.input_offset = rng.in_range(-127, 128);
    a.rq = random_requantization(rng, a.out.c);
    a.input = g_input;
    a.weight = g_weight;
    a.bias = trial % 3 ? g_bias : nullptr;
    a.output = g_out_reference;
    depthwise_conv2d_reference(a);
    a.output = g_out_mve;
    depthwise_conv2d_mve(a);
    EXPECT_TRUE(same_outputs(a.out.count()));
  }
}

// Batches, rows wide enough for strips of four windows, channel counts on both sides
// of sixteen, padding wider and narrower than the stack copy, dilation in both axes,
// depth multipliers that do and do not give one input channel per vector of four.
EMBER_TEST(depthwise_conv2d_mve_wide_rows_equal_reference) {
  Xorshift rng{17};
  for (int trial = 0; trial < 45; ++trial) {
    DepthwiseConv2d a{};
    constexpr int32_t kMultipliers[] = {2, 4, 8, 12, 16, 32};
    a.depth_multiplier = trial % 3 == 2 ? kMultipliers[(trial / 3) % 6] : 1;
    a.in = {rng.in_range(1, 2), rng.in_range(1, 7), rng.in_range(1, 24),
            a.depth_multiplier > 1 ? rng.in_range(1, 256 / a.depth_multiplier) : rng.in_range(1, 70)};
    const int32_t dilation = trial % 6 == 5 ? 2 : 1;
    a.window = {rng.in_range(1, 5), rng.in_range(1, 5), rng.in_range(1, 2), rng.in_range(1, 3), 0, 0, dilation,
                dilation};
    a.window.pad_h = rng.in_range(0, a.window.kernel_h);
    a.window.pad_w = rng.in_range(0, a.window.kernel_w);
    const int32_t oh = extent(a.in.h, a.window.kernel_h, a.window.stride_h, a.window.pad_h, a.window.dilation_h);
    const int32_t ow = extent(a.in.w, a.window.kernel_w, a.window.stride_w, a.window.pad_w, a.window.dilation_w);
    if (oh < 1 || ow < 1) continue;
    a.out = {a.in.n, oh, ow, a.in.c * a.depth_multiplier};
    if (a.in.count() > sizeof g_input || a.out.count() > sizeof g_out_mve) continue;
    rng.fill(g_input, a.in.count());
    rng.fill(g_weight, static_cast<size_t>(a.out.c) * a.window.kernel_h * a.window.kernel_w);
    a.input_offset = rng.in_range(-127, 128);
    a.rq = random_requantization(rng, a.out.c);
    a.input = g_input;
    a.weight = g_weight;
    a.bias = trial % 3 ? g_bias : nullptr;
    a.output = g_out_reference;
    depthwise_conv2d_reference(a);
    a.output = g_out_mve;
    depthwise_conv2d_mve(a);
    EXPECT_TRUE(same_outputs(a.out.count()));
  }
}

EMBER_TEST(max_pool2d_mve_equals_reference) {
  Xorshift rng{13};
  for (int trial = 0; trial < 40; ++trial) {
    MaxPool2d a{};
    a.in = {rng.in_range(1, 2), rng.in_range(1, 12), rng.in_range(1, 12), rng.in_range(1, 40)};
    a.window = {rng.in_range(1, 4), rng.in_range(1, 4), rng.in_range(1, 3), rng.in_range(1, 3), 0, 0};
    a.window.pad_h = rng.in_range(0, a.window.kernel_h / 2);
    a.window.pad_w = rng.in_range(0, a.window.kernel_w / 2);
    const int32_t oh = extent(a.in.h, a.window.kernel_h, a.window.stride_h, a.window.pad_h, 1);
    const int32_t ow = extent(a.in.w, a.window.kernel_w, a.window.stride_w, a.window.pad_w, 1);
    if (oh < 1 || ow < 1) continue;
    a.out = {a.in.n, oh, ow, a.in.c};
    rng.fill(g_input, a.in.count());
    a.activation_min = rng.in_range(-128, -50);
    a.activation_max = rng.in_range(50, 127);
    a.input = g_input;
    a.output = g_out_reference;
    max_pool2d_reference(a);
    a.output = g_out_mve;
    max_pool2d_mve(a);
    EXPECT_TRUE(same_outputs(a.out.count()));
  }
}

EMBER_TEST(linear_mve_equals_reference) {
  Xorshift rng{14};
  for (int trial = 0; trial < 40; ++trial) {
    Linear a{};
    a.rows = rng.in_range(1, 4);
    a.depth = rng.in_range(1, 300);
    a.cols = rng.in_range(1, 40);
    a.input_offset = rng.in_range(-127, 128);
    a.filter_offset = trial % 2 ? 0 : rng.in_range(-127, 128);
    a.rq = random_requantization(rng, 1);
    rng.fill(g_input, static_cast<size_t>(a.rows) * a.depth);
    rng.fill(g_weight, static_cast<size_t>(a.cols) * a.depth);
    rng.fill(g_bias, static_cast<size_t>(a.cols), -100000, 100000);
    a.input = g_input;
    a.weight = g_weight;
    a.bias = trial % 4 == 1 ? nullptr : g_bias;
    a.kernel_sum = trial % 3 == 0 ? g_bias : nullptr;
    a.output = g_out_reference;
    linear_reference(a);
    a.output = g_out_mve;
    linear_mve(a);
    EXPECT_TRUE(same_outputs(static_cast<size_t>(a.rows) * a.cols));
  }
}
#endif

}  // namespace
}  // namespace ember::kernels::cortex_m
