// aten::convolution's float conv2d: on a Helium build, the MVE path against the
// reference loop, bit for bit, on random shapes (groups, padding, strides,
// dilation, rows narrower and wider than one vector, channels-last views read by
// gathers). The host build has no MVE path, so no test.
#include "kernels/portable/convolution.h"

#include <cstring>

#include "kernels/cortex_m/test/random_data.h"
#include "testing/test.h"

namespace ember::kernels {
namespace {

#if defined(__ARM_FEATURE_MVE)

using cortex_m::Xorshift;

float g_input[4096], g_weight[4096], g_bias[64], g_out_reference[4096], g_out_mve[4096];

// A float in about [-2, 2) with a random mantissa (never subnormal).
float random_float(Xorshift& rng) { return static_cast<float>(rng.in_range(-(1 << 23), (1 << 23) - 1)) / (1 << 22); }

int32_t extent(int32_t in, int32_t k, int32_t stride, int32_t pad, int32_t dilation) {
  return (in + 2 * pad - dilation * (k - 1) - 1) / stride + 1;
}

// NCHW (contiguous) or NHWC memory for an [n, c, h, w] tensor.
View view(float* data, int32_t c, int32_t h, int32_t w, bool channels_last) {
  if (channels_last) return View{data, static_cast<size_t>(h) * w * c, 1, static_cast<size_t>(w) * c, static_cast<size_t>(c)};
  return View{data, static_cast<size_t>(c) * h * w, static_cast<size_t>(h) * w, static_cast<size_t>(w), 1};
}

EMBER_TEST(conv2d_mve_equals_reference) {
  Xorshift rng{21};
  int checked = 0;
  for (int trial = 0; trial < 60; ++trial) {
    Conv2dShape s{};
    s.groups = trial % 5 == 4 ? 2 : 1;
    s.n = rng.in_range(1, 2);
    s.c_in = s.groups * rng.in_range(1, 4);
    s.c_out = s.groups * rng.in_range(1, 4);
    s.h_in = rng.in_range(1, 8);
    s.w_in = rng.in_range(1, 40);
    const bool pointwise = trial % 7 == 3;  // 1x1, stride 1, no padding: whole planes as rows
    s.kh = pointwise ? 1 : rng.in_range(1, 4);
    s.kw = pointwise ? 1 : rng.in_range(1, 5);
    s.stride_h = pointwise ? 1 : rng.in_range(1, 2);
    s.stride_w = pointwise ? 1 : rng.in_range(1, 3);
    s.dilation_h = rng.in_range(1, 2);
    s.dilation_w = rng.in_range(1, 2);
    s.pad_h = rng.in_range(0, s.kh - 1);
    s.pad_w = rng.in_range(0, s.kw - 1);
    s.h_out = extent(s.h_in, s.kh, s.stride_h, s.pad_h, s.dilation_h);
    s.w_out = extent(s.w_in, s.kw, s.stride_w, s.pad_w, s.dilation_w);
    const size_t inputs = static_cast<size_t>(s.n) * s.c_in * s.h_in * s.w_in;
    const size_t weights = static_cast<size_t>(s.c_out) * (s.c_in / s.groups) * s.kh * s.kw;
    const size_t outputs = static_cast<size_t>(s.n) * s.c_out * s.h_out * s.w_out;
    if (s.h_out < 1 || s.w_out < 1 || inputs > 4096 || weights > 4096 || outputs > 4096) continue;
    for (size_t i = 0; i < inputs; ++i) g_input[i] = random_float(rng);
    for (size_t i = 0; i < weights; ++i) g_weight[i] = random_float(rng);
    for (int32_t i = 0; i < s.c_out; ++i) g_bias[i] = random_float(rng);
    const bool channels_last = trial % 3 == 2;
    const View in = view(g_input, s.c_in, s.h_in, s.w_in, channels_last);
    const View w = view(g_weight, s.c_in / s.groups, s.kh, s.kw, false);
    const float* bias = trial % 4 ? g_bias : nullptr;
    std::memset(g_out_reference, 0, sizeof g_out_reference);
    std::memset(g_out_mve, 0, sizeof g_out_mve);
    conv2d_reference(s, in, w, bias, view(g_out_reference, s.c_out, s.h_out, s.w_out, channels_last));
    conv2d_mve(s, in, w, bias, view(g_out_mve, s.c_out, s.h_out, s.w_out, channels_last));
    EXPECT_TRUE(std::memcmp(g_out_reference, g_out_mve, sizeof g_out_mve) == 0);
    ++checked;
  }
  EXPECT_TRUE(checked > 30);
}

// A tap over the padding is skipped, not added as a zero product: with infinite
// weights it would add 0 x inf = NaN. Inputs 1, weights +inf: every output +inf.
EMBER_TEST(conv2d_mve_skips_padded_taps) {
  Conv2dShape s{1, 1, 3, 9, 1, 3, 9, 3, 3, 1, 1, 1, 1, 1, 1, 1};
  for (float& x : g_input) x = 1.0f;
  for (float& k : g_weight) k = __builtin_inff();
  std::memset(g_out_reference, 0, sizeof g_out_reference);
  std::memset(g_out_mve, 0, sizeof g_out_mve);
  conv2d_reference(s, view(g_input, 1, 3, 9, false), view(g_weight, 1, 3, 3, false), nullptr,
                   view(g_out_reference, 1, 3, 9, false));
  conv2d_mve(s, view(g_input, 1, 3, 9, false), view(g_weight, 1, 3, 3, false), nullptr,
             view(g_out_mve, 1, 3, 9, false));
  EXPECT_TRUE(g_out_reference[0] == __builtin_inff());
  EXPECT_TRUE(std::memcmp(g_out_reference, g_out_mve, 27 * sizeof(float)) == 0);
}

// Helium's vector floating point runs with the standard FPSCR value: subnormal
// inputs and results flush to zero (QEMU models it so), where the scalar path keeps
// them. The one place the two paths differ, kept visible here.
EMBER_TEST(conv2d_mve_flushes_subnormals_where_the_reference_keeps_them) {
  Conv2dShape s{1, 1, 1, 4, 1, 1, 4, 1, 1, 1, 1, 1, 0, 0, 1, 1};
  for (float& x : g_input) x = 1e-39f;  // subnormal
  for (float& k : g_weight) k = 1.0f;
  conv2d_reference(s, view(g_input, 1, 1, 4, false), view(g_weight, 1, 1, 1, false), nullptr,
                   view(g_out_reference, 1, 1, 4, false));
  conv2d_mve(s, view(g_input, 1, 1, 4, false), view(g_weight, 1, 1, 1, false), nullptr,
             view(g_out_mve, 1, 1, 4, false));
  EXPECT_TRUE(g_out_reference[0] == 1e-39f);
  EXPECT_TRUE(g_out_mve[0] == 0.0f);
}

#endif

}  // namespace
}  // namespace ember::kernels
