// Comparisons (gt/ge/lt/le/eq/ne, against a tensor with broadcasting or a scalar)
// giving bool tensors, where(condition, self, other), logical_not. Float operands.
#include "kernels/portable/portable_kernels.h"
#include "kernels/portable/tensor_walk.h"

namespace ember::kernels {
namespace {

template <typename Cmp>
Error compare_tensor(const char* op, Span<EValue*> args, Cmp cmp) {
  EMBER_TRY(expect_count(op, args, 4));
  EMBER_TRY_ASSIGN(Tensor* a, tensor_arg(op, args, 0));
  EMBER_TRY_ASSIGN(Tensor* b, tensor_arg(op, args, 1));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(op, args, 2));
  if (a->dtype != ScalarType::Float || b->dtype != ScalarType::Float || out->dtype != ScalarType::Bool) {
    EMBER_LOG_ERROR("%s: expected float32 operands and a bool out", op);
    return Error::InvalidType;
  }
  const float* pa = a->data_as<const float>();
  const float* pb = b->data_as<const float>();
  bool* po = out->data_as<bool>();
  const Tensor* operands[2] = {a, b};
  return for_each_broadcast(op, operands, *out, [&](size_t i, const size_t* at) { po[i] = cmp(pa[at[0]], pb[at[1]]); });
}

template <typename Cmp>
Error compare_scalar(const char* op, Span<EValue*> args, Cmp cmp) {
  EMBER_TRY(expect_count(op, args, 4));
  EMBER_TRY_ASSIGN(Tensor* a, tensor_arg(op, args, 0));
  EMBER_TRY_ASSIGN(double other, scalar_arg(op, args, 1));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(op, args, 2));
  EMBER_TRY(expect_elementwise(op, *a, ScalarType::Float, *out, ScalarType::Bool));
  const float* pa = a->data_as<const float>();
  const float b = static_cast<float>(other);
  bool* po = out->data_as<bool>();
  for (size_t i = 0, n = a->numel(); i < n; ++i) po[i] = cmp(pa[i], b);
  return Error::Ok;
}

}  // namespace

#define EMBER_COMPARISON(name, expr)                                                          \
  Error name##_tensor_out(KernelContext&, Span<EValue*> args) {                              \
    return compare_tensor("aten::" #name ".Tensor_out", args, [](float x, float y) { return expr; }); \
  }                                                                                           \
  Error name##_scalar_out(KernelContext&, Span<EValue*> args) {                              \
    return compare_scalar("aten::" #name ".Scalar_out", args, [](float x, float y) { return expr; }); \
  }
EMBER_COMPARISON(gt, x > y)
EMBER_COMPARISON(ge, x >= y)
EMBER_COMPARISON(lt, x < y)
EMBER_COMPARISON(le, x <= y)
EMBER_COMPARISON(eq, x == y)
EMBER_COMPARISON(ne, x != y)
#undef EMBER_COMPARISON

// where.self_out(condition, self, other, *, out): all three broadcast to out.
Error where_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "aten::where.self_out";
  EMBER_TRY(expect_count(kOp, args, 5));
  EMBER_TRY_ASSIGN(Tensor* cond, tensor_arg(kOp, args, 0));
  EMBER_TRY_ASSIGN(Tensor* a, tensor_arg(kOp, args, 1));
  EMBER_TRY_ASSIGN(Tensor* b, tensor_arg(kOp, args, 2));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(kOp, args, 3));
  if (cond->dtype != ScalarType::Bool || a->dtype != ScalarType::Float || b->dtype != ScalarType::Float ||
      out->dtype != ScalarType::Float) {
    EMBER_LOG_ERROR("%s: expected a bool condition and float32 self, other and out", kOp);
    return Error::InvalidType;
  }
  const bool* pc = cond->data_as<const bool>();
  const float* pa = a->data_as<const float>();
  const float* pb = b->data_as<const float>();
  float* po = out->data_as<float>();
  const Tensor* operands[3] = {cond, a, b};
  return for_each_broadcast(kOp, operands, *out,
                            [&](size_t i, const size_t* at) { po[i] = pc[at[0]] ? pa[at[1]] : pb[at[2]]; });
}

Error logical_not_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "aten::logical_not.out";
  EMBER_TRY(expect_count(kOp, args, 3));
  EMBER_TRY_ASSIGN(Tensor* in, tensor_arg(kOp, args, 0));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(kOp, args, 1));
  EMBER_TRY(expect_elementwise(kOp, *in, ScalarType::Bool, *out, ScalarType::Bool));
  const bool* x = in->data_as<const bool>();
  bool* y = out->data_as<bool>();
  for (size_t i = 0, n = in->numel(); i < n; ++i) y[i] = !x[i];
  return Error::Ok;
}

}  // namespace ember::kernels
