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

}  // namespace ember::kernels::cortex_m
