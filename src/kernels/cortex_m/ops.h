// The cortex_m:: kernels on plain arrays: what the registered kernels call after
// reading their arguments, and what the tests and the benchmark call directly.
// Each has a portable reference path and, on a core with Helium (MVE), an MVE
// path; the unsuffixed function is the one this build runs. Activations are NHWC.
#pragma once
#include <cstddef>
#include <cstdint>

namespace ember::kernels::cortex_m {

struct Shape4 {  // an NHWC activation's extent
  int32_t n, h, w, c;
  size_t count() const { return static_cast<size_t>(n) * h * w * c; }
};

struct Window {
  int32_t kernel_h, kernel_w, stride_h, stride_w, pad_h, pad_w, dilation_h = 1, dilation_w = 1;
};

struct Requantization {
  const int32_t* multipliers;  // one per output channel (or one for all)
  const int32_t* shifts;
  int32_t output_offset;
  int32_t activation_min, activation_max;
};

// quantized_conv2d: weight OHWI [out.c, kh, kw, in.c / groups].
struct Conv2d {
  Shape4 in, out;
  Window window;
  int32_t groups;
  int32_t input_offset;
  Requantization rq;
  const int8_t* input;
  const int8_t* weight;
  const int32_t* bias;  // nullable
  int8_t* output;
};
void conv2d_reference(const Conv2d& a);
void conv2d_mve(const Conv2d& a);
void conv2d(const Conv2d& a);

// quantized_depthwise_conv2d: weight IHWO [1, kh, kw, out.c]; out.c = in.c x multiplier.
struct DepthwiseConv2d {
  Shape4 in, out;
  Window window;
  int32_t depth_multiplier;
  int32_t input_offset;
  Requantization rq;
  const int8_t* input;
  const int8_t* weight;
  const int32_t* bias;  // nullable
  int8_t* output;
};
void depthwise_conv2d_reference(const DepthwiseConv2d& a);
void depthwise_conv2d_mve(const DepthwiseConv2d& a);
void depthwise_conv2d(const DepthwiseConv2d& a);

// quantized_max_pool2d: max over the window's valid taps, then the activation range.
struct MaxPool2d {
  Shape4 in, out;
  Window window;
  int32_t activation_min, activation_max;
  const int8_t* input;
  int8_t* output;
};
void max_pool2d_reference(const MaxPool2d& a);
void max_pool2d_mve(const MaxPool2d& a);
void max_pool2d(const MaxPool2d& a);

// quantized_linear: input [rows, depth], weight [cols, depth]; one multiplier.
// With kernel_sum: acc = x.w + filter_offset * sum(x) + kernel_sum[col] (bias unused);
// without: acc = (x + input_offset).(w + filter_offset) + bias[col].
struct Linear {
  int32_t rows, depth, cols;
  int32_t input_offset, filter_offset;
  Requantization rq;
  const int8_t* input;
  const int8_t* weight;
  const int32_t* bias;        // nullable
  const int32_t* kernel_sum;  // nullable
  int8_t* output;
};
void linear_reference(const Linear& a);
void linear_mve(const Linear& a);
void linear(const Linear& a);

// quantized_transpose_conv2d: weight OHWI [out.c, kh, kw, in.c]; out pixel (y, x)
// gathers input (iy, ix) where iy * stride - pad + ky * dilation = y.
struct TransposeConv2d {
  Shape4 in, out;
  Window window;
  int32_t input_offset;
  Requantization rq;
  const int8_t* input;
  const int8_t* weight;
  const int32_t* bias;  // nullable
  int8_t* output;
};
void transpose_conv2d_reference(const TransposeConv2d& a);
void transpose_conv2d_mve(const TransposeConv2d& a);
void transpose_conv2d(const TransposeConv2d& a);

// quantized_avg_pool2d (CMSIS-NN arm_avgpool_s8): the raw int8 values of the valid
// taps summed and divided by their count, rounding half away from zero.
struct AvgPool2d {
  Shape4 in, out;
  Window window;
  const int8_t* input;
  int8_t* output;
};
void avg_pool2d_reference(const AvgPool2d& a);
void avg_pool2d_mve(const AvgPool2d& a);
void avg_pool2d(const AvgPool2d& a);

// Elementwise kernels over n elements; b_step 0 repeats b[0] (a broadcast scalar).
struct Add {
  int32_t a_zero_point, a_multiplier, a_shift;
  int32_t b_zero_point, b_multiplier, b_shift;
  int32_t output_zero_point, output_multiplier, output_shift;
  int32_t activation_min, activation_max;
};
constexpr int32_t kAddLeftShift = 20;  // inputs are scaled up by 2^20 before rescaling
void add_reference(const Add& p, const int8_t* a, const int8_t* b, size_t b_step, int8_t* out, size_t n);
void add_mve(const Add& p, const int8_t* a, const int8_t* b, size_t b_step, int8_t* out, size_t n);
void add(const Add& p, const int8_t* a, const int8_t* b, size_t b_step, int8_t* out, size_t n);

struct Mul {
  int32_t a_zero_point, b_zero_point;
  int32_t output_zero_point, output_multiplier, output_shift;
};
void mul_reference(const Mul& p, const int8_t* a, const int8_t* b, size_t b_step, int8_t* out, size_t n);
void mul_mve(const Mul& p, const int8_t* a, const int8_t* b, size_t b_step, int8_t* out, size_t n);
void mul(const Mul& p, const int8_t* a, const int8_t* b, size_t b_step, int8_t* out, size_t n);

enum class Extremum { Minimum, Maximum };
void extremum_reference(Extremum which, const int8_t* a, const int8_t* b, size_t b_step, int8_t* out, size_t n);
void extremum_mve(Extremum which, const int8_t* a, const int8_t* b, size_t b_step, int8_t* out, size_t n);
void extremum(Extremum which, const int8_t* a, const int8_t* b, size_t b_step, int8_t* out, size_t n);

// quantized_activation: out = lut[x + 128].
void lookup_reference(const int8_t* lut, const int8_t* in, int8_t* out, size_t n);
void lookup_mve(const int8_t* lut, const int8_t* in, int8_t* out, size_t n);
void lookup(const int8_t* lut, const int8_t* in, int8_t* out, size_t n);

// softmax (CMSIS-NN arm_softmax_s8) over rows of row_size; output scale 1/256, zp -128.
struct Softmax {
  int32_t rows, row_size;
  int32_t input_multiplier, input_shift, diff_min;
  const int8_t* input;
  int8_t* output;
};
void softmax_reference(const Softmax& a);
void softmax_mve(const Softmax& a);
void softmax(const Softmax& a);

// quantized_batch_matmul: lhs [batch, m, k], rhs_transposed [batch, n, k]; offsets are
// added to both operands; one requantization.
struct BatchMatmul {
  int32_t batch, m, n, k;
  int32_t lhs_offset, rhs_offset;
  int32_t output_zero_point, output_multiplier, output_shift;
  const int8_t* lhs;
  const int8_t* rhs_transposed;
  int8_t* output;
};
void batch_matmul_reference(const BatchMatmul& a);
void batch_matmul_mve(const BatchMatmul& a);
void batch_matmul(const BatchMatmul& a);

// Data movement over int8 tensors of rank <= 4 described by memory-order extents
// and element strides: transpose (a strided read) and constant padding.
struct Strided4 {
  int32_t extent[4];
  int32_t in_stride[4];  // the input element step of each output dimension
};
void strided_copy_reference(const Strided4& s, const int8_t* in, int8_t* out);
void strided_copy_mve(const Strided4& s, const int8_t* in, int8_t* out);
void strided_copy(const Strided4& s, const int8_t* in, int8_t* out);

struct Pad4 {
  int32_t in_extent[4];   // memory order, outermost first
  int32_t before[4], after[4];
  int8_t value;
};
void pad_reference(const Pad4& p, const int8_t* in, int8_t* out);
void pad_mve(const Pad4& p, const int8_t* in, int8_t* out);
void pad(const Pad4& p, const int8_t* in, int8_t* out);

}  // namespace ember::kernels::cortex_m
