// quantized_depthwise_conv2d: output channel o filters input channel o / depth_multiplier;
// weight IHWO [1, kh, kw, out.c], per-channel requantization.
#include "kernels/cortex_m/args.h"
#include "kernels/cortex_m/cortex_m_kernels.h"
#include "kernels/cortex_m/ops.h"
#include "kernels/cortex_m/requantize.h"
#include "kernels/cortex_m/window.h"

namespace ember::kernels::cortex_m {

void depthwise_conv2d_reference(const DepthwiseConv2d& a) {
  const Window& w = a.window;
  int8_t* out = a.output;
  for (int32_t n = 0; n < a.out.n; ++n) {
    for (int32_t oy = 0; oy < a.out.h; ++oy) {
      for (int32_t ox = 0; ox < a.out.w; ++ox) {
        for (int32_t oc = 0; oc < a.out.c; ++oc) {
          const int32_t ic = oc / a.depth_multiplier;
          int32_t acc = a.bias ? a.bias[oc] : 0;
          for (int32_t ky = 0; ky < w.kernel_h; ++ky) {
            int32_t iy;
            if (!tap_inside(oy * w.stride_h - w.pad_h, ky, w.dilation_h, a.in.h, &iy)) continue;
            for (int32_t kx = 0; kx < w.kernel_w; ++kx) {
              int32_t ix;
              if (!tap_inside(ox * w.stride_w - w.pad_w, kx, w.dilation_w, a.in.w, &ix)) continue;
              const int32_t x = a.input[((static_cast<size_t>(n) * a.in.h + iy) * a.in.w + ix) * a.in.c + ic];
              const int32_t k = a.weight[(static_cast<size_t>(ky) * w.kernel_w + kx) * a.out.c + oc];
              acc += (x + a.input_offset) * k;
            }
          }
          const int32_t v = requantize(acc, a.rq.multipliers[oc], a.rq.shifts[oc]) + a.rq.output_offset;
          *out++ = static_cast<int8_t>(clamp(v, a.rq.activation_min, a.rq.activation_max));
        }
      }
    }
  }
}

#if defined(__ARM_FEATURE_MVE)
namespace {

// Four output channels per vector (32-bit accumulators), over the valid taps of a
// dilation-1 window; with depth_multiplier > 1 (kGather) their input channels are
// gathered, else read contiguously.
template <bool kGather>
void depthwise_conv2d_mve_taps(const DepthwiseConv2d& a) {
  const Window& w = a.window;
  const size_t row_bytes = static_cast<size_t>(a.in.w) * a.in.c;
  const size_t weight_row = static_cast<size_t>(w.kernel_w) * a.out.c;
  for (int32_t oc = 0; oc < a.out.c; oc += 4) {
    const mve_pred16_t p = vctp32q(static_cast<uint32_t>(a.out.c - oc));
    uint32_t sources[4];
    for (int32_t i = 0; i < 4; ++i) sources[i] = static_cast<uint32_t>((oc + i) / a.depth_multiplier);
    const uint32x4_t in_channels = vldrwq_u32(sources);
    const int32x4_t bias = a.bias ? vldrwq_z_s32(a.bias + oc, p) : vdupq_n_s32(0);
    const int32x4_t multipliers = vldrwq_z_s32(a.rq.multipliers + oc, p);
    const int32x4_t shifts = vldrwq_z_s32(a.rq.shifts + oc, p);
    // Windows wholly inside the input: sum((x + offset) k) = x.k + offset sum(k),
    // the offset term of all taps added once.
    int32x4_t weight_sum = vdupq_n_s32(0);
    for (int32_t tap = 0; tap < w.kernel_h * w.kernel_w; ++tap) {
      weight_sum = vaddq_s32(weight_sum, vldrbq_z_s32(a.weight + static_cast<size_t>(tap) * a.out.c + oc, p));
    }
    const int32x4_t inside_start = vaddq_s32(bias, vmulq_n_s32(weight_sum, a.input_offset));
    const size_t step = static_cast<size_t>(w.stride_w) * a.in.c;
    auto finish = [&](int32x4_t acc, int32_t n, int32_t oy, int32_t ox) {
      int32x4_t v = vaddq_n_s32(requantize_mve(acc, multipliers, shifts), a.rq.output_offset);
      v = clamp_mve(v, a.rq.activation_min, a.rq.activation_max);
      vstrbq_p_s32(a.output + ((static_cast<size_t>(n) * a.out.h + oy) * a.out.w + ox) * a.out.c + oc, v, p);
    };
    for (int32_t n = 0; n < a.out.n; ++n) {
      for (int32_t oy = 0; oy < a.out.h; ++oy) {
        const int32_t top = oy * w.stride_h - w.pad_h;
        int32_t y0, y1;
        valid_taps(top, w.kernel_h, a.in.h, &y0, &y1);
        for (int32_t ox = 0; ox < a.out.w; ++ox) {
          const int32_t left = ox * w.stride_w - w.pad_w;
          int32_t x0, x1;
          valid_taps(left, w.kernel_w, a.in.w, &x0, &x1);
          const int32_t next_right = left + w.stride_w + w.kernel_w;  // the next window's end
          if (y0 == 0 && y1 == w.kernel_h && left >= 0 && ox + 1 < a.out.w && next_right <= a.in.w) {
            // Two neighbouring windows, both inside: each weight load serves both.
            int32x4_t acc0 = inside_start, acc1 = inside_start;
            for (int32_t ky = 0; ky < w.kernel_h; ++ky) {
              const int8_t* pixel = a.input + (static_cast<size_t>(n) * a.in.h + top + ky) * row_bytes +
                                    static_cast<size_t>(left) * a.in.c;
              const int8_t* k = a.weight + ky * weight_row + oc;
              for (int32_t kx = 0; kx < w.kernel_w; ++kx, pixel += a.in.c, k += a.out.c) {
                const int32x4_t kv = vldrbq_z_s32(k, p);
                const int32x4_t xa = kGather ? vldrbq_gather_offset_z_s32(pixel, in_channels, p)
                                             : vldrbq_z_s32(pixel + oc, p);
                const int32x4_t xb = kGather ? vldrbq_gather_offset_z_s32(pixel + step, in_channels, p)
                                             : vldrbq_z_s32(pixel + step + oc, p);
                acc0 = vaddq_s32(acc0, vmulq_s32(xa, kv));
                acc1 = vaddq_s32(acc1, vmulq_s32(xb, kv));
              }
            }
            finish(acc0, n, oy, ox);
            finish(acc1, n, oy, ox + 1);
            ++ox;
            continue;
          }
          int32x4_t acc = bias;
          const int8_t* image = a.input + static_cast<size_t>(n) * a.in.h * row_bytes;
          for (int32_t ky = y0; ky < y1; ++ky) {
            const int8_t* pixel = image + (top + ky) * row_bytes + static_cast<size_t>(left + x0) * a.in.c;
            const int8_t* k = a.weight + ky * weight_row + static_cast<size_t>(x0) * a.out.c + oc;
            for (int32_t kx = x0; kx < x1; ++kx, pixel += a.in.c, k += a.out.c) {
              const int32x4_t x = kGather ? vldrbq_gather_offset_z_s32(pixel, in_channels, p)
                                          : vldrbq_z_s32(pixel + oc, p);
              acc = vaddq_s32(acc, vmulq_s32(vaddq_n_s32(x, a.input_offset), vldrbq_z_s32(k, p)));
            }
          }
          finish(acc, n, oy, ox);
        }
      }
    }
  }
}

// Any dilation: each tap's position is checked on its own.
void depthwise_conv2d_mve_dilated(const DepthwiseConv2d& a) {
  const Window& w = a.window;
  for (int32_t oc = 0; oc < a.out.c; oc += 4) {
    const mve_pred16_t p = vctp32q(static_cast<uint32_t>(a.out.c - oc));
    uint32_t sources[4];
    for (int32_t i = 0; i < 4; ++i) sources[i] = static_cast<uint32_t>((oc + i) / a.depth_multiplier);
    const uint32x4_t in_channels = vldrwq_u32(sources);
    const int32x4_t bias = a.bias ? vldrwq_z_s32(a.bias + oc, p) : vdupq_n_s32(0);
    const int32x4_t multipliers = vldrwq_z_s32(a.rq.multipliers + oc, p);
    const int32x4_t shifts = vldrwq_z_s32(a.rq.shifts + oc, p);
    for (int32_t n = 0; n < a.out.n; ++n) {
      for (int32_t oy = 0; oy < a.out.h; ++oy) {
        for (int32_t ox = 0; ox < a.out.w; ++ox) {
          int32x4_t acc = bias;
          for (int32_t ky = 0; ky < w.kernel_h; ++ky) {
            int32_t iy;
            if (!tap_inside(oy * w.stride_h - w.pad_h, ky, w.dilation_h, a.in.h, &iy)) continue;
            for (int32_t kx = 0; kx < w.kernel_w; ++kx) {
              int32_t ix;
              if (!tap_inside(ox * w.stride_w - w.pad_w, kx, w.dilation_w, a.in.w, &ix)) continue;
              const int8_t* pixel = a.input + ((static_cast<size_t>(n) * a.in.h + iy) * a.in.w + ix) * a.in.c;
              const int32x4_t x = vldrbq_gather_offset_z_s32(pixel, in_channels, p);
              const int32x4_t k = vldrbq_z_s32(a.weight + (static_cast<size_t>(ky) * w.kernel_w + kx) * a.out.c + oc, p);
              acc = vaddq_s32(acc, vmulq_s32(vaddq_n_s32(x, a.input_offset), k));
            }
          }
          int32x4_t v = vaddq_n_s32(requantize_mve(acc, multipliers, shifts), a.rq.output_offset);
          v = clamp_mve(v, a.rq.activation_min, a.rq.activation_max);
          vstrbq_p_s32(a.output + ((static_cast<size_t>(n) * a.out.h + oy) * a.out.w + ox) * a.out.c + oc, v, p);
        }
      }
    }
  }
}

}  // namespace

void depthwise_conv2d_mve(const DepthwiseConv2d& a) {
  if (a.window.dilation_h != 1 || a.window.dilation_w != 1) {
    depthwise_conv2d_mve_dilated(a);
    return;
  }
  if (a.depth_multiplier == 1) {
    depthwise_conv2d_mve_taps<false>(a);
  } else {
    depthwise_conv2d_mve_taps<true>(a);
  }
}
void depthwise_conv2d(const DepthwiseConv2d& a) { depthwise_conv2d_mve(a); }
#else
void depthwise_conv2d(const DepthwiseConv2d& a) { depthwise_conv2d_reference(a); }
#endif

// (input, weight, bias?, stride, padding, dilation, depth_multiplier, input_offset,
//  output_offset, requantize_multipliers, requantize_shifts, activation_min,
//  activation_max, scratch, *, out)
Error quantized_depthwise_conv2d_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "cortex_m::quantized_depthwise_conv2d.out";
  EMBER_TRY(expect_count(kOp, args, 16));
  EMBER_TRY_ASSIGN(Tensor* input, tensor_arg(kOp, args, 0));
  EMBER_TRY_ASSIGN(Tensor* weight, tensor_arg(kOp, args, 1));
  EMBER_TRY_ASSIGN(Tensor* bias, optional_tensor_arg(kOp, args, 2));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(kOp, args, 14));
  DepthwiseConv2d a{};
  EMBER_TRY_ASSIGN(a.in, nhwc_arg(kOp, *input, "input"));
  EMBER_TRY_ASSIGN(a.out, nhwc_arg(kOp, *out, "out"));
  EMBER_TRY(expect_int8(kOp, *weight, "weight"));
  EMBER_TRY_ASSIGN(int64_t multiplier, int_arg(kOp, args, 6));
  if (weight->rank != 4 || weight->sizes[0] != 1 || weight->sizes[3] != a.out.c || multiplier < 1 ||
      static_cast<int64_t>(a.in.c) * multiplier != a.out.c) {
    EMBER_LOG_ERROR("%s: weight is not IHWO [1, kh, kw, in channels x depth_multiplier]", kOp);
    return Error::InvalidShape;
  }
  a.depth_multiplier = static_cast<int32_t>(multiplier);
  a.window.kernel_h = weight->sizes[1];
  a.window.kernel_w = weight->sizes[2];
  EMBER_TRY(pair_arg(kOp, args, 3, &a.window.stride_h, &a.window.stride_w));
  EMBER_TRY(pair_arg(kOp, args, 4, &a.window.pad_h, &a.window.pad_w));
  EMBER_TRY(pair_arg(kOp, args, 5, &a.window.dilation_h, &a.window.dilation_w));
  EMBER_TRY(expect_out_extent(kOp, a.in, a.out, a.window, a.out.c));
  EMBER_TRY(conv_quantization_args(kOp, args, 7, static_cast<size_t>(a.out.c), bias, &a.input_offset, &a.rq,
                                   &a.bias));
  a.input = input->data_as<const int8_t>();
  a.weight = weight->data_as<const int8_t>();
  a.output = out->data_as<int8_t>();
  depthwise_conv2d(a);
  return Error::Ok;
}

}  // namespace ember::kernels::cortex_m
