// quantized_avg_pool2d (CMSIS-NN arm_avgpool_s8): input and output share their
// quantization, so the raw int8 values of the valid taps are averaged (padding is
// not counted) with round-half-away division; multiplier and shift are not needed.
#include "kernels/cortex_m/args.h"
#include "kernels/cortex_m/cortex_m_kernels.h"
#include "kernels/cortex_m/ops.h"
#include "kernels/cortex_m/requantize.h"
#include "kernels/cortex_m/window.h"

namespace ember::kernels::cortex_m {

namespace {

inline int8_t rounded_average(int32_t sum, int32_t count) {
  const int32_t average = sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
  return static_cast<int8_t>(clamp(average, INT8_MIN, INT8_MAX));
}

}  // namespace

void avg_pool2d_reference(const AvgPool2d& a) {
  const Window& w = a.window;
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
        const int32_t count = (y1 - y0) * (x1 - x0);
        for (int32_t c = 0; c < a.out.c; ++c) {
          int32_t sum = 0;
          for (int32_t ky = y0; ky < y1; ++ky) {
            for (int32_t kx = x0; kx < x1; ++kx) {
              sum += a.input[((static_cast<size_t>(n) * a.in.h + top + ky) * a.in.w + left + kx) * a.in.c + c];
            }
          }
          *out++ = count > 0 ? rounded_average(sum, count) : 0;
        }
      }
    }
  }
}

#if defined(__ARM_FEATURE_MVE)
// Sixteen channels at a time: four 32-bit sums fed by widening byte loads; the
// division by the tap count stays scalar (MVE has no integer divide).
void avg_pool2d_mve(const AvgPool2d& a) {
  const Window& w = a.window;
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
        const int32_t count = (y1 - y0) * (x1 - x0);
        for (int32_t c = 0; c < a.out.c; c += 16) {
          const int32_t width = a.out.c - c < 16 ? a.out.c - c : 16;
          int16x8_t low = vdupq_n_s16(0), high = vdupq_n_s16(0);
          int32x4_t sums[4] = {vdupq_n_s32(0), vdupq_n_s32(0), vdupq_n_s32(0), vdupq_n_s32(0)};
          int32_t taps_in_int16 = 0;
          for (int32_t ky = y0; ky < y1; ++ky) {
            const int8_t* row = a.input + ((static_cast<size_t>(n) * a.in.h + top + ky) * a.in.w + left) * a.in.c + c;
            for (int32_t kx = x0; kx < x1; ++kx) {
              const int8x16_t v = vldrbq_z_s8(row + kx * a.in.c, vctp8q(static_cast<uint32_t>(width)));
              low = vaddq_s16(low, vmovlbq_s8(v));  // even channels
              high = vaddq_s16(high, vmovltq_s8(v));  // odd channels
              if (++taps_in_int16 == 256) {  // 256 x 128 still fits 16 bits: flush before overflow
                sums[0] = vaddq_s32(sums[0], vmovlbq_s16(low));
                sums[1] = vaddq_s32(sums[1], vmovltq_s16(low));
                sums[2] = vaddq_s32(sums[2], vmovlbq_s16(high));
                sums[3] = vaddq_s32(sums[3], vmovltq_s16(high));
                low = high = vdupq_n_s16(0);
                taps_in_int16 = 0;
              }
            }
          }
          sums[0] = vaddq_s32(sums[0], vmovlbq_s16(low));
          sums[1] = vaddq_s32(sums[1], vmovltq_s16(low));
          sums[2] = vaddq_s32(sums[2], vmovlbq_s16(high));
          sums[3] = vaddq_s32(sums[3], vmovltq_s16(high));
          // sums[0] holds channels 0,4,8,12; [1] 2,6,10,14; [2] 1,5,9,13; [3] 3,7,11,15
          int32_t lanes[4][4];
          for (int32_t s = 0; s < 4; ++s) vst1q_s32(lanes[s], sums[s]);
          static constexpr int32_t kFirst[4] = {0, 2, 1, 3};
          for (int32_t s = 0; s < 4; ++s) {
            for (int32_t l = 0; l < 4; ++l) {
              const int32_t channel = kFirst[s] + 4 * l;
              if (channel < width) out[c + channel] = count > 0 ? rounded_average(lanes[s][l], count) : 0;
            }
          }
        }
        out += a.out.c;
      }
    }
  }
}
void avg_pool2d(const AvgPool2d& a) { avg_pool2d_mve(a); }
#else
void avg_pool2d(const AvgPool2d& a) { avg_pool2d_reference(a); }
#endif

// (input, kernel_size, stride, padding, zero_point, multiplier, shift, scratch, *, out)
Error quantized_avg_pool2d_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "cortex_m::quantized_avg_pool2d.out";
  EMBER_TRY(expect_count(kOp, args, 10));
  EMBER_TRY_ASSIGN(Tensor* input, tensor_arg(kOp, args, 0));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(kOp, args, 8));
  AvgPool2d a{};
  EMBER_TRY_ASSIGN(a.in, nhwc_arg(kOp, *input, "input"));
  EMBER_TRY_ASSIGN(a.out, nhwc_arg(kOp, *out, "out"));
  EMBER_TRY(pair_arg(kOp, args, 1, &a.window.kernel_h, &a.window.kernel_w));
  EMBER_TRY(pair_arg(kOp, args, 2, &a.window.stride_h, &a.window.stride_w));
  EMBER_TRY(pair_arg(kOp, args, 3, &a.window.pad_h, &a.window.pad_w));
  EMBER_TRY(expect_out_extent(kOp, a.in, a.out, a.window, a.in.c));
  a.input = input->data_as<const int8_t>();
  a.output = out->data_as<int8_t>();
  avg_pool2d(a);
  return Error::Ok;
}

}  // namespace ember::kernels::cortex_m
