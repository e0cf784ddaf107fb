// aten::addmm.out(self, mat1, mat2, *, beta=1, alpha=1, out) -> out:
// out = beta * self + alpha * (mat1 @ mat2), self broadcast over rows. Float.
#include "kernels/portable/addmm.h"

#include "kernels/common/kernel_args.h"
#include "kernels/portable/portable_kernels.h"

#if defined(__ARM_FEATURE_MVE)
#include <arm_mve.h>
#endif

namespace ember::kernels {

void addmm_reference(const Addmm& a) {
  for (int32_t i = 0; i < a.m; ++i) {
    for (int32_t j = 0; j < a.n; ++j) {
      float acc = 0.0f;
      for (int32_t p = 0; p < a.k; ++p) acc += a.mat1[i * a.k + p] * a.mat2[p * a.n + j];
      if (!a.bias) {
        a.out[i * a.n + j] = acc;
        continue;
      }
      const float bv = a.bias[(a.bias_rows == 1 ? 0 : i) * a.bias_cols + (a.bias_cols == 1 ? 0 : j)];
      a.out[i * a.n + j] = (a.beta == 0.0f ? 0.0f : a.beta * bv) + a.alpha * acc;
    }
  }
}

#if defined(__ARM_FEATURE_MVE)
namespace {

// Columns j0 .. j0 + 4 kVectors of row i (`count` of them real; kWhole: all of
// them, so no load needs a predicate): mat2's rows are contiguous across j, so each
// mat1 value multiplies kVectors vectors.
template <int kVectors, bool kWhole>
void addmm_columns_mve(const Addmm& a, int32_t i, int32_t j0, int32_t count) {
  float32x4_t acc[kVectors];
  mve_pred16_t lanes[kVectors];
  #pragma GCC unroll 4
  for (int v = 0; v < kVectors; ++v) {
    acc[v] = vdupq_n_f32(0.0f);
    lanes[v] = vctp32q(static_cast<uint32_t>(count - 4 * v));
  }
  const float* row = a.mat1 + static_cast<size_t>(i) * a.k;
  const float* column = a.mat2 + j0;
  for (int32_t p = 0; p < a.k; ++p, column += a.n) {
    const float x = row[p];
    #pragma GCC unroll 4
    for (int v = 0; v < kVectors; ++v) {
      const float32x4_t b = kWhole ? vld1q_f32(column + 4 * v) : vldrwq_z_f32(column + 4 * v, lanes[v]);
      acc[v] = vaddq_f32(acc[v], vmulq_n_f32(b, x));
    }
  }
  if (!a.bias) {
#pragma GCC unroll 4
    for (int v = 0; v < kVectors; ++v) vstrwq_p_f32(a.out + static_cast<size_t>(i) * a.n + j0 + 4 * v, acc[v], lanes[v]);
    return;
  }
  const float* bias_row = a.bias + (a.bias_rows == 1 ? 0 : i) * a.bias_cols;
  #pragma GCC unroll 4
  for (int v = 0; v < kVectors; ++v) {
    const int32_t j = j0 + 4 * v;
    float32x4_t scaled = vdupq_n_f32(0.0f);
    if (a.beta != 0.0f) {
      const float32x4_t bv = a.bias_cols == 1 ? vdupq_n_f32(bias_row[0]) : vldrwq_z_f32(bias_row + j, lanes[v]);
      scaled = vmulq_n_f32(bv, a.beta);
    }
    vstrwq_p_f32(a.out + static_cast<size_t>(i) * a.n + j, vaddq_f32(scaled, vmulq_n_f32(acc[v], a.alpha)), lanes[v]);
  }
}

}  // namespace

void addmm_mve(const Addmm& a) {
  for (int32_t i = 0; i < a.m; ++i) {
    for (int32_t j = 0; j < a.n; j += 16) {
      const int32_t count = a.n - j < 16 ? a.n - j : 16;
      switch (count == 16 ? 0 : (count + 3) / 4) {
        case 0: addmm_columns_mve<4, true>(a, i, j, count); break;
        case 1: addmm_columns_mve<1, false>(a, i, j, count); break;
        case 2: addmm_columns_mve<2, false>(a, i, j, count); break;
        case 3: addmm_columns_mve<3, false>(a, i, j, count); break;
        default: addmm_columns_mve<4, false>(a, i, j, count); break;
      }
    }
  }
}
void addmm(const Addmm& a) { addmm_mve(a); }
#else
void addmm(const Addmm& a) { addmm_reference(a); }
#endif

Error addmm_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "aten::addmm.out";
  EMBER_TRY(expect_count(kOp, args, 7));
  EMBER_TRY_ASSIGN(Tensor* bias, tensor_arg(kOp, args, 0));
  EMBER_TRY_ASSIGN(Tensor* a, tensor_arg(kOp, args, 1));
  EMBER_TRY_ASSIGN(Tensor* b, tensor_arg(kOp, args, 2));
  EMBER_TRY_ASSIGN(double beta, scalar_arg(kOp, args, 3));
  EMBER_TRY_ASSIGN(double alpha, scalar_arg(kOp, args, 4));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(kOp, args, 5));
  EMBER_TRY(expect_tensor(kOp, *a, ScalarType::Float, 2, "mat1"));
  EMBER_TRY(expect_tensor(kOp, *b, ScalarType::Float, 2, "mat2"));
  EMBER_TRY(expect_tensor(kOp, *out, ScalarType::Float, 2, "out"));
  EMBER_TRY(expect_tensor(kOp, *bias, ScalarType::Float, 0, "self"));
  const int32_t m = a->sizes[0], k = a->sizes[1], n = b->sizes[1];
  if (b->sizes[0] != k || out->sizes[0] != m || out->sizes[1] != n) {
    EMBER_LOG_ERROR("%s: [%d, %d] @ [%d, %d] does not give out [%d, %d]", kOp, static_cast<int>(m), static_cast<int>(k),
                    static_cast<int>(b->sizes[0]), static_cast<int>(n), static_cast<int>(out->sizes[0]),
                    static_cast<int>(out->sizes[1]));
    return Error::InvalidShape;
  }
  // self broadcasts: [n], [1, n], [m, n], [m, 1], [1] or a scalar.
  const int32_t bias_rows = bias->rank == 2 ? bias->sizes[0] : 1;
  const int32_t bias_cols = bias->rank >= 1 ? bias->sizes[bias->rank - 1] : 1;
  if (bias->rank > 2 || (bias_rows != 1 && bias_rows != m) || (bias_cols != 1 && bias_cols != n)) {
    return bad_argument(kOp, 0, "does not broadcast to out");
  }
  addmm(Addmm{m, k, n, a->data_as<float>(), b->data_as<float>(), bias->data_as<float>(), bias_rows, bias_cols,
              static_cast<float>(alpha), static_cast<float>(beta), out->data_as<float>()});
  return Error::Ok;
}

}  // namespace ember::kernels
