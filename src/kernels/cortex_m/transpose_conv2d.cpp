// quantized_transpose_conv2d: each output pixel gathers the input pixels whose
// stride grid lands on it; weight OHWI [out.c, kh, kw, in.c], per-channel
// requantization. Groups are not supported (upstream emits groups = 1).
#include "kernels/cortex_m/args.h"
#include "kernels/cortex_m/cortex_m_kernels.h"
#include "kernels/cortex_m/ops.h"
#include "kernels/cortex_m/requantize.h"

namespace ember::kernels::cortex_m {

namespace {

// The input index whose tap k reaches output position o, if any.
inline bool source(int32_t o, int32_t k, int32_t stride, int32_t pad, int32_t dilation, int32_t extent, int32_t* at) {
  const int32_t scaled = o + pad - k * dilation;
  if (scaled < 0 || scaled % stride != 0) return false;
  *at = scaled / stride;
  return *at < extent;
}

template <typename Dot>
void transpose_conv2d_loops(const TransposeConv2d& a, Dot dot) {
  const Window& w = a.window;
  int8_t* out = a.output;
  for (int32_t n = 0; n < a.out.n; ++n) {
    for (int32_t oy = 0; oy < a.out.h; ++oy) {
      for (int32_t ox = 0; ox < a.out.w; ++ox) {
        for (int32_t oc = 0; oc < a.out.c; ++oc) {
          int32_t acc = a.bias ? a.bias[oc] : 0;
          for (int32_t ky = 0; ky < w.kernel_h; ++ky) {
            int32_t iy;
            if (!source(oy, ky, w.stride_h, w.pad_h, w.dilation_h, a.in.h, &iy)) continue;
            for (int32_t kx = 0; kx < w.kernel_w; ++kx) {
              int32_t ix;
              if (!source(ox, kx, w.stride_w, w.pad_w, w.dilation_w, a.in.w, &ix)) continue;
              const int8_t* x = a.input + ((static_cast<size_t>(n) * a.in.h + iy) * a.in.w + ix) * a.in.c;
              const int8_t* k = a.weight + ((static_cast<size_t>(oc) * w.kernel_h + ky) * w.kernel_w + kx) * a.in.c;
              acc += dot(x, k, a.in.c);
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

void transpose_conv2d_reference(const TransposeConv2d& a) {
  const int32_t offset = a.input_offset;
  transpose_conv2d_loops(a, [offset](const int8_t* x, const int8_t* k, int32_t depth) {
    int32_t sum = 0;
    for (int32_t i = 0; i < depth; ++i) sum += (x[i] + offset) * k[i];
    return sum;
  });
}

#if defined(__ARM_FEATURE_MVE)
// Four output channels per pass share each input load; per tap the input channels
// are one contiguous run (NHWC) against one contiguous run of each filter (OHWI).
void transpose_conv2d_mve(const TransposeConv2d& a) {
  const Window& w = a.window;
  const size_t filter_size = static_cast<size_t>(w.kernel_h) * w.kernel_w * a.in.c;
  const int32_t depth = a.in.c;
  int8_t* out = a.output;
  for (int32_t n = 0; n < a.out.n; ++n) {
    for (int32_t oy = 0; oy < a.out.h; ++oy) {
      for (int32_t ox = 0; ox < a.out.w; ++ox) {
        for (int32_t oc = 0; oc < a.out.c; oc += 4) {
          const int8_t* filters[4];
          for (int32_t c = 0; c < 4; ++c) {  // past the last channel: recompute it, discard
            filters[c] = a.weight + (oc + c < a.out.c ? oc + c : a.out.c - 1) * filter_size;
          }
          int32_t acc0 = 0, acc1 = 0, acc2 = 0, acc3 = 0;
          int32_t sum0 = 0, sum1 = 0, sum2 = 0, sum3 = 0;
          for (int32_t ky = 0; ky < w.kernel_h; ++ky) {
            int32_t iy;
            if (!source(oy, ky, w.stride_h, w.pad_h, w.dilation_h, a.in.h, &iy)) continue;
            for (int32_t kx = 0; kx < w.kernel_w; ++kx) {
              int32_t ix;
              if (!source(ox, kx, w.stride_w, w.pad_w, w.dilation_w, a.in.w, &ix)) continue;
              const int8_t* x = a.input + ((static_cast<size_t>(n) * a.in.h + iy) * a.in.w + ix) * depth;
              const size_t tap = (static_cast<size_t>(ky) * w.kernel_w + kx) * depth;
              int32_t i = 0;
              for (; i + 16 <= depth; i += 16) {  // whole vectors: no predication
                const int8x16_t xv = vld1q_s8(x + i);
                int8x16_t kv = vld1q_s8(filters[0] + tap + i);
                acc0 = vmladavaq_s8(acc0, xv, kv);
                sum0 = vaddvaq_s8(sum0, kv);
                kv = vld1q_s8(filters[1] + tap + i);
                acc1 = vmladavaq_s8(acc1, xv, kv);
                sum1 = vaddvaq_s8(sum1, kv);
                kv = vld1q_s8(filters[2] + tap + i);
                acc2 = vmladavaq_s8(acc2, xv, kv);
                sum2 = vaddvaq_s8(sum2, kv);
                kv = vld1q_s8(filters[3] + tap + i);
                acc3 = vmladavaq_s8(acc3, xv, kv);
                sum3 = vaddvaq_s8(sum3, kv);
              }
              if (i < depth) {
                const mve_pred16_t p = vctp8q(static_cast<uint32_t>(depth - i));
                const int8x16_t xv = vldrbq_z_s8(x + i, p);
                int8x16_t kv = vldrbq_z_s8(filters[0] + tap + i, p);
                acc0 = vmladavaq_s8(acc0, xv, kv);
                sum0 = vaddvaq_s8(sum0, kv);
                kv = vldrbq_z_s8(filters[1] + tap + i, p);
                acc1 = vmladavaq_s8(acc1, xv, kv);
                sum1 = vaddvaq_s8(sum1, kv);
                kv = vldrbq_z_s8(filters[2] + tap + i, p);
                acc2 = vmladavaq_s8(acc2, xv, kv);
                sum2 = vaddvaq_s8(sum2, kv);
                kv = vldrbq_z_s8(filters[3] + tap + i, p);
                acc3 = vmladavaq_s8(acc3, xv, kv);
                sum3 = vaddvaq_s8(sum3, kv);
              }
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
void transpose_conv2d(const TransposeConv2d& a) { transpose_conv2d_mve(a); }
#else
void transpose_conv2d(const TransposeConv2d& a) { transpose_conv2d_reference(a); }
#endif

// (input, weight, bias?, stride, padding, output_padding, dilation, input_offset,
//  output_offset, requantize_multipliers, requantize_shifts, activation_min,
//  activation_max, scratch, output_scratch, *, out)
Error quantized_transpose_conv2d_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "cortex_m::quantized_transpose_conv2d.out";
  EMBER_TRY(expect_count(kOp, args, 17));
  EMBER_TRY_ASSIGN(Tensor* input, tensor_arg(kOp, args, 0));
  EMBER_TRY_ASSIGN(Tensor* weight, tensor_arg(kOp, args, 1));
  EMBER_TRY_ASSIGN(Tensor* bias, optional_tensor_arg(kOp, args, 2));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(kOp, args, 15));
  TransposeConv2d a{};
  EMBER_TRY_ASSIGN(a.in, nhwc_arg(kOp, *input, "input"));
  EMBER_TRY_ASSIGN(a.out, nhwc_arg(kOp, *out, "out"));
  EMBER_TRY(expect_int8(kOp, *weight, "weight"));
  if (weight->rank != 4 || weight->sizes[3] != a.in.c || weight->sizes[0] != a.out.c) {
    EMBER_LOG_ERROR("%s: weight is not OHWI [out channels, kh, kw, in channels] (groups 1)", kOp);
    return Error::InvalidShape;
  }
  Window& w = a.window;
  w.kernel_h = weight->sizes[1];
  w.kernel_w = weight->sizes[2];
  int32_t extra_h, extra_w;
  EMBER_TRY(pair_arg(kOp, args, 3, &w.stride_h, &w.stride_w));
  EMBER_TRY(pair_arg(kOp, args, 4, &w.pad_h, &w.pad_w));
  EMBER_TRY(pair_arg(kOp, args, 5, &extra_h, &extra_w));
  EMBER_TRY(pair_arg(kOp, args, 6, &w.dilation_h, &w.dilation_w));
  if (w.stride_h < 1 || w.stride_w < 1 || w.dilation_h < 1 || w.dilation_w < 1 || a.out.n != a.in.n ||
      a.out.h != (a.in.h - 1) * w.stride_h - 2 * w.pad_h + w.dilation_h * (w.kernel_h - 1) + extra_h + 1 ||
      a.out.w != (a.in.w - 1) * w.stride_w - 2 * w.pad_w + w.dilation_w * (w.kernel_w - 1) + extra_w + 1) {
    EMBER_LOG_ERROR("%s: output shape does not follow from the input and the window", kOp);
    return Error::InvalidShape;
  }
  EMBER_TRY(conv_quantization_args(kOp, args, 7, static_cast<size_t>(a.out.c), bias, &a.input_offset, &a.rq,
                                   &a.bias));
  a.input = input->data_as<const int8_t>();
  a.weight = weight->data_as<const int8_t>();
  a.output = out->data_as<int8_t>();
  transpose_conv2d(a);
  return Error::Ok;
}

}  // namespace ember::kernels::cortex_m
