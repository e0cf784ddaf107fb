// Runs each cortex_m:: kernel (and the portable kernels' float rows, float_rows.h)
// on a set of shapes, its reference path and its MVE path, `kRepeat` times each between SysTick reads, checks the two outputs are the
// same bytes, and prints one line per case:
//   kernel <name> <shape> repeat <n> reference <ticks> mve <ticks> same <0|1>
// Built with EMBER_BENCH_CMSIS_NN (a CMSIS-NN library the user built, never part of
// this repository: bench/cortex_m_kernels.py --cmsis-nn), conv2d, depthwise_conv2d
// and mul also run CMSIS-NN's function on the same data and append
//   cmsis <ticks> cmsis_same <0|1>
// Under QEMU with -icount shift=0 a tick is 31.25 instructions (bench/cortex_m_kernels.py
// converts). A first "calibration" line times a loop of a known instruction count,
// so the conversion is checked on every run.
#include <cstdio>
#include <cstring>

#include "kernels/cortex_m/ops.h"
#include "kernels/cortex_m/test/random_data.h"
#include "kernels/portable/float_rows.h"
#include "platform/board.h"

#if defined(EMBER_BENCH_CMSIS_NN)
#include "arm_nnfunctions.h"
#endif

using namespace ember::kernels::cortex_m;

namespace {

constexpr int kRepeat = 8;

alignas(16) int8_t g_input[64 * 1024];
alignas(16) int8_t g_other[64 * 1024];
alignas(16) int8_t g_weight[128 * 1024];
alignas(16) int8_t g_out_reference[64 * 1024];
alignas(16) int8_t g_out_mve[64 * 1024];
#if defined(EMBER_BENCH_CMSIS_NN)
alignas(16) int8_t g_out_cmsis[64 * 1024];
alignas(16) int8_t g_cmsis_scratch[32 * 1024];
#endif
int32_t g_bias[256], g_multipliers[256], g_shifts[256];
Xorshift g_rng{7};

Requantization requantization(int32_t channels) {
  g_rng.fill(g_multipliers, static_cast<size_t>(channels), 1 << 30, INT32_MAX);
  g_rng.fill(g_shifts, static_cast<size_t>(channels), -9, -6);
  g_rng.fill(g_bias, static_cast<size_t>(channels), -2000, 2000);
  return Requantization{g_multipliers, g_shifts, -5, -128, 127};
}

template <typename Run>
uint32_t ticks(Run run) {
  const uint32_t start = ember::platform::cpu_cycles();
  for (int i = 0; i < kRepeat; ++i) {
    run();
    __asm__ volatile("" ::: "memory");
  }
  return ember::platform::cpu_cycles() - start;
}

// reference(out) and mve(out) write their result to `out`; `bytes` of it are compared.
// Prints the line without its end.
template <typename Reference, typename Mve>
void measure_paths(const char* name, const char* shape, size_t bytes, Reference reference, Mve mve) {
  const uint32_t t_reference = ticks([&] { reference(g_out_reference); });
  const uint32_t t_mve = ticks([&] { mve(g_out_mve); });
  const int same = std::memcmp(g_out_reference, g_out_mve, bytes) == 0;
  std::printf("kernel %s %s repeat %d reference %lu mve %lu same %d", name, shape, kRepeat,
              static_cast<unsigned long>(t_reference), static_cast<unsigned long>(t_mve), same);
}

template <typename Reference, typename Mve>
void measure(const char* name, const char* shape, size_t bytes, Reference reference, Mve mve) {
  measure_paths(name, shape, bytes, reference, mve);
  std::printf("\n");
}

// measure(), then CMSIS-NN's function on the same data when the bench links it.
template <typename Reference, typename Mve, typename Cmsis>
void measure_against_cmsis(const char* name, const char* shape, size_t bytes, Reference reference, Mve mve,
                           Cmsis cmsis) {
  measure_paths(name, shape, bytes, reference, mve);
#if defined(EMBER_BENCH_CMSIS_NN)
  const uint32_t t_cmsis = ticks([&] { cmsis(g_out_cmsis); });
  std::printf(" cmsis %lu cmsis_same %d", static_cast<unsigned long>(t_cmsis),
              std::memcmp(g_out_reference, g_out_cmsis, bytes) == 0);
#else
  (void)cmsis;
#endif
  std::printf("\n");
}

// 4 instructions per iteration (add, add, subs, bne), 200000 iterations.
void calibrate() {
  constexpr uint32_t kIterations = 200000;
  const uint32_t start = ember::platform::cpu_cycles();
  uint32_t n = kIterations, a = 0, b = 0;
  __asm__ volatile(
      "1:\n"
      "  add %1, %1, #1\n"
      "  add %2, %2, #3\n"
      "  subs %0, %0, #1\n"
      "  bne 1b\n"
      : "+r"(n), "+r"(a), "+r"(b)
      :
      : "cc");
  const uint32_t elapsed = ember::platform::cpu_cycles() - start;
  std::printf("calibration instructions %lu ticks %lu\n", static_cast<unsigned long>(4 * kIterations),
              static_cast<unsigned long>(elapsed));
}

#if defined(EMBER_BENCH_CMSIS_NN)
cmsis_nn_context cmsis_context(int32_t bytes) {
  if (bytes > static_cast<int32_t>(sizeof g_cmsis_scratch)) {
    std::printf("CMSIS-NN asks for %ld scratch bytes\n", static_cast<long>(bytes));
    ember::platform::finish(1);
  }
  return cmsis_nn_context{g_cmsis_scratch, bytes};
}
#endif

void conv(const char* shape, Shape4 in, int32_t out_c, Window window) {
  Conv2d a{};
  a.in = in;
  a.window = window;
  a.out = {in.n, (in.h + 2 * window.pad_h - window.kernel_h) / window.stride_h + 1,
           (in.w + 2 * window.pad_w - window.kernel_w) / window.stride_w + 1, out_c};
  a.groups = 1;
  a.input_offset = 128;
  a.rq = requantization(out_c);
  a.input = g_input;
  a.weight = g_weight;
  a.bias = g_bias;
  measure_against_cmsis(
      "conv2d", shape, a.out.count(), [&](int8_t* o) { a.output = o; conv2d_reference(a); },
      [&](int8_t* o) { a.output = o; conv2d_mve(a); },
      [&](int8_t* o) {
#if defined(EMBER_BENCH_CMSIS_NN)
        const cmsis_nn_conv_params params{a.input_offset, a.rq.output_offset,
                                          {window.stride_w, window.stride_h},
                                          {window.pad_w, window.pad_h},
                                          {window.dilation_w, window.dilation_h},
                                          {a.rq.activation_min, a.rq.activation_max}};
        cmsis_nn_per_channel_quant_params quant{g_multipliers, g_shifts};
        const cmsis_nn_dims input{in.n, in.h, in.w, in.c};
        const cmsis_nn_dims filter{out_c, window.kernel_h, window.kernel_w, in.c};
        const cmsis_nn_dims bias{1, 1, 1, out_c};
        const cmsis_nn_dims output{a.out.n, a.out.h, a.out.w, a.out.c};
        const cmsis_nn_context context =
            cmsis_context(arm_convolve_wrapper_s8_get_buffer_size(&params, &input, &filter, &output));
        arm_convolve_wrapper_s8(&context, &params, &quant, &input, g_input, &filter, g_weight, &bias, g_bias, &output, o);
#else
        (void)o;
#endif
      });
}

void conv(const char* shape, Shape4 in, int32_t out_c, int32_t k, int32_t stride, int32_t pad) {
  conv(shape, in, out_c, Window{k, k, stride, stride, pad, pad});
}

void depthwise(const char* shape, Shape4 in, int32_t multiplier, int32_t k, int32_t stride, int32_t pad,
               int32_t dilation = 1) {
  DepthwiseConv2d a{};
  a.in = in;
  a.window = {k, k, stride, stride, pad, pad, dilation, dilation};
  const int32_t span = dilation * (k - 1) + 1;
  a.out = {in.n, (in.h + 2 * pad - span) / stride + 1, (in.w + 2 * pad - span) / stride + 1, in.c * multiplier};
  a.depth_multiplier = multiplier;
  a.input_offset = 128;
  a.rq = requantization(a.out.c);
  a.input = g_input;
  a.weight = g_weight;
  a.bias = g_bias;
  measure_against_cmsis(
      "depthwise_conv2d", shape, a.out.count(), [&](int8_t* o) { a.output = o; depthwise_conv2d_reference(a); },
      [&](int8_t* o) { a.output = o; depthwise_conv2d_mve(a); },
      [&](int8_t* o) {
#if defined(EMBER_BENCH_CMSIS_NN)
        const cmsis_nn_dw_conv_params params{a.input_offset, a.rq.output_offset, multiplier,
                                             {stride, stride}, {pad, pad}, {dilation, dilation},
                                             {a.rq.activation_min, a.rq.activation_max}};
        cmsis_nn_per_channel_quant_params quant{g_multipliers, g_shifts};
        const cmsis_nn_dims input{in.n, in.h, in.w, in.c};
        const cmsis_nn_dims filter{1, k, k, a.out.c};
        const cmsis_nn_dims bias{1, 1, 1, a.out.c};
        const cmsis_nn_dims output{a.out.n, a.out.h, a.out.w, a.out.c};
        const cmsis_nn_context context =
            cmsis_context(arm_depthwise_conv_wrapper_s8_get_buffer_size(&params, &input, &filter, &output));
        arm_depthwise_conv_wrapper_s8(&context, &params, &quant, &input, g_input, &filter, g_weight, &bias, g_bias,
                                      &output, o);
#else
        (void)o;
#endif
      });
}

void transpose_conv(const char* shape, Shape4 in, int32_t out_c, int32_t k, int32_t stride, int32_t pad) {
  TransposeConv2d a{};
  a.in = in;
  a.window = {k, k, stride, stride, pad, pad};
  a.out = {in.n, (in.h - 1) * stride - 2 * pad + k, (in.w - 1) * stride - 2 * pad + k, out_c};
  a.input_offset = 128;
  a.rq = requantization(out_c);
  a.input = g_input;
  a.weight = g_weight;
  a.bias = g_bias;
  measure("transpose_conv2d", shape, a.out.count(), [&](int8_t* o) { a.output = o; transpose_conv2d_reference(a); },
          [&](int8_t* o) { a.output = o; transpose_conv2d_mve(a); });
}

void fully_connected(const char* shape, int32_t rows, int32_t depth, int32_t cols) {
  Linear a{rows, depth, cols, 0, 0, requantization(1), g_input, g_weight, nullptr, g_bias, nullptr};
  measure("linear", shape, static_cast<size_t>(rows) * cols, [&](int8_t* o) { a.output = o; linear_reference(a); },
          [&](int8_t* o) { a.output = o; linear_mve(a); });
}

void pools(const char* shape, Shape4 in, int32_t kh, int32_t kw, int32_t stride, bool max) {
  const Shape4 out{in.n, (in.h - kh) / stride + 1, (in.w - kw) / stride + 1, in.c};
  if (max) {
    MaxPool2d a{in, out, {kh, kw, stride, stride, 0, 0}, -128, 127, g_input, nullptr};
    measure("max_pool2d", shape, out.count(), [&](int8_t* o) { a.output = o; max_pool2d_reference(a); },
            [&](int8_t* o) { a.output = o; max_pool2d_mve(a); });
  } else {
    AvgPool2d a{in, out, {kh, kw, stride, stride, 0, 0}, g_input, nullptr};
    measure("avg_pool2d", shape, out.count(), [&](int8_t* o) { a.output = o; avg_pool2d_reference(a); },
            [&](int8_t* o) { a.output = o; avg_pool2d_mve(a); });
  }
}

void elementwise(const char* shape, size_t n) {
  const Add add_params{-3, 1 << 30, 0, 7, 1518500250, 0, -1, 1 << 30, -19, -128, 127};
  measure("add", shape, n, [&](int8_t* o) { add_reference(add_params, g_input, g_other, 1, o, n); },
          [&](int8_t* o) { add_mve(add_params, g_input, g_other, 1, o, n); });
  const Mul mul_params{-3, 7, 1, 1518500250, -7};
  measure_against_cmsis(
      "mul", shape, n, [&](int8_t* o) { mul_reference(mul_params, g_input, g_other, 1, o, n); },
      [&](int8_t* o) { mul_mve(mul_params, g_input, g_other, 1, o, n); },
      [&](int8_t* o) {
#if defined(EMBER_BENCH_CMSIS_NN)
        arm_elementwise_mul_s8(g_input, g_other, -mul_params.a_zero_point, -mul_params.b_zero_point, o,
                               mul_params.output_zero_point, mul_params.output_multiplier, mul_params.output_shift,
                               INT8_MIN, INT8_MAX, static_cast<int32_t>(n));
#else
        (void)o;
#endif
      });
  measure("minimum", shape, n, [&](int8_t* o) { extremum_reference(Extremum::Minimum, g_input, g_other, 1, o, n); },
          [&](int8_t* o) { extremum_mve(Extremum::Minimum, g_input, g_other, 1, o, n); });
  measure("activation", shape, n, [&](int8_t* o) { lookup_reference(g_weight, g_input, o, n); },
          [&](int8_t* o) { lookup_mve(g_weight, g_input, o, n); });
}

void softmax_rows(const char* shape, int32_t rows, int32_t row_size) {
  Softmax a{rows, row_size, 1717986918, 23, -248, g_input, nullptr};
  measure("softmax", shape, static_cast<size_t>(rows) * row_size, [&](int8_t* o) { a.output = o; softmax_reference(a); },
          [&](int8_t* o) { a.output = o; softmax_mve(a); });
}

void matmul(const char* shape, int32_t batch, int32_t m, int32_t n, int32_t k) {
  BatchMatmul a{batch, m, n, k, 3, -5, 2, 1518500250, -12, g_input, g_weight, nullptr};
  measure("batch_matmul", shape, static_cast<size_t>(batch) * m * n,
          [&](int8_t* o) { a.output = o; batch_matmul_reference(a); },
          [&](int8_t* o) { a.output = o; batch_matmul_mve(a); });
}

void movement(const char* transpose_shape, const char* pad_shape, int32_t n, int32_t h, int32_t w, int32_t c) {
  // NHWC -> NCHW: out [n, c, h, w] reads the input with strides (hwc, 1, wc, c)
  const Strided4 s{{n, c, h, w}, {h * w * c, 1, w * c, c}};
  const size_t count = static_cast<size_t>(n) * h * w * c;
  measure("transpose", transpose_shape, count, [&](int8_t* o) { strided_copy_reference(s, g_input, o); },
          [&](int8_t* o) { strided_copy_mve(s, g_input, o); });
  const Pad4 p{{n, h, w, c}, {0, 1, 1, 0}, {0, 1, 1, 0}, -128};
  const size_t padded = static_cast<size_t>(n) * (h + 2) * (w + 2) * c;
  measure("pad", pad_shape, padded, [&](int8_t* o) { pad_reference(p, g_input, o); },
          [&](int8_t* o) { pad_mve(p, g_input, o); });
}

// float_rows.h on `n` floats (in the int8 buffers): the rows the portable add/sub/mul/
// maximum/minimum, batch norm, relu/clamp and sum/mean kernels run.
void float_rows(const char* shape, size_t n) {
  using ember::kernels::AffineRow, ember::kernels::BinaryRow, ember::kernels::ClampRow, ember::kernels::RowOp,
      ember::kernels::RowSums;
  auto* x = reinterpret_cast<float*>(g_input);
  auto* y = reinterpret_cast<float*>(g_other);
  for (size_t i = 0; i < n; ++i) {
    x[i] = static_cast<float>(g_rng.in_range(-(1 << 20), 1 << 20)) / 4096.0f;
    y[i] = static_cast<float>(g_rng.in_range(-(1 << 20), 1 << 20)) / 4096.0f;
  }
  const size_t bytes = n * sizeof(float);
  auto binary = [&](const char* name, RowOp op, size_t y_step) {
    const BinaryRow row{op, 1.0f, x, 1, y, y_step, nullptr, n};
    measure(name, shape, bytes,
            [&](int8_t* o) { BinaryRow r = row; r.out = reinterpret_cast<float*>(o); binary_row_reference(r); },
            [&](int8_t* o) { BinaryRow r = row; r.out = reinterpret_cast<float*>(o); binary_row_mve(r); });
  };
  binary("f32_add", RowOp::kAddScaled, 1);
  binary("f32_mul_bcast", RowOp::kMul, 0);
  binary("f32_maximum", RowOp::kMaximum, 1);
  const AffineRow affine{x, 0.25f, 1.5f, 0.75f, -0.5f, nullptr, n};
  measure("f32_batch_norm", shape, bytes,
          [&](int8_t* o) { AffineRow r = affine; r.out = reinterpret_cast<float*>(o); affine_row_reference(r); },
          [&](int8_t* o) { AffineRow r = affine; r.out = reinterpret_cast<float*>(o); affine_row_mve(r); });
  const ClampRow clamp{x, 0.0f, 6.0f, nullptr, n};
  measure("f32_relu6", shape, bytes,
          [&](int8_t* o) { ClampRow r = clamp; r.out = reinterpret_cast<float*>(o); clamp_row_reference(r); },
          [&](int8_t* o) { ClampRow r = clamp; r.out = reinterpret_cast<float*>(o); clamp_row_mve(r); });
  const RowSums sums{x, n / 16, 16, nullptr};  // a global average pool's rows of 4x4
  measure("f32_row_sums_x16", shape, sums.rows * sizeof(float),
          [&](int8_t* o) { RowSums r = sums; r.out = reinterpret_cast<float*>(o); row_sums_reference(r); },
          [&](int8_t* o) { RowSums r = sums; r.out = reinterpret_cast<float*>(o); row_sums_mve(r); });
}

}  // namespace

int main() {
  if (!ember::platform::board_init()) ember::platform::finish(1);
  g_rng.fill(g_input, sizeof g_input);
  g_rng.fill(g_other, sizeof g_other);
  g_rng.fill(g_weight, sizeof g_weight);
  calibrate();
  conv("mnist-conv2:14x14x16->32,3x3,pad1", {1, 14, 14, 16}, 32, 3, 1, 1);
  conv("1x1:8x8x64->64", {1, 8, 8, 64}, 64, 1, 1, 0);
  conv("odd:9x7x5->13,3x3,stride2", {1, 9, 7, 5}, 13, 3, 2, 1);
  conv("ds-cnn-conv1:49x10x1->64,10x4,s2", {1, 49, 10, 1}, 64, Window{10, 4, 2, 2, 4, 1});
  conv("ds-cnn-pw:25x5x64->64,1x1", {1, 25, 5, 64}, 64, 1, 1, 0);
  conv("mobilenet-conv1:48x48x3->16,3x3,s2", {1, 48, 48, 3}, 16, 3, 2, 1);
  conv("mobilenet-pw:12x12x64->128,1x1", {1, 12, 12, 64}, 128, 1, 1, 0);
  depthwise("mnist-conv1:28x28x1,x16,3x3,pad1", {1, 28, 28, 1}, 16, 3, 1, 1);
  depthwise("ds-cnn:25x5x64,3x3,pad1", {1, 25, 5, 64}, 1, 3, 1, 1);
  depthwise("odd:11x9x13,5x5,stride2", {1, 11, 9, 13}, 1, 5, 2, 2);
  depthwise("mobilenet:24x24x32,3x3,pad1", {1, 24, 24, 32}, 1, 3, 1, 1);
  depthwise("mobilenet:24x24x64,3x3,s2", {1, 24, 24, 64}, 1, 3, 2, 1);
  depthwise("x2:12x12x8,3x3,pad1", {1, 12, 12, 8}, 2, 3, 1, 1);
  depthwise("dilated:16x16x16,3x3,dil2", {1, 16, 16, 16}, 1, 3, 1, 2, 2);
  transpose_conv("7x7x16->8,3x3,stride2", {1, 7, 7, 16}, 8, 3, 2, 1);
  fully_connected("mnist-fc1:1568->64", 1, 1568, 64);
  fully_connected("mnist-fc2:64->10", 1, 64, 10);
  fully_connected("4x250->37", 4, 250, 37);
  pools("mnist:28x28x16,2x2,s2", {1, 28, 28, 16}, 2, 2, 2, true);
  pools("odd:9x9x19,3x3,s2", {1, 9, 9, 19}, 3, 3, 2, true);
  pools("ds-cnn:25x5x64,25x5", {1, 25, 5, 64}, 25, 5, 1, false);
  pools("odd:9x9x19,3x3,s2", {1, 9, 9, 19}, 3, 3, 2, false);
  elementwise("8000", 8000);
  elementwise("37", 37);
  softmax_rows("1x10", 1, 10);
  softmax_rows("4x100", 4, 100);
  matmul("1x16x16x64", 1, 16, 16, 64);
  matmul("2x9x7x33", 2, 9, 7, 33);
  movement("nhwc->nchw:1x14x14x16", "1x14x14x16,+1/+1", 1, 14, 14, 16);
  float_rows("4096", 4096);
  float_rows("37", 37);
  std::printf("kernel bench done\n");
  ember::platform::finish(0);
}
