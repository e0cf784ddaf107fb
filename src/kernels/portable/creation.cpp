// Tensors made from scalars: full.out(size[], fill_value), full_like.out,
// scalar_tensor.out(s),
// arange.start_out(start, end, step): element i = start + i * step, computed in
// double and cast to out's dtype (float32, int64, bool, or int8/int16/int32: a
// quantized tensor's zero point, which upstream's Cortex-M flow fills with full_like).
#include <cstdint>

#include "kernels/portable/portable_kernels.h"
#include "kernels/portable/tensor_walk.h"

namespace ember::kernels {
namespace {

template <typename T, typename Value>
Error fill_integers(const char* op, Tensor& out, Value value_at, double low, double high) {
  const size_t n = out.numel();
  for (size_t i = 0; i < n; ++i) {
    const double v = value_at(i);
    if (!(v >= low && v <= high)) {
      EMBER_LOG_ERROR("%s: value %g does not fit out's dtype %s", op, v, to_string(out.dtype));
      return Error::InvalidArgument;
    }
  }
  for (size_t i = 0; i < n; ++i) out.data_as<T>()[i] = static_cast<T>(value_at(i));
  return Error::Ok;
}

// Any dim order: full, full_like and scalar_tensor write one value everywhere,
// arange's out is 1-D.
template <typename Value>
Error fill(const char* op, Tensor& out, Value value_at) {
  const size_t n = out.numel();
  switch (out.dtype) {
    case ScalarType::Float:
      for (size_t i = 0; i < n; ++i) out.data_as<float>()[i] = static_cast<float>(value_at(i));
      return Error::Ok;
    case ScalarType::Long:
      for (size_t i = 0; i < n; ++i) out.data_as<int64_t>()[i] = static_cast<int64_t>(value_at(i));
      return Error::Ok;
    case ScalarType::Bool:
      for (size_t i = 0; i < n; ++i) out.data_as<bool>()[i] = value_at(i) != 0.0;
      return Error::Ok;
    case ScalarType::Char: return fill_integers<int8_t>(op, out, value_at, INT8_MIN, INT8_MAX);
    case ScalarType::Short: return fill_integers<int16_t>(op, out, value_at, INT16_MIN, INT16_MAX);
    case ScalarType::Int: return fill_integers<int32_t>(op, out, value_at, INT32_MIN, INT32_MAX);
    default:
      EMBER_LOG_ERROR("%s: out is %s, expected float32, int64, int32, int16, int8 or bool", op, to_string(out.dtype));
      return Error::InvalidType;
  }
}

}  // namespace

Error full_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "aten::full.out";
  EMBER_TRY(expect_count(kOp, args, 4));
  EMBER_TRY_ASSIGN(Span<const int64_t> size, int_list_arg(kOp, args, 0));
  EMBER_TRY_ASSIGN(double value, scalar_arg(kOp, args, 1));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(kOp, args, 2));
  bool matches = size.size == out->rank;
  for (uint32_t d = 0; matches && d < out->rank; ++d) matches = size[d] == out->sizes[d];
  if (!matches) return bad_argument(kOp, 0, "(size) differs from out's shape");
  return fill(kOp, *out, [value](size_t) { return value; });
}

// full_like.out(self, fill_value, *, memory_format?, out): out's shape and dtype, any
// dim order (upstream's portable full_like refuses a channels-last self; the values
// are the same in every order).
Error full_like_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "aten::full_like.out";
  EMBER_TRY(expect_count(kOp, args, 5));
  EMBER_TRY_ASSIGN(Tensor* in, tensor_arg(kOp, args, 0));
  EMBER_TRY_ASSIGN(double value, scalar_arg(kOp, args, 1));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(kOp, args, 3));
  EMBER_TRY(expect_same_shape(kOp, *in, *out, "input and out"));
  return fill(kOp, *out, [value](size_t) { return value; });
}

Error scalar_tensor_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "aten::scalar_tensor.out";
  EMBER_TRY(expect_count(kOp, args, 3));
  EMBER_TRY_ASSIGN(double value, scalar_arg(kOp, args, 0));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(kOp, args, 1));
  if (out->numel() != 1) return bad_argument(kOp, 1, "(out) does not hold one element");
  return fill(kOp, *out, [value](size_t) { return value; });
}

Error arange_start_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "aten::arange.start_out";
  EMBER_TRY(expect_count(kOp, args, 5));
  EMBER_TRY_ASSIGN(double start, scalar_arg(kOp, args, 0));
  EMBER_TRY_ASSIGN(double end, scalar_arg(kOp, args, 1));
  EMBER_TRY_ASSIGN(double step, scalar_arg(kOp, args, 2));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(kOp, args, 3));
  if (step == 0.0 || (end - start) * step < 0.0) return bad_argument(kOp, 2, "(step) does not lead from start to end");
  if (out->rank != 1) return bad_argument(kOp, 3, "(out) is not 1-D");
  return fill(kOp, *out, [=](size_t i) { return start + static_cast<double>(i) * step; });
}

}  // namespace ember::kernels
