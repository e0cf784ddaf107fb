// quantized_conv2d: int8 NHWC convolution, OHWI weights, per-channel requantization.
// Padded taps contribute nothing (they are the input's zero point).
#include "kernels/cortex_m/args.h"
#include "kernels/cortex_m/cortex_m_kernels.h"
#include "kernels/cortex_m/mve_loops.h"
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
namespace {

// sum((x + offset) * k) = sum(x * k) + offset * sum(k): 16 MACs per VMLADAVA.
int32_t dot_mve(const int8_t* x, const int8_t* k, int32_t depth, int32_t offset) {
  int32_t products = 0;
  int32_t weights = 0;
  for (int32_t i = 0; i < depth; i += 16) {
    const mve_pred16_t p = vctp8q(static_cast<uint32_t>(depth - i));
    const int8x16_t kv = vldrbq_z_s8(k + i, p);
    products = vmladavaq_s8(products, vldrbq_z_s8(x + i, p), kv);
    weights = vaddvaq_s8(weights, kv);
  }
  return products + offset * weights;
}

}  // namespace

constexpr int32_t kMaxPatch = 2048;   // im2col bytes of one output pixel, on the stack
constexpr int32_t kMaxChannels = 512;  // per-channel filter sums, on the stack

// The window of output pixel (n, oy, ox) in OHWI order: padded taps set to
// -input_offset, which adds nothing ((x + offset) k = 0). Returns the patch, or,
// when the window is one contiguous run of the input (a single kernel row wholly
// inside, as in 1x1 and 1xN convolutions), the input itself.
const int8_t* gather_patch(const Conv2d& a, int32_t n, int32_t oy, int32_t ox, int8_t pad, int8_t* patch) {
  const Window& w = a.window;
  const int32_t c = a.in.c;
  const int32_t row_bytes = w.kernel_w * c;
  const int32_t left = ox * w.stride_w - w.pad_w;
  const int8_t* image = a.input + static_cast<size_t>(n) * a.in.h * a.in.w * c;
  int32_t x0 = 0, x1 = w.kernel_w;
  if (w.dilation_w == 1) valid_taps(left, w.kernel_w, a.in.w, &x0, &x1);
  if (x1 < x0) x1 = x0;
  if (w.kernel_h == 1 && w.dilation_w == 1 && x0 == 0 && x1 == w.kernel_w) {
    int32_t iy;
    if (tap_inside(oy * w.stride_h - w.pad_h, 0, 1, a.in.h, &iy)) {
      return image + (static_cast<size_t>(iy) * a.in.w + left) * c;
    }
  }
  int8_t* to = patch;
  for (int32_t ky = 0; ky < w.kernel_h; ++ky, to += row_bytes) {
    int32_t iy;
    if (!tap_inside(oy * w.stride_h - w.pad_h, ky, w.dilation_h, a.in.h, &iy)) {
      fill_bytes(to, pad, row_bytes);
      continue;
    }
    const int8_t* row = image + static_cast<size_t>(iy) * a.in.w * c;
    if (w.dilation_w == 1) {  // the valid taps are one run of the input row
      fill_bytes(to, pad, x0 * c);
      copy_bytes(to + x0 * c, row + static_cast<ptrdiff_t>(left + x0) * c, (x1 - x0) * c);
      fill_bytes(to + x1 * c, pad, (w.kernel_w - x1) * c);
      continue;
    }
    for (int32_t kx = 0; kx < w.kernel_w; ++kx) {
      int32_t ix;
      if (tap_inside(left, kx, w.dilation_w, a.in.w, &ix)) {
        copy_bytes(to + kx * c, row + static_cast<size_t>(ix) * c, c);
      } else {
        fill_bytes(to + kx * c, pad, c);
      }
    }
  }
  return patch;
}

// One group, filters of at most kMaxPatch bytes: each output pixel's window becomes
// one contiguous patch (im2col), which lines up byte for byte with every OHWI
// filter. Then sum((x + offset) k) = x.k + offset sum(k), with sum(k) computed once
// per filter, and four output channels share each patch load (dot4).
void conv2d_mve_im2col(const Conv2d& a) {
  const Window& w = a.window;
  const int32_t depth = w.kernel_h * w.kernel_w * a.in.c;
  const int32_t out_c = a.out.c;
  int8_t patch[kMaxPatch];
  int32_t filter_sums[kMaxChannels + 3];  // + 3: dot4 reads whole blocks of four
  for (int32_t oc = 0; oc < out_c; ++oc) {
    const int8_t* k = a.weight + static_cast<size_t>(oc) * depth;
    int32_t sum = 0;
    for (int32_t i = 0; i < depth; i += 16) sum = vaddvaq_s8(sum, vldrbq_z_s8(k + i, vctp8q(static_cast<uint32_t>(depth - i))));
    filter_sums[oc] = a.input_offset * sum + (a.bias ? a.bias[oc] : 0);
  }
  const int8_t pad = static_cast<int8_t>(-a.input_offset);
  const int32_t* multipliers = a.rq.multipliers;
  const int32_t* shifts = a.rq.shifts;
  const int32_t output_offset = a.rq.output_offset;
  const int32_t activation_min = a.rq.activation_min;
  const int32_t activation_max = a.rq.activation_max;
  // Output channels oc..oc+3 from their sums; `lanes` masks channels past the last.
  auto finish = [&](int32x4_t acc, int32_t oc, int8_t* out, mve_pred16_t lanes) {
    int32x4_t v = requantize_mve(acc, vldrwq_z_s32(multipliers + oc, lanes), vldrwq_z_s32(shifts + oc, lanes));
    v = clamp_mve(vaddq_n_s32(v, output_offset), activation_min, activation_max);
    vstrbq_p_s32(out + oc, v, lanes);
  };
  const int32_t whole = out_c & ~3;  // channels in whole blocks of four
  int8_t* out = a.output;
  for (int32_t n = 0; n < a.out.n; ++n) {
    for (int32_t oy = 0; oy < a.out.h; ++oy) {
      for (int32_t ox = 0; ox < a.out.w; ++ox, out += out_c) {
        const int8_t* x = gather_patch(a, n, oy, ox, pad, patch);
        const int8_t* k = a.weight;
        for (int32_t oc = 0; oc < whole; oc += 4, k += 4 * depth) {
          finish(dot4(filter_sums + oc, x, k, k + depth, k + 2 * depth, k + 3 * depth, depth), oc, out, vctp32q(4));
        }
        if (whole < out_c) {  // past the last channel: recompute it, discard
          const int8_t* last = a.weight + static_cast<size_t>(out_c - 1) * depth;
          const int8_t* k1 = whole + 1 < out_c ? k + depth : last;
          const int8_t* k2 = whole + 2 < out_c ? k + 2 * depth : last;
          finish(dot4(filter_sums + whole, x, k, k1, k2, last, depth), whole, out, vctp32q(static_cast<uint32_t>(out_c - whole)));
        }
      }
    }
  }
}

// With one group and no horizontal dilation, the valid taps of a kernel row are one
// contiguous run of input bytes (NHWC) matching one contiguous run of weights
// (OHWI): each row is a single long dot product, and four output channels share
// every input load.
void conv2d_mve(const Conv2d& a) {
  const Window& w = a.window;
  if (a.groups == 1 && w.kernel_h * w.kernel_w * a.in.c <= kMaxPatch && a.out.c <= kMaxChannels &&
      a.input_offset >= -127 && a.input_offset <= 128) {
    conv2d_mve_im2col(a);
    return;
  }
  if (a.groups != 1 || w.dilation_w != 1) {
    const int32_t offset = a.input_offset;
    conv2d_loops(a, [offset](const int8_t* x, const int8_t* k, int32_t depth) { return dot_mve(x, k, depth, offset); });
    return;
  }
  const size_t filter_size = static_cast<size_t>(w.kernel_h) * w.kernel_w * a.in.c;
  int8_t* out = a.output;
  for (int32_t n = 0; n < a.out.n; ++n) {
    for (int32_t oy = 0; oy < a.out.h; ++oy) {
      for (int32_t ox = 0; ox < a.out.w; ++ox) {
        const int32_t left = ox * w.stride_w - w.pad_w;
        const int32_t kx0 = left < 0 ? -left : 0;
        const int32_t kx1 = a.in.w - left < w.kernel_w ? a.in.w - left : w.kernel_w;
        const int32_t run = (kx1 - kx0) * a.in.c;
        for (int32_t oc = 0; oc < a.out.c; oc += 4) {
          const int8_t* filters[4];
          for (int32_t c = 0; c < 4; ++c) {  // past the last channel: recompute it, discard
            const int32_t channel = oc + c < a.out.c ? oc + c : a.out.c - 1;
            filters[c] = a.weight + channel * filter_size + static_cast<size_t>(kx0) * a.in.c;
          }
          int32_t acc0 = 0, acc1 = 0, acc2 = 0, acc3 = 0;
          int32_t sum0 = 0, sum1 = 0, sum2 = 0, sum3 = 0;
          for (int32_t ky = 0; ky < w.kernel_h && run > 0; ++ky) {
            int32_t iy;
            if (!tap_inside(oy * w.stride_h - w.pad_h, ky, w.dilation_h, a.in.h, &iy)) continue;
            const int8_t* x = a.input + ((static_cast<size_t>(n) * a.in.h + iy) * a.in.w + left + kx0) * a.in.c;
            const size_t row = static_cast<size_t>(ky) * w.kernel_w * a.in.c;
            const int8_t* k0 = filters[0] + row;
            const int8_t* k1 = filters[1] + row;
            const int8_t* k2 = filters[2] + row;
            const int8_t* k3 = filters[3] + row;
            for (int32_t i = 0; i < run; i += 16) {
              const mve_pred16_t p = vctp8q(static_cast<uint32_t>(run - i));
              const int8x16_t xv = vldrbq_z_s8(x + i, p);
              int8x16_t kv = vldrbq_z_s8(k0 + i, p);
              acc0 = vmladavaq_s8(acc0, xv, kv);
              sum0 = vaddvaq_s8(sum0, kv);
              kv = vldrbq_z_s8(k1 + i, p);
              acc1 = vmladavaq_s8(acc1, xv, kv);
              sum1 = vaddvaq_s8(sum1, kv);
              kv = vldrbq_z_s8(k2 + i, p);
              acc2 = vmladavaq_s8(acc2, xv, kv);
              sum2 = vaddvaq_s8(sum2, kv);
              kv = vldrbq_z_s8(k3 + i, p);
              acc3 = vmladavaq_s8(acc3, xv, kv);
              sum3 = vaddvaq_s8(sum3, kv);
            }
          }
          const int32_t accs[4] = {acc0 + a.input_offset * sum0, acc1 + a.input_offset * sum1,
                                   acc2 + a.input_offset * sum2, acc3 + a.input_offset * sum3};
          for (int32_t c = 0; c < 4 && oc + c < a.out.c; ++c) {
            const int32_t channel = oc + c;
            const int32_t acc = accs[c] + (a.bias ? a.bias[channel] : 0);
            const int32_t v = requantize(acc, a.rq.multipliers[channel], a.rq.shifts[channel]) + a.rq.output_offset;
            out[channel] = static_cast<int8_t>(clamp(v, a.rq.activation_min, a.rq.activation_max));
          }
        }
        out += a.out.c;
      }
    }
  }
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
  EMBER_TRY(conv_quantization_args(kOp, args, 6, static_cast<size_t>(a.out.c), bias, &a.input_offset, &a.rq,
                                   &a.bias));
  a.input = input->data_as<const int8_t>();
  a.weight = weight->data_as<const int8_t>();
  a.output = out->data_as<int8_t>();
  conv2d(a);
  return Error::Ok;
}

}  // namespace ember::kernels::cortex_m
