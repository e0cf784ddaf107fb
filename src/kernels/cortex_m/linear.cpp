// quantized_linear: int8 fully connected layer, one requantization for all outputs.
#include "kernels/cortex_m/args.h"
#include "kernels/cortex_m/cortex_m_kernels.h"
#include "kernels/cortex_m/ops.h"
#include "kernels/cortex_m/requantize.h"

namespace ember::kernels::cortex_m {

namespace {

// The accumulator from the three sums every form of the layer needs.
inline int32_t accumulate(const Linear& a, int32_t col, int32_t products, int32_t input_sum, int32_t weight_sum) {
  if (a.kernel_sum) return products + a.filter_offset * input_sum + a.kernel_sum[col];
  return products + a.filter_offset * input_sum + a.input_offset * weight_sum +
         a.depth * a.input_offset * a.filter_offset + (a.bias ? a.bias[col] : 0);
}

inline int8_t output(const Linear& a, int32_t acc) {
  const int32_t v = requantize(acc, a.rq.multipliers[0], a.rq.shifts[0]) + a.rq.output_offset;
  return static_cast<int8_t>(clamp(v, a.rq.activation_min, a.rq.activation_max));
}

}  // namespace

void linear_reference(const Linear& a) {
  for (int32_t r = 0; r < a.rows; ++r) {
    const int8_t* x = a.input + static_cast<size_t>(r) * a.depth;
    for (int32_t col = 0; col < a.cols; ++col) {
      const int8_t* k = a.weight + static_cast<size_t>(col) * a.depth;
      int32_t acc;
      if (a.kernel_sum) {
        acc = a.kernel_sum[col];
        for (int32_t i = 0; i < a.depth; ++i) acc += x[i] * (k[i] + a.filter_offset);
      } else {
        acc = a.bias ? a.bias[col] : 0;
        for (int32_t i = 0; i < a.depth; ++i) acc += (x[i] + a.input_offset) * (k[i] + a.filter_offset);
      }
      a.output[static_cast<size_t>(r) * a.cols + col] = output(a, acc);
    }
  }
}

#if defined(__ARM_FEATURE_MVE)
// (x + a)(k + b) = x.k + b sum(x) + a sum(k) + depth a b: 16 MACs per VMLADAVA,
// four output columns sharing each input load.
void linear_mve(const Linear& a) {
  const bool need_weight_sums = a.kernel_sum == nullptr;
  for (int32_t r = 0; r < a.rows; ++r) {
    const int8_t* x = a.input + static_cast<size_t>(r) * a.depth;
    int32_t input_sum = 0;
    for (int32_t i = 0; i < a.depth; i += 16) {
      input_sum = vaddvaq_s8(input_sum, vldrbq_z_s8(x + i, vctp8q(static_cast<uint32_t>(a.depth - i))));
    }
    for (int32_t col = 0; col < a.cols; col += 4) {
      const int8_t* k0 = a.weight + static_cast<size_t>(col) * a.depth;
      const int8_t* k1 = col + 1 < a.cols ? k0 + a.depth : k0;  // past the last column: recompute, discard
      const int8_t* k2 = col + 2 < a.cols ? k0 + 2 * a.depth : k0;
      const int8_t* k3 = col + 3 < a.cols ? k0 + 3 * a.depth : k0;
      int32_t p0 = 0, p1 = 0, p2 = 0, p3 = 0;
      int32_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      if (!need_weight_sums) {  // whole vectors first, without predication
        int32_t i = 0;
        for (; i + 16 <= a.depth; i += 16) {
          const int8x16_t xv = vld1q_s8(x + i);
          p0 = vmladavaq_s8(p0, xv, vld1q_s8(k0 + i));
          p1 = vmladavaq_s8(p1, xv, vld1q_s8(k1 + i));
          p2 = vmladavaq_s8(p2, xv, vld1q_s8(k2 + i));
          p3 = vmladavaq_s8(p3, xv, vld1q_s8(k3 + i));
        }
        if (i < a.depth) {
          const mve_pred16_t p = vctp8q(static_cast<uint32_t>(a.depth - i));
          const int8x16_t xv = vldrbq_z_s8(x + i, p);
          p0 = vmladavaq_s8(p0, xv, vldrbq_z_s8(k0 + i, p));
          p1 = vmladavaq_s8(p1, xv, vldrbq_z_s8(k1 + i, p));
          p2 = vmladavaq_s8(p2, xv, vldrbq_z_s8(k2 + i, p));
          p3 = vmladavaq_s8(p3, xv, vldrbq_z_s8(k3 + i, p));
        }
      }
      for (int32_t i = 0; need_weight_sums && i < a.depth; i += 16) {
        const mve_pred16_t p = vctp8q(static_cast<uint32_t>(a.depth - i));
        const int8x16_t xv = vldrbq_z_s8(x + i, p);
        const int8x16_t w0 = vldrbq_z_s8(k0 + i, p), w1 = vldrbq_z_s8(k1 + i, p);
        const int8x16_t w2 = vldrbq_z_s8(k2 + i, p), w3 = vldrbq_z_s8(k3 + i, p);
        p0 = vmladavaq_s8(p0, xv, w0);
        p1 = vmladavaq_s8(p1, xv, w1);
        p2 = vmladavaq_s8(p2, xv, w2);
        p3 = vmladavaq_s8(p3, xv, w3);
        s0 = vaddvaq_s8(s0, w0);
        s1 = vaddvaq_s8(s1, w1);
        s2 = vaddvaq_s8(s2, w2);
        s3 = vaddvaq_s8(s3, w3);
      }
      const int32_t products[4] = {p0, p1, p2, p3}, weight_sums[4] = {s0, s1, s2, s3};
      for (int32_t c = 0; c < 4 && col + c < a.cols; ++c) {
        a.output[static_cast<size_t>(r) * a.cols + col + c] =
            output(a, accumulate(a, col + c, products[c], input_sum, weight_sums[c]));
      }
    }
  }
}
void linear(const Linear& a) { linear_mve(a); }
#else
void linear(const Linear& a) { linear_reference(a); }
#endif

// (input, weights, bias?, kernel_sum?, input_offset, filter_offset, output_offset,
//  requantize_multipliers, requantize_shifts, activation_max, activation_min, *, out)
Error quantized_linear_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "cortex_m::quantized_linear.out";
  EMBER_TRY(expect_count(kOp, args, 13));
  EMBER_TRY_ASSIGN(Tensor* input, tensor_arg(kOp, args, 0));
  EMBER_TRY_ASSIGN(Tensor* weight, tensor_arg(kOp, args, 1));
  EMBER_TRY_ASSIGN(Tensor* bias, optional_tensor_arg(kOp, args, 2));
  EMBER_TRY_ASSIGN(Tensor* kernel_sum, optional_tensor_arg(kOp, args, 3));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(kOp, args, 11));
  EMBER_TRY(expect_int8(kOp, *input, "input"));
  EMBER_TRY(expect_int8(kOp, *weight, "weights"));
  EMBER_TRY(expect_int8(kOp, *out, "out"));
  Linear a{};
  if (input->rank < 1 || weight->rank != 2 || out->rank != input->rank ||
      weight->sizes[1] != input->sizes[input->rank - 1] || out->sizes[out->rank - 1] != weight->sizes[0]) {
    EMBER_LOG_ERROR("%s: shapes are not input [..., depth], weights [cols, depth], out [..., cols]", kOp);
    return Error::InvalidShape;
  }
  a.depth = weight->sizes[1];
  a.cols = weight->sizes[0];
  a.rows = static_cast<int32_t>(input->numel() / static_cast<size_t>(a.depth > 0 ? a.depth : 1));
  if (out->numel() != static_cast<size_t>(a.rows) * static_cast<size_t>(a.cols)) {
    EMBER_LOG_ERROR("%s: out has the wrong number of rows", kOp);
    return Error::InvalidShape;
  }
  EMBER_TRY_ASSIGN(a.input_offset, int32_arg(kOp, args, 4));
  EMBER_TRY_ASSIGN(a.filter_offset, int32_arg(kOp, args, 5));
  EMBER_TRY_ASSIGN(a.rq.output_offset, int32_arg(kOp, args, 6));
  EMBER_TRY_ASSIGN(Span<const int64_t> multipliers, int_list_arg(kOp, args, 7));
  EMBER_TRY_ASSIGN(Span<const int64_t> shifts, int_list_arg(kOp, args, 8));
  if (multipliers.size < 1 || shifts.size < 1 || !valid_requantization(multipliers[0], shifts[0])) {
    return bad_argument(kOp, 7, "is not a valid multiplier / shift");
  }
  // int lists hold int64; the kernel reads int32 arrays
  const int32_t multiplier = static_cast<int32_t>(multipliers[0]);
  const int32_t shift = static_cast<int32_t>(shifts[0]);
  a.rq.multipliers = &multiplier;
  a.rq.shifts = &shift;
  EMBER_TRY_ASSIGN(a.rq.activation_max, int32_arg(kOp, args, 9));
  EMBER_TRY_ASSIGN(a.rq.activation_min, int32_arg(kOp, args, 10));
  EMBER_TRY(expect_activation_range(kOp, a.rq.activation_min, a.rq.activation_max));
  const auto cols = static_cast<size_t>(a.cols);
  if (bias) {
    EMBER_TRY_ASSIGN(a.bias, int32_values(kOp, *bias, cols, "bias"));
  }
  if (kernel_sum) {
    EMBER_TRY_ASSIGN(a.kernel_sum, int32_values(kOp, *kernel_sum, cols, "kernel_sum"));
  }
  a.input = input->data_as<const int8_t>();
  a.weight = weight->data_as<const int8_t>();
  a.output = out->data_as<int8_t>();
  linear(a);
  return Error::Ok;
}

}  // namespace ember::kernels::cortex_m
