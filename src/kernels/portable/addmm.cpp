// aten::addmm.out(self, mat1, mat2, *, beta=1, alpha=1, out) -> out:
// out = beta * self + alpha * (mat1 @ mat2), self broadcast over rows. Float.
#include "kernels/common/kernel_args.h"
#include "kernels/portable/portable_kernels.h"

namespace ember::kernels {

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
  const float* pa = a->data_as<float>();
  const float* pb = b->data_as<float>();
  const float* pbias = bias->data_as<float>();
  float* po = out->data_as<float>();
  const float fa = static_cast<float>(alpha), fb = static_cast<float>(beta);
  for (int32_t i = 0; i < m; ++i) {
    for (int32_t j = 0; j < n; ++j) {
      float acc = 0.0f;
      for (int32_t p = 0; p < k; ++p) acc += pa[i * k + p] * pb[p * n + j];
      const float bv = pbias[(bias_rows == 1 ? 0 : i) * bias_cols + (bias_cols == 1 ? 0 : j)];
      po[i * n + j] = (fb == 0.0f ? 0.0f : fb * bv) + fa * acc;
    }
  }
  return Error::Ok;
}

}  // namespace ember::kernels
