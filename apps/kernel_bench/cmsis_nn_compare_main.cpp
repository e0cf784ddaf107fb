// ember's MVE paths against CMSIS-NN's own kernels on the same data: instructions
// per call and whether the outputs are the same bytes. Built by
// bench/cortex_m_vs_cmsis_nn.py against a CMSIS-NN checkout the user provides
// (nothing of CMSIS-NN is in this repository). One line per case:
//   cmp <kernel> <shape> cmsis <ticks> ember <ticks> same <0|1>   (kRepeat calls each)
#include <cstdio>
#include <cstring>
extern "C" {
#include "arm_nnfunctions.h"
}
#include "kernels/cortex_m/ops.h"
#include "kernels/cortex_m/test/random_data.h"
#include "platform/board.h"

using namespace ember::kernels::cortex_m;
namespace {
constexpr int kRepeat = 8;
alignas(16) int8_t g_in[64 * 1024], g_other[64 * 1024], g_w[128 * 1024], g_a[64 * 1024], g_b[64 * 1024];
alignas(16) int8_t g_buf[256 * 1024];
int32_t g_bias[256], g_mult[256], g_shift[256], g_ksum[256];
Xorshift g_rng{7};

template <typename Run> uint32_t ticks(Run run) {
  const uint32_t s = ember::platform::cpu_cycles();
  for (int i = 0; i < kRepeat; ++i) { run(); __asm__ volatile("" ::: "memory"); }
  return ember::platform::cpu_cycles() - s;
}
void report(const char* name, const char* shape, uint32_t cmsis, uint32_t ember, size_t n) {
  std::printf("cmp %s %s cmsis %lu ember %lu same %d\n", name, shape, (unsigned long)cmsis, (unsigned long)ember,
              std::memcmp(g_a, g_b, n) == 0);
}
void requant(int32_t c) {
  g_rng.fill(g_mult, c, 1 << 30, INT32_MAX);
  g_rng.fill(g_shift, c, -9, -6);
  g_rng.fill(g_bias, c, -2000, 2000);
}

void conv(const char* shape, int h, int w, int cin, int cout, int k, int s, int p) {
  requant(cout);
  const int oh = (h + 2 * p - k) / s + 1, ow = (w + 2 * p - k) / s + 1;
  cmsis_nn_conv_params cp{};
  cp.input_offset = 128; cp.output_offset = -5; cp.stride = {s, s}; cp.padding = {p, p}; cp.dilation = {1, 1};
  cp.activation = {-128, 127};
  cmsis_nn_per_channel_quant_params q{g_mult, g_shift};
  cmsis_nn_dims id{1, h, w, cin}, fd{cout, k, k, cin}, bd{1, 1, 1, cout}, od{1, oh, ow, cout};
  cmsis_nn_context ctx{g_buf, arm_convolve_wrapper_s8_get_buffer_size(&cp, &id, &fd, &od)};
  const uint32_t tc = ticks([&] { arm_convolve_wrapper_s8(&ctx, &cp, &q, &id, g_in, &fd, g_w, &bd, g_bias, &od, g_a); });
  Conv2d a{};
  a.in = {1, h, w, cin}; a.out = {1, oh, ow, cout}; a.window = {k, k, s, s, p, p}; a.groups = 1; a.input_offset = 128;
  a.rq = {g_mult, g_shift, -5, -128, 127}; a.input = g_in; a.weight = g_w; a.bias = g_bias; a.output = g_b;
  const uint32_t te = ticks([&] { conv2d_mve(a); });
  report("conv2d", shape, tc, te, a.out.count());
}

void dw(const char* shape, int h, int w, int c, int mult, int k, int s, int p) {
  const int cout = c * mult;
  requant(cout);
  const int oh = (h + 2 * p - k) / s + 1, ow = (w + 2 * p - k) / s + 1;
  cmsis_nn_dw_conv_params dp{};
  dp.input_offset = 128; dp.output_offset = -5; dp.ch_mult = mult; dp.stride = {s, s}; dp.padding = {p, p};
  dp.dilation = {1, 1}; dp.activation = {-128, 127};
  cmsis_nn_per_channel_quant_params q{g_mult, g_shift};
  cmsis_nn_dims id{1, h, w, c}, fd{1, k, k, cout}, bd{1, 1, 1, cout}, od{1, oh, ow, cout};
  cmsis_nn_context ctx{g_buf, arm_depthwise_conv_wrapper_s8_get_buffer_size(&dp, &id, &fd, &od)};
  const uint32_t tc = ticks([&] { arm_depthwise_conv_wrapper_s8(&ctx, &dp, &q, &id, g_in, &fd, g_w, &bd, g_bias, &od, g_a); });
  DepthwiseConv2d a{};
  a.in = {1, h, w, c}; a.out = {1, oh, ow, cout}; a.window = {k, k, s, s, p, p}; a.depth_multiplier = mult;
  a.input_offset = 128; a.rq = {g_mult, g_shift, -5, -128, 127}; a.input = g_in; a.weight = g_w; a.bias = g_bias;
  a.output = g_b;
  const uint32_t te = ticks([&] { depthwise_conv2d_mve(a); });
  report("depthwise_conv2d", shape, tc, te, a.out.count());
}

void fc(const char* shape, int rows, int depth, int cols) {
  requant(1);
  cmsis_nn_fc_params fp{};
  fp.input_offset = 128; fp.filter_offset = 0; fp.output_offset = -5; fp.activation = {-128, 127};
  cmsis_nn_per_tensor_quant_params q{g_mult[0], g_shift[0]};
  cmsis_nn_dims id{rows, 1, 1, depth}, fd{depth, 1, 1, cols}, bd{1, 1, 1, cols}, od{rows, 1, 1, cols};
  arm_vector_sum_s8(g_ksum, depth, cols, g_w, 128, 0, g_bias);
  cmsis_nn_context ctx{g_ksum, (int32_t)(cols * 4)};
  const uint32_t tc = ticks([&] { arm_fully_connected_s8(&ctx, &fp, &q, &id, g_in, &fd, g_w, &bd, g_bias, &od, g_a); });
  Linear a{rows, depth, cols, 128, 0, {g_mult, g_shift, -5, -128, 127}, g_in, g_w, nullptr, g_ksum, g_b};
  const uint32_t te = ticks([&] { linear_mve(a); });
  report("linear", shape, tc, te, (size_t)rows * cols);
}

void pool(const char* shape, int h, int w, int c, int kh, int kw, int s, bool max) {
  const int oh = (h - kh) / s + 1, ow = (w - kw) / s + 1;
  cmsis_nn_pool_params pp{};
  pp.stride = {s, s}; pp.padding = {0, 0}; pp.activation = {-128, 127};
  cmsis_nn_dims id{1, h, w, c}, fd{1, kh, kw, 1}, od{1, oh, ow, c};
  cmsis_nn_context ctx{g_buf, max ? 0 : arm_avgpool_s8_get_buffer_size(ow, c)};
  uint32_t tc, te;
  if (max) {
    tc = ticks([&] { arm_max_pool_s8(&ctx, &pp, &id, g_in, &fd, &od, g_a); });
    MaxPool2d a{{1, h, w, c}, {1, oh, ow, c}, {kh, kw, s, s, 0, 0}, -128, 127, g_in, g_b};
    te = ticks([&] { max_pool2d_mve(a); });
  } else {
    tc = ticks([&] { arm_avgpool_s8(&ctx, &pp, &id, g_in, &fd, &od, g_a); });
    AvgPool2d a{{1, h, w, c}, {1, oh, ow, c}, {kh, kw, s, s, 0, 0}, g_in, g_b};
    te = ticks([&] { avg_pool2d_mve(a); });
  }
  report(max ? "max_pool2d" : "avg_pool2d", shape, tc, te, (size_t)oh * ow * c);
}

void elementwise(int n) {
  const uint32_t tc = ticks([&] {
    arm_elementwise_add_s8(g_in, g_other, 3, 1 << 30, 0, -7, 1518500250, 0, 20, g_a, -1, 1 << 30, -19, -128, 127, n);
  });
  const Add p{-3, 1 << 30, 0, 7, 1518500250, 0, -1, 1 << 30, -19, -128, 127};
  const uint32_t te = ticks([&] { add_mve(p, g_in, g_other, 1, g_b, n); });
  report("add", "8000", tc, te, n);
  const uint32_t tc2 = ticks([&] {
    arm_elementwise_mul_s8(g_in, g_other, 3, -7, g_a, 1, 1518500250, -7, -128, 127, n);
  });
  const Mul m{-3, 7, 1, 1518500250, -7};
  const uint32_t te2 = ticks([&] { mul_mve(m, g_in, g_other, 1, g_b, n); });
  report("mul", "8000", tc2, te2, n);
}

void softmax_cmp(int rows, int row) {
  const uint32_t tc = ticks([&] { arm_softmax_s8(g_in, rows, row, 1717986918, 23, -248, g_a); });
  Softmax a{rows, row, 1717986918, 23, -248, g_in, g_b};
  const uint32_t te = ticks([&] { softmax_mve(a); });
  report("softmax", "4x100", tc, te, (size_t)rows * row);
  softmax_reference(a);
  std::printf("cmp softmax-reference-path 4x100 same %d\n", std::memcmp(g_a, g_b, (size_t)rows * row) == 0);
}
}  // namespace

int main() {
  if (!ember::platform::board_init()) ember::platform::finish(1);
  g_rng.fill(g_in, sizeof g_in); g_rng.fill(g_other, sizeof g_other); g_rng.fill(g_w, sizeof g_w);
  conv("mnist-conv2:14x14x16->32,3x3,pad1", 14, 14, 16, 32, 3, 1, 1);
  conv("1x1:8x8x64->64", 8, 8, 64, 64, 1, 1, 0);
  conv("odd:9x7x5->13,3x3,stride2", 9, 7, 5, 13, 3, 2, 1);
  dw("mnist-conv1:28x28x1,x16,3x3,pad1", 28, 28, 1, 16, 3, 1, 1);
  dw("ds-cnn:25x5x64,3x3,pad1", 25, 5, 64, 1, 3, 1, 1);
  dw("odd:11x9x13,5x5,stride2", 11, 9, 13, 1, 5, 2, 2);
  fc("mnist-fc1:1568->64", 1, 1568, 64);
  fc("4x250->37", 4, 250, 37);
  pool("mnist:28x28x16,2x2,s2", 28, 28, 16, 2, 2, 2, true);
  pool("ds-cnn:25x5x64,25x5", 25, 5, 64, 25, 5, 1, false);
  pool("odd:9x9x19,3x3,s2", 9, 9, 19, 3, 3, 2, false);
  elementwise(8000);
  softmax_cmp(4, 100);
  std::printf("cmp done\n");
  ember::platform::finish(0);
}
