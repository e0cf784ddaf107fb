// quantized_depthwise_conv2d: output channel o filters input channel o / depth_multiplier;
// weight IHWO [1, kh, kw, out.c], per-channel requantization.
#include "kernels/cortex_m/args.h"
#include "kernels/cortex_m/cortex_m_kernels.h"
#include "kernels/cortex_m/mve_loops.h"
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

// The valid rows of one output row's windows, for depth_multiplier 1 and dilation 1:
// input column ix of row r is at base + r * pitch + (ix + col0) * c. Either the input
// itself (col0 0), or a copy padded left and right with -input_offset (pad taps then
// add nothing: (x + offset) k = 0), so that every window is wholly inside.
struct WindowRows {
  const int8_t* base;
  size_t pitch;
  int32_t col0;
  int32_t columns;  // accessible columns from -col0
  int32_t rows;
};

constexpr int32_t kMaxPaddedRows = 4096;  // bytes of padded rows, on the stack
constexpr int32_t kMaxChannels = 1024;    // per-channel starting sums, on the stack

// acc_i += x[t * c + 4 i] * k[t * c + 4 i] over the kw taps t of each of `rows` (>= 1)
// kernel rows, x moving on by x_skip more after each row, k running on: sixteen
// channels of one window as four int32 vectors. In assembly: GCC 12 spills the four
// accumulators of the C form (Helium has eight vector registers), and the immediate
// offsets leave two pointer adds per tap.
inline void strip16_rows(int32x4_t& a0, int32x4_t& a1, int32x4_t& a2, int32x4_t& a3, const int8_t* x,
                         const int8_t* k, int32_t rows, int32_t kw, int32_t c, int32_t x_skip) {
  __asm__ volatile(
      "2: dls lr, %[kw]\n"
      "1: vldrb.s32 q0, [%[k]]\n"
      "   vldrb.s32 q1, [%[x]]\n"
      "   vmul.i32 q1, q1, q0\n"
      "   vadd.i32 %q[a0], %q[a0], q1\n"
      "   vldrb.s32 q0, [%[k], #4]\n"
      "   vldrb.s32 q1, [%[x], #4]\n"
      "   vmul.i32 q1, q1, q0\n"
      "   vadd.i32 %q[a1], %q[a1], q1\n"
      "   vldrb.s32 q0, [%[k], #8]\n"
      "   vldrb.s32 q1, [%[x], #8]\n"
      "   vmul.i32 q1, q1, q0\n"
      "   vadd.i32 %q[a2], %q[a2], q1\n"
      "   vldrb.s32 q0, [%[k], #12]\n"
      "   vldrb.s32 q1, [%[x], #12]\n"
      "   vmul.i32 q1, q1, q0\n"
      "   vadd.i32 %q[a3], %q[a3], q1\n"
      "   add %[k], %[k], %[c]\n"
      "   add %[x], %[x], %[c]\n"
      "   le lr, 1b\n"
      "   add %[x], %[x], %[x_skip]\n"
      "   subs %[rows], %[rows], #1\n"
      "   bne 2b\n"
      : [a0] "+w"(a0), [a1] "+w"(a1), [a2] "+w"(a2), [a3] "+w"(a3), [x] "+l"(x), [k] "+l"(k), [rows] "+r"(rows)
      : [kw] "r"(kw), [c] "r"(c), [x_skip] "r"(x_skip)
      : "q0", "q1", "lr", "memory");
}

// acc_j += x[j * step + t * c] * k[t * c] over the kw taps t of each of `rows` (>= 1)
// kernel rows (x moving on by x_skip more after each row, k running on): four
// channels of four neighbouring windows (int32 lanes), each weight load serving four.
inline void strip4_rows(int32x4_t& a0, int32x4_t& a1, int32x4_t& a2, int32x4_t& a3, const int8_t* x, const int8_t* k,
                        int32_t rows, int32_t kw, int32_t c, int32_t step, int32_t x_skip) {
  const int8_t* tap;
  __asm__ volatile(
      "2: dls lr, %[kw]\n"
      "1: vldrb.s32 q0, [%[k]]\n"
      "   add %[k], %[k], %[c]\n"
      "   vldrb.s32 q1, [%[x]]\n"
      "   vmul.i32 q1, q1, q0\n"
      "   vadd.i32 %q[a0], %q[a0], q1\n"
      "   add %[tap], %[x], %[step]\n"
      "   vldrb.s32 q1, [%[tap]]\n"
      "   vmul.i32 q1, q1, q0\n"
      "   vadd.i32 %q[a1], %q[a1], q1\n"
      "   add %[tap], %[tap], %[step]\n"
      "   vldrb.s32 q1, [%[tap]]\n"
      "   vmul.i32 q1, q1, q0\n"
      "   vadd.i32 %q[a2], %q[a2], q1\n"
      "   add %[tap], %[tap], %[step]\n"
      "   vldrb.s32 q1, [%[tap]]\n"
      "   vmul.i32 q1, q1, q0\n"
      "   vadd.i32 %q[a3], %q[a3], q1\n"
      "   add %[x], %[x], %[c]\n"
      "   le lr, 1b\n"
      "   add %[x], %[x], %[x_skip]\n"
      "   subs %[rows], %[rows], #1\n"
      "   bne 2b\n"
      : [a0] "+w"(a0), [a1] "+w"(a1), [a2] "+w"(a2), [a3] "+w"(a3), [x] "+l"(x), [k] "+l"(k), [tap] "=&l"(tap),
        [rows] "+r"(rows)
      : [kw] "r"(kw), [c] "r"(c), [step] "r"(step), [x_skip] "r"(x_skip)
      : "q0", "q1", "lr", "memory");
}

// acc_v += x[t * c_in + kO_v] * k[t * c_out + 4 v] over the kw taps t of each of
// `rows` (>= 1) kernel rows (x moving on by x_skip more after each row, k running
// on): sixteen output channels of one window whose four vectors read input
// channels kO_0 = 0, kO_1, kO_2, kO_3 from `x` (depth_multiplier a multiple of four:
// one input channel per vector), a scalar times four weights per VMLA.
template <int kO1, int kO2, int kO3>
inline void broadcast16_rows(int32x4_t& a0, int32x4_t& a1, int32x4_t& a2, int32x4_t& a3, const int8_t* x,
                             const int8_t* k, int32_t rows, int32_t kw, int32_t c_in, int32_t c_out, int32_t x_skip) {
  int32_t value;
  __asm__ volatile(
      "2: dls lr, %[kw]\n"
      "1: ldrsb %[value], [%[x]]\n"
      "   vldrb.s32 q0, [%[k]]\n"
      "   vmla.s32 %q[a0], q0, %[value]\n"
      "   ldrsb %[value], [%[x], %[o1]]\n"
      "   vldrb.s32 q0, [%[k], #4]\n"
      "   vmla.s32 %q[a1], q0, %[value]\n"
      "   ldrsb %[value], [%[x], %[o2]]\n"
      "   vldrb.s32 q0, [%[k], #8]\n"
      "   vmla.s32 %q[a2], q0, %[value]\n"
      "   ldrsb %[value], [%[x], %[o3]]\n"
      "   vldrb.s32 q0, [%[k], #12]\n"
      "   vmla.s32 %q[a3], q0, %[value]\n"
      "   add %[x], %[x], %[c_in]\n"
      "   add %[k], %[k], %[c_out]\n"
      "   le lr, 1b\n"
      "   add %[x], %[x], %[x_skip]\n"
      "   subs %[rows], %[rows], #1\n"
      "   bne 2b\n"
      : [a0] "+w"(a0), [a1] "+w"(a1), [a2] "+w"(a2), [a3] "+w"(a3), [x] "+l"(x), [k] "+l"(k), [value] "=&r"(value),
        [rows] "+r"(rows)
      : [kw] "r"(kw), [c_in] "r"(c_in), [c_out] "r"(c_out), [o1] "I"(kO1), [o2] "I"(kO2), [o3] "I"(kO3),
        [x_skip] "r"(x_skip)
      : "q0", "lr", "memory");
}

// dilation 1, at most kMaxChannels output channels, depth_multiplier 1 (output
// channel o reads input channel o: channels are contiguous loads) or a multiple of
// four (each vector of four output channels reads one input channel). One output row at a time:
// its valid input rows, copied with their padding when they fit kMaxPaddedRows (and
// -input_offset is an int8). A window wholly inside those rows starts from
// bias + offset * (weights of the valid rows), sum((x + offset) k) = x.k + offset sum(k),
// and runs sixteen channels per step; a window over padding not copied adds the
// offset at each valid tap.
void depthwise_conv2d_mve_contiguous(const DepthwiseConv2d& a) {
  const Window& w = a.window;
  const int32_t c = a.in.c;
  const int32_t c_out = a.out.c;
  const int32_t multiplier = a.depth_multiplier;
  const int32_t kw = w.kernel_w;
  const size_t row_bytes = static_cast<size_t>(a.in.w) * c;
  const int32_t padded_w = a.in.w + 2 * w.pad_w;
  const bool pad_rows = w.pad_w > 0 && static_cast<int64_t>(w.kernel_h) * padded_w * c <= kMaxPaddedRows &&
                        a.input_offset >= -127 && a.input_offset <= 128;
  int8_t padded[kMaxPaddedRows];
  int32_t start[kMaxChannels];
  int32_t start_rows[2] = {-1, -1};  // the valid rows [y0, y1) `start` was computed for
  const int8_t pad = static_cast<int8_t>(-a.input_offset);
  const int32_t offset = a.input_offset;
  const int32_t output_offset = a.rq.output_offset;
  const int32_t activation_min = a.rq.activation_min;
  const int32_t activation_max = a.rq.activation_max;
  auto finish = [&](int32x4_t acc, int32_t oc, int8_t* at, mve_pred16_t p) {
    const int32x4_t v = requantize_mve(acc, vldrwq_z_s32(a.rq.multipliers + oc, p), vldrwq_z_s32(a.rq.shifts + oc, p));
    vstrbq_p_s32(at + oc, clamp_mve(vaddq_n_s32(v, output_offset), activation_min, activation_max), p);
  };
  for (int32_t n = 0; n < a.out.n; ++n) {
    const int8_t* image = a.input + static_cast<size_t>(n) * a.in.h * row_bytes;
    for (int32_t oy = 0; oy < a.out.h; ++oy) {
      const int32_t top = oy * w.stride_h - w.pad_h;
      int32_t y0, y1;
      valid_taps(top, w.kernel_h, a.in.h, &y0, &y1);
      if (y1 < y0) y1 = y0;
      WindowRows src{image + static_cast<ptrdiff_t>(top + y0) * static_cast<ptrdiff_t>(row_bytes), row_bytes, 0,
                     a.in.w, y1 - y0};
      if (pad_rows) {
        const int32_t side = w.pad_w * c;
        const size_t pitch = static_cast<size_t>(padded_w) * c;
        for (int32_t r = 0; r < src.rows; ++r) {
          int8_t* to = padded + r * pitch;
          fill_bytes(to, pad, side);
          copy_bytes(to + side, src.base + r * row_bytes, static_cast<int32_t>(row_bytes));
          fill_bytes(to + side + row_bytes, pad, side);
        }
        src = WindowRows{padded, pitch, w.pad_w, padded_w, src.rows};
      }
      const int8_t* k_rows = a.weight + static_cast<size_t>(y0) * kw * c_out;
      const int32_t x_skip = static_cast<int32_t>(src.pitch) - kw * c;  // from a row's last tap on to the next row
      if (start_rows[0] != y0 || start_rows[1] != y1) {
        for (int32_t oc = 0; oc < c_out; oc += 4) {
          const mve_pred16_t p = vctp32q(static_cast<uint32_t>(c_out - oc));
          int32x4_t sum = vdupq_n_s32(0);
          for (int32_t i = 0; i < src.rows * kw; ++i) {
            sum = vaddq_s32(sum, vldrbq_z_s32(k_rows + static_cast<size_t>(i) * c_out + oc, p));
          }
          const int32x4_t bias = a.bias ? vldrwq_z_s32(a.bias + oc, p) : vdupq_n_s32(0);
          vstrwq_p_s32(start + oc, vaddq_s32(bias, vmulq_n_s32(sum, offset)), p);
        }
        start_rows[0] = y0;
        start_rows[1] = y1;
      }
      int8_t* out = a.output + ((static_cast<size_t>(n) * a.out.h + oy) * a.out.w) * c_out;
      auto inside = [&](int32_t ox) {
        const int32_t left = ox * w.stride_w - w.pad_w + src.col0;
        return left >= 0 && left + kw <= src.columns;
      };
      for (int32_t ox = 0; ox < a.out.w; ++ox, out += c_out) {
        const int32_t left = ox * w.stride_w - w.pad_w + src.col0;  // in src's columns
        const int8_t* x = src.base + static_cast<ptrdiff_t>(left) * c;
        if (multiplier != 1) {
          // A multiple of four: the lanes of a vector read one input channel, a scalar
          // times four weights (VMLA). Over padding not copied: the valid taps, each
          // with the offset.
          const bool whole = left >= 0 && left + kw <= src.columns;
          int32_t x0 = 0, x1 = kw;
          if (!whole) valid_taps(left, kw, src.columns, &x0, &x1);
          const int32_t add = whole ? 0 : offset;
          int32_t oc = 0;
          const bool one_channel_per_vector = multiplier == 4 || multiplier == 8 || multiplier % 16 == 0;
          for (; whole && one_channel_per_vector && oc + 16 <= c_out; oc += 16) {
            int32x4_t a0 = vldrwq_s32(start + oc), a1 = vldrwq_s32(start + oc + 4);
            int32x4_t a2 = vldrwq_s32(start + oc + 8), a3 = vldrwq_s32(start + oc + 12);
            const int8_t* tap = x + oc / multiplier;
            const int8_t* k = k_rows + oc;
            if (src.rows == 0) {
            } else if (multiplier == 4) {
              broadcast16_rows<1, 2, 3>(a0, a1, a2, a3, tap, k, src.rows, kw, c, c_out, x_skip);
            } else if (multiplier == 8) {
              broadcast16_rows<0, 1, 1>(a0, a1, a2, a3, tap, k, src.rows, kw, c, c_out, x_skip);
            } else {  // a multiple of 16, from a multiple of 16: one input channel
              broadcast16_rows<0, 0, 0>(a0, a1, a2, a3, tap, k, src.rows, kw, c, c_out, x_skip);
            }
            const mve_pred16_t all = vctp32q(4);
            finish(a0, oc, out, all);
            finish(a1, oc + 4, out, all);
            finish(a2, oc + 8, out, all);
            finish(a3, oc + 12, out, all);
          }
          for (; oc < c_out; oc += 4) {
            const mve_pred16_t p = vctp32q(static_cast<uint32_t>(c_out - oc));
            int32x4_t acc = whole ? vldrwq_z_s32(start + oc, p) : (a.bias ? vldrwq_z_s32(a.bias + oc, p) : vdupq_n_s32(0));
            for (int32_t r = 0; r < src.rows; ++r) {
              const int8_t* tap = x + r * src.pitch + oc / multiplier;
              const int8_t* k = k_rows + static_cast<size_t>(r) * kw * c_out + oc;
              for (int32_t kx = x0; kx < x1; ++kx) {
                acc = vmlaq_n_s32(acc, vldrbq_z_s32(k + static_cast<size_t>(kx) * c_out, p), tap[kx * c] + add);
              }
            }
            finish(acc, oc, out, p);
          }
          continue;
        }
        if (ox + 4 <= a.out.w && c >= 4 && inside(ox) && inside(ox + 3)) {
          // Four neighbouring windows, four channels at a time: each weight load serves four.
          const int32_t step = w.stride_w * c;
          int32_t oc = 0;
          for (; oc + 4 <= c; oc += 4) {
            int32x4_t a0 = vldrwq_s32(start + oc);
            int32x4_t a1 = a0, a2 = a0, a3 = a0;
            if (src.rows > 0) strip4_rows(a0, a1, a2, a3, x + oc, k_rows + oc, src.rows, kw, c, step, x_skip);
            const int32x4_t multipliers = vldrwq_s32(a.rq.multipliers + oc);
            const int32x4_t shifts = vldrwq_s32(a.rq.shifts + oc);
            auto store = [&](int32x4_t acc, int8_t* at) {
              const int32x4_t v = requantize_mve(acc, multipliers, shifts);
              vstrbq_s32(at, clamp_mve(vaddq_n_s32(v, output_offset), activation_min, activation_max));
            };
            store(a0, out + oc);
            store(a1, out + c + oc);
            store(a2, out + 2 * c + oc);
            store(a3, out + 3 * c + oc);
          }
          if (oc < c) {
            const mve_pred16_t p = vctp32q(static_cast<uint32_t>(c - oc));
            for (int32_t j = 0; j < 4; ++j) {
              int32x4_t acc = vldrwq_z_s32(start + oc, p);
              for (int32_t r = 0; r < src.rows; ++r) {
                const int8_t* tap = x + j * step + r * src.pitch + oc;
                const int8_t* k = k_rows + static_cast<size_t>(r) * kw * c + oc;
                for (int32_t kx = 0; kx < kw; ++kx, tap += c, k += c) {
                  acc = vaddq_s32(acc, vmulq_s32(vldrbq_z_s32(tap, p), vldrbq_z_s32(k, p)));
                }
              }
              finish(acc, oc, out + j * c, p);
            }
          }
          ox += 3;
          out += 3 * c;
          continue;
        }
        if (left >= 0 && left + kw <= src.columns) {
          int32_t oc = 0;
          for (; oc + 16 <= c; oc += 16) {
            int32x4_t a0 = vldrwq_s32(start + oc), a1 = vldrwq_s32(start + oc + 4);
            int32x4_t a2 = vldrwq_s32(start + oc + 8), a3 = vldrwq_s32(start + oc + 12);
            if (src.rows > 0) strip16_rows(a0, a1, a2, a3, x + oc, k_rows + oc, src.rows, kw, c, x_skip);
            const mve_pred16_t all = vctp32q(4);
            finish(a0, oc, out, all);
            finish(a1, oc + 4, out, all);
            finish(a2, oc + 8, out, all);
            finish(a3, oc + 12, out, all);
          }
          for (; oc < c; oc += 4) {
            const mve_pred16_t p = vctp32q(static_cast<uint32_t>(c - oc));
            int32x4_t acc = vldrwq_z_s32(start + oc, p);
            for (int32_t r = 0; r < src.rows; ++r) {
              const int8_t* tap = x + r * src.pitch + oc;
              const int8_t* k = k_rows + static_cast<size_t>(r) * kw * c + oc;
              for (int32_t kx = 0; kx < kw; ++kx, tap += c, k += c) {
                acc = vaddq_s32(acc, vmulq_s32(vldrbq_z_s32(tap, p), vldrbq_z_s32(k, p)));
              }
            }
            finish(acc, oc, out, p);
          }
          continue;
        }
        int32_t x0, x1;
        valid_taps(left, kw, src.columns, &x0, &x1);
        for (int32_t oc = 0; oc < c; oc += 4) {
          const mve_pred16_t p = vctp32q(static_cast<uint32_t>(c - oc));
          int32x4_t acc = a.bias ? vldrwq_z_s32(a.bias + oc, p) : vdupq_n_s32(0);
          for (int32_t r = 0; r < src.rows; ++r) {
            const int8_t* tap = x + r * src.pitch + oc;
            const int8_t* k = k_rows + static_cast<size_t>(r) * kw * c + oc;
            for (int32_t kx = x0; kx < x1; ++kx) {
              const int32x4_t xv = vaddq_n_s32(vldrbq_z_s32(tap + static_cast<ptrdiff_t>(kx) * c, p), offset);
              acc = vaddq_s32(acc, vmulq_s32(xv, vldrbq_z_s32(k + static_cast<size_t>(kx) * c, p)));
            }
          }
          finish(acc, oc, out, p);
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
  if ((a.depth_multiplier == 1 || a.depth_multiplier % 4 == 0) && a.out.c <= kMaxChannels) {
    depthwise_conv2d_mve_contiguous(a);
  } else if (a.depth_multiplier == 1) {
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
