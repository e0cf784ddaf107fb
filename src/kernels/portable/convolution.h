// aten::convolution's direct 2-D float convolution on strided views: the
// reference loop, and on a core with Helium an MVE path that runs four
// neighbouring outputs of a row per vector, each output's sum in the reference's
// order (input channel, kernel y, x; bias last) with separate multiplies and adds,
// so both paths give the same bits, except that Helium's vector floating point
// flushes subnormals to zero (test/convolution_test.cpp shows it). The unsuffixed
// function is the one this build runs.
#pragma once
#include <cstddef>
#include <cstdint>

namespace ember::kernels {

struct Conv2dShape {
  int32_t n, c_in, h_in, w_in, c_out, h_out, w_out, kh, kw, groups;
  int64_t stride_h, stride_w, pad_h, pad_w, dilation_h, dilation_w;
};

// A 4-D view (a 1-D convolution's tensors get a height of 1): element strides.
struct View {
  float* data;
  size_t s0, s1, s2, s3;
  float& at(size_t i0, size_t i1, size_t i2, size_t i3) const { return data[i0 * s0 + i1 * s1 + i2 * s2 + i3 * s3]; }
};

void conv2d_reference(const Conv2dShape& s, const View& in, const View& w, const float* bias, const View& out);
void conv2d_mve(const Conv2dShape& s, const View& in, const View& w, const float* bias, const View& out);
void conv2d(const Conv2dShape& s, const View& in, const View& w, const float* bias, const View& out);

}  // namespace ember::kernels
