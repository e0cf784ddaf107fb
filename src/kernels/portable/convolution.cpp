// aten::convolution.out(input, weight, bias?, stride[], padding[], dilation[],
// transposed, output_padding[], groups, *, out) -> out. 2-D, NCHW, float.
#include "kernels/common/kernel_args.h"
#include "kernels/portable/portable_kernels.h"

namespace ember::kernels {
namespace {

constexpr const char* kOp = "aten::convolution.out";

struct Conv2dShape {
  int32_t n, c_in, h_in, w_in, c_out, h_out, w_out, kh, kw, groups;
  int64_t stride_h, stride_w, pad_h, pad_w, dilation_h, dilation_w;
};

void conv2d(const Conv2dShape& s, const float* in, const float* w, const float* bias, float* out) {
  const int32_t c_in_per_group = s.c_in / s.groups;
  const int32_t c_out_per_group = s.c_out / s.groups;
  for (int32_t b = 0; b < s.n; ++b) {
    for (int32_t oc = 0; oc < s.c_out; ++oc) {
      const int32_t group = oc / c_out_per_group;
      const float* wk = w + static_cast<size_t>(oc) * c_in_per_group * s.kh * s.kw;
      for (int32_t oy = 0; oy < s.h_out; ++oy) {
        for (int32_t ox = 0; ox < s.w_out; ++ox) {
          float acc = bias ? bias[oc] : 0.0f;
          for (int32_t ic = 0; ic < c_in_per_group; ++ic) {
            const float* plane = in + (static_cast<size_t>(b) * s.c_in + group * c_in_per_group + ic) * s.h_in * s.w_in;
            for (int32_t ky = 0; ky < s.kh; ++ky) {
              const int64_t iy = oy * s.stride_h - s.pad_h + ky * s.dilation_h;
              if (iy < 0 || iy >= s.h_in) continue;
              for (int32_t kx = 0; kx < s.kw; ++kx) {
                const int64_t ix = ox * s.stride_w - s.pad_w + kx * s.dilation_w;
                if (ix < 0 || ix >= s.w_in) continue;
                acc += plane[iy * s.w_in + ix] * wk[(ic * s.kh + ky) * s.kw + kx];
              }
            }
          }
          out[((static_cast<size_t>(b) * s.c_out + oc) * s.h_out + oy) * s.w_out + ox] = acc;
        }
      }
    }
  }
}

bool pair(Span<const int64_t> list, int64_t* first, int64_t* second) {
  if (list.size == 1) { *first = *second = list[0]; return true; }
  if (list.size == 2) { *first = list[0]; *second = list[1]; return true; }
  return false;
}

}  // namespace

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
  if (transposed) {
    EMBER_LOG_ERROR("%s: transposed convolution is not supported", kOp);
    return Error::NotSupported;
  }
  EMBER_TRY(expect_tensor(kOp, *input, ScalarType::Float, 4, "input"));
  EMBER_TRY(expect_tensor(kOp, *weight, ScalarType::Float, 4, "weight"));
  EMBER_TRY(expect_tensor(kOp, *out, ScalarType::Float, 4, "out"));
  Conv2dShape s{};
  s.n = input->sizes[0]; s.c_in = input->sizes[1]; s.h_in = input->sizes[2]; s.w_in = input->sizes[3];
  s.c_out = weight->sizes[0]; s.kh = weight->sizes[2]; s.kw = weight->sizes[3];
  s.h_out = out->sizes[2]; s.w_out = out->sizes[3];
  if (!pair(stride, &s.stride_h, &s.stride_w) || !pair(padding, &s.pad_h, &s.pad_w) ||
      !pair(dilation, &s.dilation_h, &s.dilation_w) || groups < 1 || s.c_in % groups || s.c_out % groups ||
      s.stride_h < 1 || s.stride_w < 1 || s.dilation_h < 1 || s.dilation_w < 1 || s.pad_h < 0 || s.pad_w < 0) {
    return bad_argument(kOp, 3, "(stride, padding, dilation or groups) is invalid");
  }
  s.groups = static_cast<int32_t>(groups);
  const int64_t want_h = (s.h_in + 2 * s.pad_h - s.dilation_h * (s.kh - 1) - 1) / s.stride_h + 1;
  const int64_t want_w = (s.w_in + 2 * s.pad_w - s.dilation_w * (s.kw - 1) - 1) / s.stride_w + 1;
  if (weight->sizes[1] * s.groups != s.c_in || out->sizes[0] != s.n || out->sizes[1] != s.c_out ||
      want_h != s.h_out || want_w != s.w_out) {
    EMBER_LOG_ERROR("%s: input, weight and out shapes do not agree", kOp);
    return Error::InvalidShape;
  }
  if (bias) {
    EMBER_TRY(expect_tensor(kOp, *bias, ScalarType::Float, 1, "bias"));
    if (bias->sizes[0] != s.c_out) return bad_argument(kOp, 2, "has the wrong length");
  }
  conv2d(s, input->data_as<float>(), weight->data_as<float>(), bias ? bias->data_as<float>() : nullptr,
         out->data_as<float>());
  return Error::Ok;
}

}  // namespace ember::kernels
