// aten::add.out(self, other, *, alpha=1, out) -> out = self + alpha * other,
// with NumPy broadcasting. Float.
#include "kernels/common/kernel_args.h"
#include "kernels/portable/portable_kernels.h"

namespace ember::kernels {
namespace {

constexpr const char* kOp = "aten::add.out";

// Element strides of `t` seen through out's shape (0 where t broadcasts).
bool broadcast_strides(const Tensor& t, const Tensor& out, size_t* strides) {
  if (t.rank > out.rank) return false;
  size_t stride = 1;
  for (uint32_t d = out.rank; d-- > 0;) {
    const int64_t td = static_cast<int64_t>(d) - (out.rank - t.rank);
    const int32_t size = td >= 0 ? t.sizes[td] : 1;
    if (size != out.sizes[d] && size != 1) return false;
    strides[d] = size == 1 ? 0 : stride;
    stride *= static_cast<size_t>(size);
  }
  return true;
}

}  // namespace

Error add_out(KernelContext&, Span<EValue*> args) {
  EMBER_TRY(expect_count(kOp, args, 5));
  EMBER_TRY_ASSIGN(Tensor* a, tensor_arg(kOp, args, 0));
  EMBER_TRY_ASSIGN(Tensor* b, tensor_arg(kOp, args, 1));
  EMBER_TRY_ASSIGN(double alpha, scalar_arg(kOp, args, 2));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(kOp, args, 3));
  EMBER_TRY(expect_tensor(kOp, *a, ScalarType::Float, 0, "self"));
  EMBER_TRY(expect_tensor(kOp, *b, ScalarType::Float, 0, "other"));
  EMBER_TRY(expect_tensor(kOp, *out, ScalarType::Float, 0, "out"));
  size_t sa[kMaxTensorRank], sb[kMaxTensorRank];
  if (!broadcast_strides(*a, *out, sa) || !broadcast_strides(*b, *out, sb)) {
    EMBER_LOG_ERROR("%s: inputs do not broadcast to out", kOp);
    return Error::InvalidShape;
  }
  const float* pa = a->data_as<float>();
  const float* pb = b->data_as<float>();
  float* po = out->data_as<float>();
  const float fa = static_cast<float>(alpha);
  size_t index[kMaxTensorRank] = {};
  size_t ia = 0, ib = 0;
  for (size_t i = 0, n = out->numel(); i < n; ++i) {
    po[i] = pa[ia] + fa * pb[ib];
    for (uint32_t d = out->rank; d-- > 0;) {
      ia += sa[d];
      ib += sb[d];
      if (++index[d] < static_cast<size_t>(out->sizes[d])) break;
      ia -= sa[d] * index[d];
      ib -= sb[d] * index[d];
      index[d] = 0;
    }
  }
  return Error::Ok;
}

}  // namespace ember::kernels
