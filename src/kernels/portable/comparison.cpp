// Comparisons (gt/ge/lt/le/eq/ne, against a tensor with broadcasting or a scalar)
// giving bool tensors, where(condition, self, other), logical_not. Float operands,
// or int8 ones (upstream's Cortex-M flow leaves a comparison and its where on the
// quantized values when the operands share their quantization), or one of each.
#include <cstdint>

#include "kernels/portable/portable_kernels.h"
#include "kernels/portable/tensor_walk.h"

namespace ember::kernels {
namespace {

bool is_compared_dtype(ScalarType t) { return t == ScalarType::Float || t == ScalarType::Char; }

// Compared as float32 (exact for int8 values), as torch promotes int8 and float32.
template <typename A, typename B, typename Cmp>
Error compare_tensors(const char* op, const Tensor& a, const Tensor& b, Tensor& out, Cmp cmp) {
  const A* pa = a.data_as<const A>();
  const B* pb = b.data_as<const B>();
  bool* po = out.data_as<bool>();
  const Tensor* operands[2] = {&a, &b};
  return for_each_broadcast(op, operands, out, [&](size_t i, const size_t* at) {
    po[i] = cmp(static_cast<float>(pa[at[0]]), static_cast<float>(pb[at[1]]));
  });
}

template <typename A, typename Cmp>
Error compare_with(const char* op, const Tensor& a, const Tensor& b, Tensor& out, Cmp cmp) {
  if (b.dtype == ScalarType::Char) return compare_tensors<A, int8_t>(op, a, b, out, cmp);
  return compare_tensors<A, float>(op, a, b, out, cmp);
}

// Operands float32 or int8, of one dtype or one of each (upstream's Cortex-M flow
// leaves a comparison on the quantized values, and may compare them with float ones).
template <typename Cmp>
Error compare_tensor(const char* op, Span<EValue*> args, Cmp cmp) {
  EMBER_TRY(expect_count(op, args, 4));
  EMBER_TRY_ASSIGN(Tensor* a, tensor_arg(op, args, 0));
  EMBER_TRY_ASSIGN(Tensor* b, tensor_arg(op, args, 1));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(op, args, 2));
  if (!is_compared_dtype(a->dtype) || !is_compared_dtype(b->dtype) || out->dtype != ScalarType::Bool) {
    EMBER_LOG_ERROR("%s: operands %s and %s, out %s: expected float32 or int8 operands and a bool out", op,
                    to_string(a->dtype), to_string(b->dtype), to_string(out->dtype));
    return Error::InvalidType;
  }
  if (a->dtype == ScalarType::Char) return compare_with<int8_t>(op, *a, *b, *out, cmp);
  return compare_with<float>(op, *a, *b, *out, cmp);
}

// The scalar is compared as float32, as torch promotes a tensor and a Python number.
template <typename Cmp>
Error compare_scalar(const char* op, Span<EValue*> args, Cmp cmp) {
  EMBER_TRY(expect_count(op, args, 4));
  EMBER_TRY_ASSIGN(Tensor* a, tensor_arg(op, args, 0));
  EMBER_TRY_ASSIGN(double other, scalar_arg(op, args, 1));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(op, args, 2));
  const ScalarType in_dtype = a->dtype == ScalarType::Char ? ScalarType::Char : ScalarType::Float;
  EMBER_TRY(expect_elementwise(op, *a, in_dtype, *out, ScalarType::Bool));
  const float b = static_cast<float>(other);
  bool* po = out->data_as<bool>();
  const size_t n = a->numel();
  if (in_dtype == ScalarType::Char) {
    const int8_t* pa = a->data_as<const int8_t>();
    for (size_t i = 0; i < n; ++i) po[i] = cmp(static_cast<float>(pa[i]), b);
  } else {
    const float* pa = a->data_as<const float>();
    for (size_t i = 0; i < n; ++i) po[i] = cmp(pa[i], b);
  }
  return Error::Ok;
}

template <typename T>
Error select(const char* op, const Tensor& cond, const Tensor& a, const Tensor& b, Tensor& out) {
  const bool* pc = cond.data_as<const bool>();
  const T* pa = a.data_as<const T>();
  const T* pb = b.data_as<const T>();
  T* po = out.data_as<T>();
  const Tensor* operands[3] = {&cond, &a, &b};
  return for_each_broadcast(op, operands, out,
                            [&](size_t i, const size_t* at) { po[i] = pc[at[0]] ? pa[at[1]] : pb[at[2]]; });
}

}  // namespace

#define EMBER_COMPARISON(name, expr)                                                                  \
  Error name##_tensor_out(KernelContext&, Span<EValue*> args) {                                      \
    return compare_tensor("aten::" #name ".Tensor_out", args, [](float x, float y) { return expr; }); \
  }                                                                                                   \
  Error name##_scalar_out(KernelContext&, Span<EValue*> args) {                                      \
    return compare_scalar("aten::" #name ".Scalar_out", args, [](float x, float y) { return expr; }); \
  }
EMBER_COMPARISON(gt, x > y)
EMBER_COMPARISON(ge, x >= y)
EMBER_COMPARISON(lt, x < y)
EMBER_COMPARISON(le, x <= y)
EMBER_COMPARISON(eq, x == y)
EMBER_COMPARISON(ne, x != y)
#undef EMBER_COMPARISON

// where.self_out(condition, self, other, *, out): all three broadcast to out;
// self, other and out float32, or all int8.
Error where_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "aten::where.self_out";
  EMBER_TRY(expect_count(kOp, args, 5));
  EMBER_TRY_ASSIGN(Tensor* cond, tensor_arg(kOp, args, 0));
  EMBER_TRY_ASSIGN(Tensor* a, tensor_arg(kOp, args, 1));
  EMBER_TRY_ASSIGN(Tensor* b, tensor_arg(kOp, args, 2));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(kOp, args, 3));
  if (cond->dtype != ScalarType::Bool || a->dtype != out->dtype || b->dtype != out->dtype ||
      !is_compared_dtype(out->dtype)) {
    EMBER_LOG_ERROR("%s: condition %s, self %s, other %s, out %s: expected a bool condition and float32 or int8 "
                    "self, other and out of one dtype", kOp, to_string(cond->dtype), to_string(a->dtype),
                    to_string(b->dtype), to_string(out->dtype));
    return Error::InvalidType;
  }
  if (out->dtype == ScalarType::Char) return select<int8_t>(kOp, *cond, *a, *b, *out);
  return select<float>(kOp, *cond, *a, *b, *out);
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
