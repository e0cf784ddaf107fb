// native_layer_norm.out over the trailing normalized_shape dims, and
// _native_batch_norm_legit_no_training.out (inference batch norm over dim 1 with
// running statistics). Float; layer norm's tensors in any dim order (upstream's
// Cortex-M flow gives it channels-last ones; upstream's portable kernel refuses
// them). The statistics outputs (mean, rstd) are written as PyTorch defines them;
// batch norm's are empty in the no-training form.
#include <cmath>

#include "kernels/portable/float_rows.h"
#include "kernels/portable/portable_kernels.h"
#include "kernels/portable/tensor_walk.h"

namespace ember::kernels {

// native_layer_norm.out(input, normalized_shape[], weight?, bias?, eps, *, out, mean, rstd)
Error native_layer_norm_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "aten::native_layer_norm.out";
  EMBER_TRY(expect_count(kOp, args, 9));
  EMBER_TRY_ASSIGN(Tensor* in, tensor_arg(kOp, args, 0));
  EMBER_TRY_ASSIGN(Span<const int64_t> shape, int_list_arg(kOp, args, 1));
  EMBER_TRY_ASSIGN(Tensor* weight, optional_tensor_arg(kOp, args, 2));
  EMBER_TRY_ASSIGN(Tensor* bias, optional_tensor_arg(kOp, args, 3));
  EMBER_TRY_ASSIGN(double eps, scalar_arg(kOp, args, 4));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(kOp, args, 5));
  EMBER_TRY_ASSIGN(Tensor* mean_out, tensor_arg(kOp, args, 6));
  EMBER_TRY_ASSIGN(Tensor* rstd_out, tensor_arg(kOp, args, 7));
  EMBER_TRY(expect_any_order(kOp, *in, ScalarType::Float, in->rank, "input"));
  EMBER_TRY(expect_any_order(kOp, *out, ScalarType::Float, in->rank, "out"));
  EMBER_TRY(expect_same_shape(kOp, *in, *out, "input and out"));
  if (shape.size == 0 || shape.size > in->rank) return bad_argument(kOp, 1, "(normalized_shape) has the wrong length");
  const uint32_t first = in->rank - static_cast<uint32_t>(shape.size);
  for (uint32_t d = 0; d < shape.size; ++d) {
    if (shape[d] != in->sizes[first + d]) return bad_argument(kOp, 1, "(normalized_shape) differs from the input's");
  }
  const size_t n = size_product(*in, first, in->rank), rows = size_product(*in, 0, first);
  for (Tensor* t : {weight, bias}) {
    if (t && (t->dtype != ScalarType::Float || t->numel() != n)) return bad_argument(kOp, 2, "(weight or bias) does not match normalized_shape");
  }
  if (mean_out->dtype != ScalarType::Float || rstd_out->dtype != ScalarType::Float || mean_out->numel() != rows ||
      rstd_out->numel() != rows) {
    return bad_argument(kOp, 6, "(mean or rstd) is not one float32 per normalized row");
  }
  const float* x = in->data_as<const float>();
  const float* w = weight ? weight->data_as<const float>() : nullptr;
  const float* b = bias ? bias->data_as<const float>() : nullptr;
  float* y = out->data_as<float>();
  float* means = mean_out->data_as<float>();
  float* rstds = rstd_out->data_as<float>();
  const IndexOrder x_at(*in), y_at(*out), mean_at(*mean_out), rstd_at(*rstd_out);
  for (size_t r = 0; r < rows; ++r) {
    float sum = 0.0f, sq_sum = 0.0f;
    for (size_t j = 0; j < n; ++j) {
      const float v = x[x_at(r * n + j)];
      sum += v;
      sq_sum += v * v;
    }
    const float mean = sum / static_cast<float>(n);
    const float variance = sq_sum / static_cast<float>(n) - mean * mean;
    const float std = std::sqrt(variance + static_cast<float>(eps));
    const float rstd = 1.0f / std;
    for (size_t j = 0; j < n; ++j) {
      float v = (x[x_at(r * n + j)] - mean) / std;
      if (w) v *= w[j];
      if (b) v += b[j];
      y[y_at(r * n + j)] = v;
    }
    means[mean_at(r)] = mean;
    rstds[rstd_at(r)] = rstd;
  }
  return Error::Ok;
}

// _native_batch_norm_legit_no_training.out(input, weight?, bias?, running_mean,
// running_var, momentum, eps, *, out, save_mean, save_invstd)
Error batch_norm_no_training_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "aten::_native_batch_norm_legit_no_training.out";
  EMBER_TRY(expect_count(kOp, args, 11));
  EMBER_TRY_ASSIGN(Tensor* in, tensor_arg(kOp, args, 0));
  EMBER_TRY_ASSIGN(Tensor* weight, optional_tensor_arg(kOp, args, 1));
  EMBER_TRY_ASSIGN(Tensor* bias, optional_tensor_arg(kOp, args, 2));
  EMBER_TRY_ASSIGN(Tensor* mean, tensor_arg(kOp, args, 3));
  EMBER_TRY_ASSIGN(Tensor* var, tensor_arg(kOp, args, 4));
  EMBER_TRY_ASSIGN(double eps, scalar_arg(kOp, args, 6));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(kOp, args, 7));
  EMBER_TRY(expect_tensor(kOp, *in, ScalarType::Float, 0, "input"));
  EMBER_TRY(expect_tensor(kOp, *out, ScalarType::Float, 0, "out"));
  EMBER_TRY(expect_same_shape(kOp, *in, *out, "input and out"));
  if (in->rank < 2) return bad_argument(kOp, 0, "has rank below 2 (no channel dim)");
  const size_t c = static_cast<size_t>(in->sizes[1]);
  for (Tensor* t : {weight, bias, mean, var}) {
    if (t && (t->dtype != ScalarType::Float || t->numel() != c)) return bad_argument(kOp, 1, "(a per-channel tensor) does not have one float32 per channel");
  }
  const size_t inner = size_product(*in, 2, in->rank), outer = static_cast<size_t>(in->sizes[0]);
  const float* x = in->data_as<const float>();
  float* y = out->data_as<float>();
  for (size_t ch = 0; ch < c; ++ch) {
    // in double, then float, as upstream
    const float inv_std = static_cast<float>(1.0 / std::sqrt(var->data_as<const float>()[ch] + eps));
    const float m = mean->data_as<const float>()[ch];
    const float w = weight ? weight->data_as<const float>()[ch] : 1.0f;
    const float b = bias ? bias->data_as<const float>()[ch] : 0.0f;
    for (size_t o = 0; o < outer; ++o) {
      const size_t base = (o * c + ch) * inner;
      if (inner < 4) {  // (N, C) input: too short a row to pay for a vector loop
        for (size_t i = 0; i < inner; ++i) y[base + i] = affine(x[base + i], m, inv_std, w, b);
      } else {
        affine_row(AffineRow{x + base, m, inv_std, w, b, y + base, inner});
      }
    }
  }
  return Error::Ok;
}

}  // namespace ember::kernels
