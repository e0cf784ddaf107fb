// quantized_conv2d: int8 NHWC convolution, OHWI weights, per-channel requantization.
// Padded taps contribute nothing (they are the input's zero point).
#include "kernels/cortex_m/args.h"
#include "kernels/cortex_m/cortex_m_kernels.h"
#include "kernels/cortex_m/ops.h"
#include "kernels/cortex_m/requantize.h"
#include "kernels/cortex_m/window.h"

namespace ember::kernels::cortex_m {

namespace {

template <typename Dot>
void conv2d_loops(const Conv2d& a, Dot dot) {
  const Window& w = a.window;
  const int32_t group_in = a.in.c / a.groups;
  const int32_t group_out = a.out.c / a.groups;
  int8_t* out = a.output;
  for (int32_t n = 0; n < a.out.n; ++n) {
    for (int32_t oy = 0; oy < a.out.h; ++oy) {
      for (int32_t ox = 0; ox < a.out.w; ++ox) {
        for (int32_t oc = 0; oc < a.out.c; ++oc) {
          const int32_t g = oc / group_out;
          int32_t acc = a.bias ? a.bias[oc] : 0;
          for (int32_t ky = 0; ky < w.kernel_h; ++ky) {
            int32_t iy;
            if (!tap_inside(oy * w.stride_h - w.pad_h, ky, w.dilation_h, a.in.h, &iy)) continue;
            for (int32_t kx = 0; kx < w.kernel_w; ++kx) {
              int32_t ix;
              if (!tap_inside(ox * w.stride_w - w.pad_w, kx, w.dilation_w, a.in.w, &ix)) continue;
              const int8_t* x = a.input + ((static_cast<size_t>(n) * a.in.h + iy) * a.in.w + ix) * a.in.c + g * group_in;
              const int8_t* k = a.weight + ((static_cast<size_t>(oc) * w.kernel_h + ky) * w.kernel_w + kx) * group_in;
              acc += dot(x, k, group_in);
            }
          }
          const int32_t v = requantize(acc, a.rq.multipliers[oc], a.rq.shifts[oc]) + a.rq.output_offset;
          *out++ = static_cast<int8_t>(clamp(v, a.rq.activation_min, a.rq.activation_max));
        }
      }
    }
  }
}

}  // namespace

void conv2d_reference(const Conv2d& a) {
  const int32_t offset = a.input_offset;
  conv2d_loops(a, [offset](const int8_t* x, const int8_t* k, int32_t depth) {
    int32_t sum = 0;
    for (int32_t i = 0; i < depth; ++i) sum += (x[i] + offset) * k[i];
    return sum;
  });
}

#if defined(__ARM_FEATURE_MVE)
// sum((x + offset) * k) = sum(x * k) + offset * sum(k): 16 MACs per VMLADAVA.
void conv2d_mve(const Conv2d& a) {
  const int32_t offset = a.input_offset;
  conv2d_loops(a, [offset](const int8_t* x, const int8_t* k, int32_t depth) {
    int32_t products = 0;
    int32_t weights = 0;
    for (int32_t i = 0; i < depth; i += 16) {
      const mve_pred16_t p = vctp8q(static_cast<uint32_t>(depth - i));
      const int8x16_t xv = vldrbq_z_s8(x + i, p);
      const int8x16_t kv = vldrbq_z_s8(k + i, p);
      products = vmladavaq_s8(products, xv, kv);
      weights = vaddvaq_s8(weights, kv);
    }
    return products + offset * weights;
  });
}
void conv2d(const Conv2d& a) { conv2d_mve(a); }
#else
void conv2d(const Conv2d& a) { conv2d_reference(a); }
#endif

// (input, weight, bias?, stride, padding, dilation, input_offset, output_offset,
//  requantize_multipliers, requantize_shifts, activation_min, activation_max, scratch, *, out)
Error quantized_conv2d_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "cortex_m::quantized_conv2d.out";
  EMBER_TRY(expect_count(kOp, args, 15));
  EMBER_TRY_ASSIGN(Tensor* input, tensor_arg(kOp, args, 0));
  EMBER_TRY_ASSIGN(Tensor* weight, tensor_arg(kOp, args, 1));
  EMBER_TRY_ASSIGN(Tensor* bias, optional_tensor_arg(kOp, args, 2));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(kOp, args, 13));
  Conv2d a{};
  EMBER_TRY_ASSIGN(a.in, nhwc_arg(kOp, *input, "input"));
  EMBER_TRY_ASSIGN(a.out, nhwc_arg(kOp, *out, "out"));
  EMBER_TRY(expect_int8(kOp, *weight, "weight"));
  if (weight->rank != 4 || weight->sizes[3] < 1 || a.in.c % weight->sizes[3] != 0 ||
      weight->sizes[0] != a.out.c || a.out.c % (a.in.c / weight->sizes[3]) != 0) {
    EMBER_LOG_ERROR("%s: weight is not OHWI [out channels, kh, kw, in channels / groups]", kOp);
    return Error::InvalidShape;
  }
  a.groups = a.in.c / weight->sizes[3];
  a.window.kernel_h = weight->sizes[1];
  a.window.kernel_w = weight->sizes[2];
  EMBER_TRY(pair_arg(kOp, args, 3, &a.window.stride_h, &a.window.stride_w));
  EMBER_TRY(pair_arg(kOp, args, 4, &a.window.pad_h, &a.window.pad_w));
  EMBER_TRY(pair_arg(kOp, args, 5, &a.window.dilation_h, &a.window.dilation_w));
  EMBER_TRY(expect_out_extent(kOp, a.in, a.out, a.window, a.out.c));
  EMBER_TRY_ASSIGN(a.input_offset, int32_arg(kOp, args, 6));
  EMBER_TRY_ASSIGN(a.rq.output_offset, int32_arg(kOp, args, 7));
  EMBER_TRY_ASSIGN(Tensor* multipliers, tensor_arg(kOp, args, 8));
  EMBER_TRY_ASSIGN(Tensor* shifts, tensor_arg(kOp, args, 9));
  const auto channels = static_cast<size_t>(a.out.c);
  EMBER_TRY_ASSIGN(a.rq.multipliers, int32_values(kOp, *multipliers, channels, "requantize_multipliers"));
  EMBER_TRY_ASSIGN(a.rq.shifts, int32_values(kOp, *shifts, channels, "requantize_shifts"));
  EMBER_TRY(expect_requantization(kOp, a.rq.multipliers, a.rq.shifts, channels));
  EMBER_TRY_ASSIGN(a.rq.activation_min, int32_arg(kOp, args, 10));
  EMBER_TRY_ASSIGN(a.rq.activation_max, int32_arg(kOp, args, 11));
  EMBER_TRY(expect_activation_range(kOp, a.rq.activation_min, a.rq.activation_max));
  if (bias) {
    EMBER_TRY_ASSIGN(a.bias, int32_values(kOp, *bias, channels, "bias"));
  }
  a.input = input->data_as<const int8_t>();
  a.weight = weight->data_as<const int8_t>();
  a.output = out->data_as<int8_t>();
  conv2d(a);
  return Error::Ok;
}

}  // namespace ember::kernels::cortex_m
