// quantized_batch_matmul: out[b, i, j] = requantize(sum_k (lhs[b, i, k] + lhs_offset) *
// (rhs_t[b, j, k] + rhs_offset)) + output zp, clamped to int8. Upstream passes the
// right operand transposed so both read along k.
#include "kernels/cortex_m/args.h"
#include "kernels/cortex_m/cortex_m_kernels.h"
#include "kernels/cortex_m/ops.h"
#include "kernels/cortex_m/requantize.h"

namespace ember::kernels::cortex_m {

namespace {

inline int8_t finish(const BatchMatmul& a, int32_t acc) {
  const int32_t v = requantize(acc, a.output_multiplier, a.output_shift) + a.output_zero_point;
  return static_cast<int8_t>(clamp(v, INT8_MIN, INT8_MAX));
}

}  // namespace

void batch_matmul_reference(const BatchMatmul& a) {
  for (int32_t b = 0; b < a.batch; ++b) {
    for (int32_t i = 0; i < a.m; ++i) {
      const int8_t* row = a.lhs + (static_cast<size_t>(b) * a.m + i) * a.k;
      for (int32_t j = 0; j < a.n; ++j) {
        const int8_t* col = a.rhs_transposed + (static_cast<size_t>(b) * a.n + j) * a.k;
        int32_t acc = 0;
        for (int32_t k = 0; k < a.k; ++k) acc += (row[k] + a.lhs_offset) * (col[k] + a.rhs_offset);
        a.output[(static_cast<size_t>(b) * a.m + i) * a.n + j] = finish(a, acc);
      }
    }
  }
}

#if defined(__ARM_FEATURE_MVE)
// (x + p)(y + q) summed = x.y + q sum(x) + p sum(y) + k p q.
void batch_matmul_mve(const BatchMatmul& a) {
  for (int32_t b = 0; b < a.batch; ++b) {
    for (int32_t i = 0; i < a.m; ++i) {
      const int8_t* row = a.lhs + (static_cast<size_t>(b) * a.m + i) * a.k;
      int32_t row_sum = 0;
      for (int32_t k = 0; k < a.k; k += 16) {
        row_sum = vaddvaq_s8(row_sum, vldrbq_z_s8(row + k, vctp8q(static_cast<uint32_t>(a.k - k))));
      }
      for (int32_t j = 0; j < a.n; ++j) {
        const int8_t* col = a.rhs_transposed + (static_cast<size_t>(b) * a.n + j) * a.k;
        int32_t products = 0, col_sum = 0;
        int32_t k = 0;
        for (; k + 16 <= a.k; k += 16) {  // whole vectors: no predication
          const int8x16_t y = vld1q_s8(col + k);
          products = vmladavaq_s8(products, vld1q_s8(row + k), y);
          col_sum = vaddvaq_s8(col_sum, y);
        }
        if (k < a.k) {
          const mve_pred16_t lanes = vctp8q(static_cast<uint32_t>(a.k - k));
          const int8x16_t y = vldrbq_z_s8(col + k, lanes);
          products = vmladavaq_s8(products, vldrbq_z_s8(row + k, lanes), y);
          col_sum = vaddvaq_s8(col_sum, y);
        }
        const int32_t acc = products + a.rhs_offset * row_sum + a.lhs_offset * col_sum + a.k * a.lhs_offset * a.rhs_offset;
        a.output[(static_cast<size_t>(b) * a.m + i) * a.n + j] = finish(a, acc);
      }
    }
  }
}
void batch_matmul(const BatchMatmul& a) { batch_matmul_mve(a); }
#else
void batch_matmul(const BatchMatmul& a) { batch_matmul_reference(a); }
#endif

// (lhs, lhs_zero_point, rhs_transposed, rhs_zero_point, output_zero_point,
//  output_multiplier, output_shift, scratch, *, out); the "zero points" of the
// operands are offsets (negated zero points), as CMSIS-NN takes them.
Error quantized_batch_matmul_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "cortex_m::quantized_batch_matmul.out";
  EMBER_TRY(expect_count(kOp, args, 10));
  EMBER_TRY_ASSIGN(Tensor* lhs, tensor_arg(kOp, args, 0));
  EMBER_TRY_ASSIGN(Tensor* rhs, tensor_arg(kOp, args, 2));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(kOp, args, 8));
  EMBER_TRY(expect_tensor(kOp, *lhs, ScalarType::Char, 3, "lhs"));
  EMBER_TRY(expect_tensor(kOp, *rhs, ScalarType::Char, 3, "rhs_transposed"));
  EMBER_TRY(expect_tensor(kOp, *out, ScalarType::Char, 3, "out"));
  BatchMatmul a{};
  a.batch = lhs->sizes[0];
  a.m = lhs->sizes[1];
  a.n = rhs->sizes[1];
  a.k = lhs->sizes[2];
  if (rhs->sizes[0] != a.batch || rhs->sizes[2] != a.k || out->sizes[0] != a.batch || out->sizes[1] != a.m ||
      out->sizes[2] != a.n) {
    EMBER_LOG_ERROR("%s: shapes are not [b, m, k] x [b, n, k] -> [b, m, n]", kOp);
    return Error::InvalidShape;
  }
  EMBER_TRY_ASSIGN(a.lhs_offset, int32_arg(kOp, args, 1));
  EMBER_TRY_ASSIGN(a.rhs_offset, int32_arg(kOp, args, 3));
  EMBER_TRY_ASSIGN(a.output_zero_point, int32_arg(kOp, args, 4));
  EMBER_TRY_ASSIGN(a.output_multiplier, int32_arg(kOp, args, 5));
  EMBER_TRY_ASSIGN(a.output_shift, int32_arg(kOp, args, 6));
  if (!valid_requantization(a.output_multiplier, a.output_shift)) return bad_argument(kOp, 5, "is out of range");
  a.lhs = lhs->data_as<const int8_t>();
  a.rhs_transposed = rhs->data_as<const int8_t>();
  a.output = out->data_as<int8_t>();
  batch_matmul(a);
  return Error::Ok;
}

}  // namespace ember::kernels::cortex_m
