// quantized_max_pool2d: the largest int8 of each window's valid taps (padding is
// never the maximum), clamped to the activation range. Dilation 1.
#include "kernels/cortex_m/args.h"
#include "kernels/cortex_m/cortex_m_kernels.h"
#include "kernels/cortex_m/ops.h"
#include "kernels/cortex_m/requantize.h"
#include "kernels/cortex_m/window.h"

namespace ember::kernels::cortex_m {

void max_pool2d_reference(const MaxPool2d& a) {
  const Window& w = a.window;
  int8_t* out = a.output;
  for (int32_t n = 0; n < a.out.n; ++n) {
    for (int32_t oy = 0; oy < a.out.h; ++oy) {
      int32_t y0, y1;
      valid_taps(oy * w.stride_h - w.pad_h, w.kernel_h, a.in.h, &y0, &y1);
      for (int32_t ox = 0; ox < a.out.w; ++ox) {
        int32_t x0, x1;
        valid_taps(ox * w.stride_w - w.pad_w, w.kernel_w, a.in.w, &x0, &x1);
        for (int32_t c = 0; c < a.out.c; ++c) {
          int32_t best = INT8_MIN;
          for (int32_t ky = y0; ky < y1; ++ky) {
            for (int32_t kx = x0; kx < x1; ++kx) {
              const int32_t iy = oy * w.stride_h - w.pad_h + ky, ix = ox * w.stride_w - w.pad_w + kx;
              const int32_t v = a.input[((static_cast<size_t>(n) * a.in.h + iy) * a.in.w + ix) * a.in.c + c];
              if (v > best) best = v;
            }
          }
          *out++ = static_cast<int8_t>(clamp(best, a.activation_min, a.activation_max));
        }
      }
    }
  }
}

#if defined(__ARM_FEATURE_MVE)
// Sixteen channels per VMAX.
void max_pool2d_mve(const MaxPool2d& a) {
  const Window& w = a.window;
  const int8x16_t lo = vdupq_n_s8(static_cast<int8_t>(clamp(a.activation_min, INT8_MIN, INT8_MAX)));
  const int8x16_t hi = vdupq_n_s8(static_cast<int8_t>(clamp(a.activation_max, INT8_MIN, INT8_MAX)));
  int8_t* out = a.output;
  for (int32_t n = 0; n < a.out.n; ++n) {
    for (int32_t oy = 0; oy < a.out.h; ++oy) {
      const int32_t top = oy * w.stride_h - w.pad_h;
      int32_t y0, y1;
      valid_taps(top, w.kernel_h, a.in.h, &y0, &y1);
      for (int32_t ox = 0; ox < a.out.w; ++ox) {
        const int32_t left = ox * w.stride_w - w.pad_w;
        int32_t x0, x1;
        valid_taps(left, w.kernel_w, a.in.w, &x0, &x1);
        for (int32_t c = 0; c < a.out.c; c += 16) {
          const mve_pred16_t p = vctp8q(static_cast<uint32_t>(a.out.c - c));
          int8x16_t best = vdupq_n_s8(INT8_MIN);
          for (int32_t ky = y0; ky < y1; ++ky) {
            const int8_t* row = a.input + ((static_cast<size_t>(n) * a.in.h + top + ky) * a.in.w + left) * a.in.c + c;
            for (int32_t kx = x0; kx < x1; ++kx) best = vmaxq_s8(best, vldrbq_z_s8(row + kx * a.in.c, p));
          }
          vstrbq_p_s8(out + c, vminq_s8(vmaxq_s8(best, lo), hi), p);
        }
        out += a.out.c;
      }
    }
  }
}
void max_pool2d(const MaxPool2d& a) { max_pool2d_mve(a); }
#else
void max_pool2d(const MaxPool2d& a) { max_pool2d_reference(a); }
#endif

// (input, kernel_size, stride, padding, dilation, ceil_mode, input_zero_point,
//  output_zero_point, activation_min, activation_max, *, out)
Error quantized_max_pool2d_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "cortex_m::quantized_max_pool2d.out";
  EMBER_TRY(expect_count(kOp, args, 12));
  EMBER_TRY_ASSIGN(Tensor* input, tensor_arg(kOp, args, 0));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(kOp, args, 10));
  MaxPool2d a{};
  EMBER_TRY_ASSIGN(a.in, nhwc_arg(kOp, *input, "input"));
  EMBER_TRY_ASSIGN(a.out, nhwc_arg(kOp, *out, "out"));
  EMBER_TRY(pair_arg(kOp, args, 1, &a.window.kernel_h, &a.window.kernel_w));
  EMBER_TRY(pair_arg(kOp, args, 2, &a.window.stride_h, &a.window.stride_w));
  EMBER_TRY(pair_arg(kOp, args, 3, &a.window.pad_h, &a.window.pad_w));
  EMBER_TRY(pair_arg(kOp, args, 4, &a.window.dilation_h, &a.window.dilation_w));
  EMBER_TRY_ASSIGN(bool ceil_mode, bool_arg(kOp, args, 5));
  EMBER_TRY_ASSIGN(int64_t input_zp, int_arg(kOp, args, 6));
  EMBER_TRY_ASSIGN(int64_t output_zp, int_arg(kOp, args, 7));
  if (ceil_mode || a.window.dilation_h != 1 || a.window.dilation_w != 1 || input_zp != output_zp ||
      2 * a.window.pad_h > a.window.kernel_h || 2 * a.window.pad_w > a.window.kernel_w) {
    EMBER_LOG_ERROR("%s: needs dilation 1, no ceil_mode, padding <= kernel / 2, equal zero points", kOp);
    return Error::NotSupported;
  }
  EMBER_TRY(expect_out_extent(kOp, a.in, a.out, a.window, a.in.c));
  EMBER_TRY_ASSIGN(a.activation_min, int32_arg(kOp, args, 8));
  EMBER_TRY_ASSIGN(a.activation_max, int32_arg(kOp, args, 9));
  EMBER_TRY(expect_activation_range(kOp, a.activation_min, a.activation_max));
  a.input = input->data_as<const int8_t>();
  a.output = out->data_as<int8_t>();
  max_pool2d(a);
  return Error::Ok;
}

}  // namespace ember::kernels::cortex_m
