// mm.out(self [m, k], mat2 [k, n]), bmm.out(self [b, m, k], mat2 [b, k, n]) and
// linear.out(input [..., k], weight [n, k], bias? [n]). Float, each dot product
// accumulated in k order from 0, a bias added last.
#include "kernels/portable/addmm.h"
#include "kernels/portable/portable_kernels.h"
#include "kernels/portable/tensor_walk.h"

namespace ember::kernels {
namespace {

// addmm without self: the plain product (its Helium path on the M55).
void matmul(const float* a, const float* b, float* out, int32_t m, int32_t k, int32_t n) {
  addmm(Addmm{m, k, n, a, b, nullptr, 1, 1, 1.0f, 0.0f, out});
}

Error batched(const char* op, Span<EValue*> args, uint32_t rank) {
  EMBER_TRY(expect_count(op, args, 4));
  EMBER_TRY_ASSIGN(Tensor* a, tensor_arg(op, args, 0));
  EMBER_TRY_ASSIGN(Tensor* b, tensor_arg(op, args, 1));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(op, args, 2));
  EMBER_TRY(expect_tensor(op, *a, ScalarType::Float, rank, "self"));
  EMBER_TRY(expect_tensor(op, *b, ScalarType::Float, rank, "mat2"));
  EMBER_TRY(expect_tensor(op, *out, ScalarType::Float, rank, "out"));
  const uint32_t r = rank - 2;
  const int32_t batch = rank == 3 ? a->sizes[0] : 1;
  const int32_t m = a->sizes[r], k = a->sizes[r + 1], n = b->sizes[r + 1];
  if (b->sizes[r] != k || out->sizes[r] != m || out->sizes[r + 1] != n ||
      (rank == 3 && (b->sizes[0] != batch || out->sizes[0] != batch))) {
    EMBER_LOG_ERROR("%s: operand shapes do not multiply to out's", op);
    return Error::InvalidShape;
  }
  for (int32_t i = 0; i < batch; ++i) {
    matmul(a->data_as<const float>() + static_cast<size_t>(i) * m * k,
           b->data_as<const float>() + static_cast<size_t>(i) * k * n, out->data_as<float>() + static_cast<size_t>(i) * m * n,
           m, k, n);
  }
  return Error::Ok;
}

}  // namespace

Error linear_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "aten::linear.out";
  EMBER_TRY(expect_count(kOp, args, 5));
  EMBER_TRY_ASSIGN(Tensor* in, tensor_arg(kOp, args, 0));
  EMBER_TRY_ASSIGN(Tensor* weight, tensor_arg(kOp, args, 1));
  EMBER_TRY_ASSIGN(Tensor* bias, optional_tensor_arg(kOp, args, 2));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(kOp, args, 3));
  EMBER_TRY(expect_tensor(kOp, *in, ScalarType::Float, 0, "input"));
  EMBER_TRY(expect_tensor(kOp, *weight, ScalarType::Float, 2, "weight"));
  EMBER_TRY(expect_tensor(kOp, *out, ScalarType::Float, in->rank, "out"));
  if (in->rank == 0) return bad_argument(kOp, 0, "is 0-d");
  const int32_t k = in->sizes[in->rank - 1], n = weight->sizes[0];
  const size_t rows = size_product(*in, 0, in->rank - 1);
  if (weight->sizes[1] != k || out->sizes[out->rank - 1] != n || out->numel() != rows * static_cast<size_t>(n)) {
    EMBER_LOG_ERROR("%s: input [..., %d], weight [%d, %d] and out do not agree", kOp, static_cast<int>(k),
                    static_cast<int>(weight->sizes[0]), static_cast<int>(weight->sizes[1]));
    return Error::InvalidShape;
  }
  if (bias && (bias->dtype != ScalarType::Float || bias->numel() != static_cast<size_t>(n))) {
    return bad_argument(kOp, 2, "(bias) is not one float32 per output feature");
  }
  const float* x = in->data_as<const float>();
  const float* w = weight->data_as<const float>();
  float* y = out->data_as<float>();
  for (size_t r = 0; r < rows; ++r) {
    for (int32_t j = 0; j < n; ++j) {
      float acc = 0.0f;
      for (int32_t p = 0; p < k; ++p) acc += x[r * k + p] * w[static_cast<size_t>(j) * k + p];
      y[r * n + j] = bias ? acc + bias->data_as<const float>()[j] : acc;
    }
  }
  return Error::Ok;
}

Error mm_out(KernelContext&, Span<EValue*> args) { return batched("aten::mm.out", args, 2); }
Error bmm_out(KernelContext&, Span<EValue*> args) { return batched("aten::bmm.out", args, 3); }

}  // namespace ember::kernels
