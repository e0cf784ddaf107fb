// aten::convolution.out(input, weight, bias?, stride[], padding[], dilation[],
// transposed, output_padding[], groups, *, out) -> out. 2-D (NCHW) and 1-D (NCL,
// run as a 2-D convolution of height 1), direct and transposed; float; input,
// weight and out in any dim order (each indexed through its own strides).
#include "kernels/portable/convolution.h"

#if defined(__ARM_FEATURE_MVE)
#include <arm_mve.h>
#endif

#include "kernels/common/kernel_args.h"
#include "kernels/portable/portable_kernels.h"
#include "kernels/portable/tensor_walk.h"

namespace ember::kernels {
namespace {

constexpr const char* kOp = "aten::convolution.out";

View view_of(const Tensor& t) {
  size_t st[kMaxTensorRank];
  memory_strides(t, st);
  if (t.rank == 3) return View{t.data_as<float>(), st[0], st[1], 0, st[2]};
  return View{t.data_as<float>(), st[0], st[1], st[2], st[3]};
}

// Transposed: every input element scatters into the outputs its kernel covers
// (weight [c_in, c_out / groups, kh, kw]). Out starts at the bias and each output
// channel takes its contributions in upstream's order (input y, x, channel, kernel
// y, x), so the float sums round alike.
void conv_transpose2d(const Conv2dShape& s, const View& in, const View& w, const float* bias, const View& out) {
  const int32_t c_in_per_group = s.c_in / s.groups;
  const int32_t c_out_per_group = s.c_out / s.groups;
  for (int32_t b = 0; b < s.n; ++b) {
    for (int32_t oc = 0; oc < s.c_out; ++oc) {
      for (int32_t oy = 0; oy < s.h_out; ++oy) {
        for (int32_t ox = 0; ox < s.w_out; ++ox) out.at(b, oc, oy, ox) = bias ? bias[oc] : 0.0f;
      }
      const int32_t group = oc / c_out_per_group, j = oc % c_out_per_group;
      for (int32_t iy = 0; iy < s.h_in; ++iy) {
        for (int32_t ix = 0; ix < s.w_in; ++ix) {
          for (int32_t ic = group * c_in_per_group; ic < (group + 1) * c_in_per_group; ++ic) {
            const float v = in.at(b, ic, iy, ix);
            for (int32_t ky = 0; ky < s.kh; ++ky) {
              const int64_t oy = iy * s.stride_h - s.pad_h + ky * s.dilation_h;
              if (oy < 0 || oy >= s.h_out) continue;
              for (int32_t kx = 0; kx < s.kw; ++kx) {
                const int64_t ox = ix * s.stride_w - s.pad_w + kx * s.dilation_w;
                if (ox < 0 || ox >= s.w_out) continue;
                out.at(b, oc, oy, ox) += v * w.at(ic, j, ky, kx);
              }
            }
          }
        }
      }
    }
  }
}

// A 1-D convolution's single value, or a 2-D one's pair; `one_d` puts the
// identity `fallback` in the first (height) slot.
bool pair(Span<const int64_t> list, bool one_d, int64_t fallback, int64_t* first, int64_t* second) {
  if (one_d) {
    if (list.size != 1) return false;
    *first = fallback;
    *second = list[0];
    return true;
  }
  if (list.size == 1) { *first = *second = list[0]; return true; }
  if (list.size == 2) { *first = list[0]; *second = list[1]; return true; }
  return false;
}

}  // namespace

// Each output is a sum in (input channel, kernel y, x) order, the bias added last, as upstream.
void conv2d_reference(const Conv2dShape& s, const View& in, const View& w, const float* bias, const View& out) {
  const int32_t c_in_per_group = s.c_in / s.groups;
  const int32_t c_out_per_group = s.c_out / s.groups;
  for (int32_t b = 0; b < s.n; ++b) {
    for (int32_t oc = 0; oc < s.c_out; ++oc) {
      const int32_t first_ic = oc / c_out_per_group * c_in_per_group;
      for (int32_t oy = 0; oy < s.h_out; ++oy) {
        for (int32_t ox = 0; ox < s.w_out; ++ox) {
          float acc = 0.0f;
          for (int32_t ic = 0; ic < c_in_per_group; ++ic) {
            for (int32_t ky = 0; ky < s.kh; ++ky) {
              const int64_t iy = oy * s.stride_h - s.pad_h + ky * s.dilation_h;
              if (iy < 0 || iy >= s.h_in) continue;
              for (int32_t kx = 0; kx < s.kw; ++kx) {
                const int64_t ix = ox * s.stride_w - s.pad_w + kx * s.dilation_w;
                if (ix < 0 || ix >= s.w_in) continue;
                acc += in.at(b, first_ic + ic, iy, ix) * w.at(oc, ic, ky, kx);
              }
            }
          }
          out.at(b, oc, oy, ox) = bias ? acc + bias[oc] : acc;
        }
      }
    }
  }
}

#if defined(__ARM_FEATURE_MVE)
namespace {

constexpr int32_t kMaxKernelWidth = 16;  // lane predicates per kernel column, on the stack

// kVectors vectors of four neighbouring outputs (ox0 ...) of row (b, oc, oy); `count`
// of them are outputs. Lane j of vector v reads input column
// (ox0 + 4v + j) * stride_w - pad_w + kx * dilation_w: a tap outside the input is
// skipped (its lane keeps its sum), as the reference skips it.
template <int kVectors>
void conv2d_row_mve(const Conv2dShape& s, const View& in, const View& w, const float* bias, const View& out,
                    int32_t b, int32_t oc, int32_t oy, int32_t ox0, int32_t count) {
  const int32_t c_in_per_group = s.c_in / s.groups;
  const int32_t first_ic = oc / (s.c_out / s.groups) * c_in_per_group;
  const bool contiguous = s.stride_w == 1 && in.s3 == 1;
  const uint32x4_t lane = vidupq_n_u32(0, 1);
  // Offsets of the lanes' inputs from lane 0 of each vector (elements), and which
  // lanes are outputs; then per kernel column which lanes read inside the input.
  const uint32x4_t in_offsets = vmulq_n_u32(lane, static_cast<uint32_t>(s.stride_w * in.s3));
  mve_pred16_t valid[kMaxKernelWidth][kVectors];
  for (int32_t kx = 0; kx < s.kw; ++kx) {
    #pragma GCC unroll 4
    for (int v = 0; v < kVectors; ++v) {
      const int32_t first = (ox0 + 4 * v) * static_cast<int32_t>(s.stride_w) - static_cast<int32_t>(s.pad_w) +
                            kx * static_cast<int32_t>(s.dilation_w);
      const int32x4_t ix = vaddq_n_s32(vmulq_n_s32(vreinterpretq_s32_u32(lane), static_cast<int32_t>(s.stride_w)), first);
      const mve_pred16_t inside = vcmpgeq_n_s32(ix, 0) & vcmpltq_n_s32(ix, s.w_in);
      valid[kx][v] = inside & vctp32q(static_cast<uint32_t>(count - 4 * v > 0 ? count - 4 * v : 0));
    }
  }
  float32x4_t acc[kVectors];
  #pragma GCC unroll 4
  for (int v = 0; v < kVectors; ++v) acc[v] = vdupq_n_f32(0.0f);
  for (int32_t ic = 0; ic < c_in_per_group; ++ic) {
    for (int32_t ky = 0; ky < s.kh; ++ky) {
      const int64_t iy = oy * s.stride_h - s.pad_h + ky * s.dilation_h;
      if (iy < 0 || iy >= s.h_in) continue;
      const float* row = &in.data[b * in.s0 + (first_ic + ic) * in.s1 + iy * in.s2];
      for (int32_t kx = 0; kx < s.kw; ++kx) {
        const float weight = w.at(oc, ic, ky, kx);
        const int64_t first = ox0 * s.stride_w - s.pad_w + kx * s.dilation_w;
        #pragma GCC unroll 4
        for (int v = 0; v < kVectors; ++v) {
          const mve_pred16_t p = valid[kx][v];
          // Lane 0 of vector v, possibly outside the row: only lanes inside are read.
          const float* base = row + (first + 4 * v * s.stride_w) * static_cast<int64_t>(in.s3);
          const float32x4_t x = contiguous ? vldrwq_z_f32(base, p) : vldrwq_gather_shifted_offset_z_f32(base, in_offsets, p);
          acc[v] = vaddq_m_f32(acc[v], acc[v], vmulq_n_f32(x, weight), p);
        }
      }
    }
  }
  const uint32x4_t out_offsets = vmulq_n_u32(lane, static_cast<uint32_t>(out.s3));
  #pragma GCC unroll 4
  for (int v = 0; v < kVectors; ++v) {
    const mve_pred16_t p = vctp32q(static_cast<uint32_t>(count - 4 * v > 0 ? count - 4 * v : 0));
    const float32x4_t value = bias ? vaddq_n_f32(acc[v], bias[oc]) : acc[v];
    float* at = &out.at(b, oc, oy, ox0 + 4 * v);
    if (out.s3 == 1) {
      vstrwq_p_f32(at, value, p);
    } else {
      vstrwq_scatter_shifted_offset_p_f32(at, out_offsets, value, p);
    }
  }
}

}  // namespace

void conv2d_mve(const Conv2dShape& s, const View& in, const View& w, const float* bias, const View& out) {
  if (s.kw > kMaxKernelWidth) {
    conv2d_reference(s, in, w, bias, out);
    return;
  }
  // A pointwise convolution over contiguous planes: output pixel p reads input pixel
  // p, so each plane is one long row (full vectors however narrow the image).
  if (s.kh == 1 && s.kw == 1 && s.stride_h == 1 && s.stride_w == 1 && s.pad_h == 0 && s.pad_w == 0 && s.h_in > 1 &&
      in.s3 == 1 && in.s2 == static_cast<size_t>(s.w_in) && out.s3 == 1 && out.s2 == static_cast<size_t>(s.w_out)) {
    Conv2dShape flat = s;
    flat.w_in = flat.w_out = s.h_in * s.w_in;
    flat.h_in = flat.h_out = 1;
    conv2d_mve(flat, in, w, bias, out);
    return;
  }
  for (int32_t b = 0; b < s.n; ++b) {
    for (int32_t oc = 0; oc < s.c_out; ++oc) {
      for (int32_t oy = 0; oy < s.h_out; ++oy) {
        for (int32_t ox = 0; ox < s.w_out; ox += 16) {
          const int32_t count = s.w_out - ox < 16 ? s.w_out - ox : 16;
          switch ((count + 3) / 4) {
            case 1: conv2d_row_mve<1>(s, in, w, bias, out, b, oc, oy, ox, count); break;
            case 2: conv2d_row_mve<2>(s, in, w, bias, out, b, oc, oy, ox, count); break;
            case 3: conv2d_row_mve<3>(s, in, w, bias, out, b, oc, oy, ox, count); break;
            default: conv2d_row_mve<4>(s, in, w, bias, out, b, oc, oy, ox, count); break;
          }
        }
      }
    }
  }
}
void conv2d(const Conv2dShape& s, const View& in, const View& w, const float* bias, const View& out) {
  conv2d_mve(s, in, w, bias, out);
}
#else
void conv2d(const Conv2dShape& s, const View& in, const View& w, const float* bias, const View& out) {
  conv2d_reference(s, in, w, bias, out);
}
#endif

Error convolution_out(KernelContext&, Span<EValue*> args) {
  EMBER_TRY(expect_count(kOp, args, 11));
  EMBER_TRY_ASSIGN(Tensor* input, tensor_arg(kOp, args, 0));
  EMBER_TRY_ASSIGN(Tensor* weight, tensor_arg(kOp, args, 1));
  EMBER_TRY_ASSIGN(Tensor* bias, optional_tensor_arg(kOp, args, 2));
  EMBER_TRY_ASSIGN(Span<const int64_t> stride, int_list_arg(kOp, args, 3));
  EMBER_TRY_ASSIGN(Span<const int64_t> padding, int_list_arg(kOp, args, 4));
  EMBER_TRY_ASSIGN(Span<const int64_t> dilation, int_list_arg(kOp, args, 5));
  EMBER_TRY_ASSIGN(bool transposed, bool_arg(kOp, args, 6));
  EMBER_TRY_ASSIGN(int64_t groups, int_arg(kOp, args, 8));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(kOp, args, 9));
  EMBER_TRY_ASSIGN(Span<const int64_t> output_padding, int_list_arg(kOp, args, 7));
  const bool one_d = input->rank == 3;
  const uint32_t rank = one_d ? 3 : 4;
  EMBER_TRY(expect_any_order(kOp, *input, ScalarType::Float, rank, "input"));
  EMBER_TRY(expect_any_order(kOp, *weight, ScalarType::Float, rank, "weight"));
  EMBER_TRY(expect_any_order(kOp, *out, ScalarType::Float, rank, "out"));
  Conv2dShape s{};
  const uint32_t x = rank - 1;  // the width dim
  s.n = input->sizes[0]; s.c_in = input->sizes[1]; s.h_in = one_d ? 1 : input->sizes[2]; s.w_in = input->sizes[x];
  s.kh = one_d ? 1 : weight->sizes[2]; s.kw = weight->sizes[x];
  s.h_out = one_d ? 1 : out->sizes[2]; s.w_out = out->sizes[x];
  int64_t out_pad_h = 0, out_pad_w = 0;
  if (!pair(stride, one_d, 1, &s.stride_h, &s.stride_w) || !pair(padding, one_d, 0, &s.pad_h, &s.pad_w) ||
      !pair(dilation, one_d, 1, &s.dilation_h, &s.dilation_w) || groups < 1 ||
      (transposed && !pair(output_padding, one_d, 0, &out_pad_h, &out_pad_w)) ||
      s.stride_h < 1 || s.stride_w < 1 || s.dilation_h < 1 || s.dilation_w < 1 || s.pad_h < 0 || s.pad_w < 0) {
    return bad_argument(kOp, 3, "(stride, padding, dilation, output_padding or groups) is invalid");
  }
  s.groups = static_cast<int32_t>(groups);
  s.c_out = transposed ? weight->sizes[1] * s.groups : weight->sizes[0];
  const int32_t weight_c_in = transposed ? weight->sizes[0] : weight->sizes[1] * s.groups;
  int64_t want_h, want_w;
  if (transposed) {
    want_h = (s.h_in - 1) * s.stride_h - 2 * s.pad_h + s.dilation_h * (s.kh - 1) + out_pad_h + 1;
    want_w = (s.w_in - 1) * s.stride_w - 2 * s.pad_w + s.dilation_w * (s.kw - 1) + out_pad_w + 1;
  } else {
    want_h = (s.h_in + 2 * s.pad_h - s.dilation_h * (s.kh - 1) - 1) / s.stride_h + 1;
    want_w = (s.w_in + 2 * s.pad_w - s.dilation_w * (s.kw - 1) - 1) / s.stride_w + 1;
  }
  if (s.c_in % s.groups || s.c_out % s.groups || weight_c_in != s.c_in || out->sizes[0] != s.n ||
      out->sizes[1] != s.c_out || want_h != s.h_out || want_w != s.w_out) {
    EMBER_LOG_ERROR("%s: input, weight and out shapes do not agree", kOp);
    return Error::InvalidShape;
  }
  if (bias) {
    EMBER_TRY(expect_tensor(kOp, *bias, ScalarType::Float, 1, "bias"));
    if (bias->sizes[0] != s.c_out) return bad_argument(kOp, 2, "has the wrong length");
  }
  const float* bias_data = bias ? bias->data_as<const float>() : nullptr;
  if (transposed) {
    conv_transpose2d(s, view_of(*input), view_of(*weight), bias_data, view_of(*out));
  } else {
    conv2d(s, view_of(*input), view_of(*weight), bias_data, view_of(*out));
  }
  return Error::Ok;
}

}  // namespace ember::kernels
