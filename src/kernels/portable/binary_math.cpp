// Elementwise binary operators with numpy broadcasting: add/sub (with alpha), mul,
// mul by a scalar, div (and its floor/trunc rounding modes), maximum/minimum (NaN wins), pow. Float;
// add/sub/mul also int64; maximum/minimum also int8 (upstream's Cortex-M flow leaves
// one on the quantized values when its operands share their quantization).
#include <cmath>
#include <cstring>

#include "kernels/portable/float_rows.h"
#include "kernels/portable/portable_kernels.h"
#include "kernels/portable/tensor_walk.h"

namespace ember::kernels {
namespace {

template <typename T, typename Fn>
Error binary(const char* op, const Tensor& a, const Tensor& b, const Tensor& out, Fn fn) {
  const T* pa = a.data_as<const T>();
  const T* pb = b.data_as<const T>();
  T* po = out.data_as<T>();
  const Tensor* operands[2] = {&a, &b};
  return for_each_broadcast(op, operands, out, [&](size_t i, const size_t* at) { po[i] = fn(pa[at[0]], pb[at[1]]); });
}

// Float rows of out = a op b through float_rows.h (Helium on the M55); `y_value`,
// if given, stands for every element of b.
Error float_rows(const char* op, const Tensor& a, const Tensor& b, const Tensor& out, RowOp row_op, float k,
                 const float* y_value = nullptr) {
  const float* pa = a.data_as<const float>();
  const float* pb = b.data_as<const float>();
  float* po = out.data_as<float>();
  const Tensor* operands[2] = {&a, &b};
  return for_each_broadcast_row(op, operands, out, [&](size_t i, const size_t* at, const size_t* steps, size_t count) {
    binary_row(BinaryRow{row_op, k, pa + at[0], steps[0], y_value ? y_value : pb + at[1], y_value ? 0 : steps[1],
                         po + i, count});
  });
}

struct Operands {
  Tensor* a;
  Tensor* b;
  Tensor* out;
};

// self, other, [extra args], out: one dtype for all three.
Result<Operands> operands(const char* op, Span<EValue*> args, size_t count, size_t out_index) {
  EMBER_TRY(expect_count(op, args, count));
  EMBER_TRY_ASSIGN(Tensor* a, tensor_arg(op, args, 0));
  EMBER_TRY_ASSIGN(Tensor* b, tensor_arg(op, args, 1));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(op, args, out_index));
  if (a->dtype != out->dtype || b->dtype != out->dtype ||
      (out->dtype != ScalarType::Float && out->dtype != ScalarType::Long)) {
    EMBER_LOG_ERROR("%s: operands %s, %s and out %s: expected all float32 or all int64", op, to_string(a->dtype),
                    to_string(b->dtype), to_string(out->dtype));
    return Error::InvalidType;
  }
  return Operands{a, b, out};
}

// maximum/minimum of int8 operands into int8 out.
template <typename Fn>
Error int8_binary(const char* op, Span<EValue*> args, Fn fn) {
  EMBER_TRY_ASSIGN(Tensor* a, tensor_arg(op, args, 0));
  EMBER_TRY_ASSIGN(Tensor* b, tensor_arg(op, args, 1));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(op, args, 2));
  if (b->dtype != ScalarType::Char || out->dtype != ScalarType::Char) {
    EMBER_LOG_ERROR("%s: operands %s, %s and out %s: expected all int8", op, to_string(a->dtype),
                    to_string(b->dtype), to_string(out->dtype));
    return Error::InvalidType;
  }
  return binary<int8_t>(op, *a, *b, *out, fn);
}

bool is_int8(Span<EValue*> args) { return args[0]->is_tensor() && args[0]->payload.as_tensor->dtype == ScalarType::Char; }

Error expect_float(const char* op, const Operands& o) {
  if (o.out->dtype == ScalarType::Float) return Error::Ok;
  EMBER_LOG_ERROR("%s: only float32 is supported", op);
  return Error::InvalidType;
}

// add/sub.out(self, other, *, alpha, out): self + sign * alpha * other
Error add_sub(const char* op, Span<EValue*> args, double sign) {
  EMBER_TRY_ASSIGN(Operands o, operands(op, args, 5, 3));
  EMBER_TRY_ASSIGN(double alpha, scalar_arg(op, args, 2));
  if (o.out->dtype == ScalarType::Long) {
    const int64_t k = static_cast<int64_t>(sign * alpha);
    return binary<int64_t>(op, *o.a, *o.b, *o.out, [k](int64_t x, int64_t y) { return x + k * y; });
  }
  return float_rows(op, *o.a, *o.b, *o.out, sign > 0 ? RowOp::kAddScaled : RowOp::kSubScaled, static_cast<float>(alpha));
}

// Floor division as upstream's portable kernel computes it: (a - fmod(a, b)) / b,
// one less where the remainder's sign differs from b's; +-inf (a's sign) for b = 0.
float div_floor(float a, float b) {
  if (b == 0.0f) return std::signbit(a) ? -INFINITY : INFINITY;
  const float mod = std::fmod(a, b);
  const float div = (a - mod) / b;
  return mod != 0.0f && std::signbit(b) != std::signbit(mod) ? div - 1.0f : div;
}

}  // namespace

Error add_out(KernelContext&, Span<EValue*> args) { return add_sub("aten::add.out", args, 1.0); }
Error sub_out(KernelContext&, Span<EValue*> args) { return add_sub("aten::sub.out", args, -1.0); }

Error mul_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "aten::mul.out";
  EMBER_TRY_ASSIGN(Operands o, operands(kOp, args, 4, 2));
  if (o.out->dtype == ScalarType::Long) {
    return binary<int64_t>(kOp, *o.a, *o.b, *o.out, [](int64_t x, int64_t y) { return x * y; });
  }
  return float_rows(kOp, *o.a, *o.b, *o.out, RowOp::kMul, 1.0f);
}

// mul.Scalar_out(self, other, *, out): float, any dim order shared with out.
Error mul_scalar_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "aten::mul.Scalar_out";
  EMBER_TRY(expect_count(kOp, args, 4));
  EMBER_TRY_ASSIGN(double other, scalar_arg(kOp, args, 1));
  const float k = static_cast<float>(other);
  return map_float(kOp, args, 2, [k](float x) { return x * k; });
}

Error div_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "aten::div.out";
  EMBER_TRY_ASSIGN(Operands o, operands(kOp, args, 4, 2));
  EMBER_TRY(expect_float(kOp, o));
  if (o.b->numel() == 1) {  // by one value: times its reciprocal, as upstream's kernel does (not always x / y)
    const float reciprocal = 1.0f / o.b->data_as<const float>()[0];
    return float_rows(kOp, *o.a, *o.b, *o.out, RowOp::kMul, 1.0f, &reciprocal);
  }
  return binary<float>(kOp, *o.a, *o.b, *o.out, [](float x, float y) { return x / y; });
}

// div.out_mode(self, other, *, rounding_mode: "trunc" | "floor" | None, out)
Error div_mode_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "aten::div.out_mode";
  EMBER_TRY_ASSIGN(Operands o, operands(kOp, args, 5, 3));
  EMBER_TRY(expect_float(kOp, o));
  if (args[2]->is_none()) return binary<float>(kOp, *o.a, *o.b, *o.out, [](float x, float y) { return x / y; });
  if (args[2]->tag != Tag::String) return bad_argument(kOp, 2, "(rounding_mode) is not a string");
  const Span<const char> mode = args[2]->payload.as_string;
  if (mode.size == 5 && std::memcmp(mode.data, "trunc", 5) == 0) {
    return binary<float>(kOp, *o.a, *o.b, *o.out, [](float x, float y) { return std::trunc(x / y); });
  }
  if (mode.size == 5 && std::memcmp(mode.data, "floor", 5) == 0) {
    return binary<float>(kOp, *o.a, *o.b, *o.out, div_floor);
  }
  return bad_argument(kOp, 2, "(rounding_mode) is neither \"trunc\" nor \"floor\"");
}

Error maximum_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "aten::maximum.out";
  if (args.size == 4 && is_int8(args)) return int8_binary(kOp, args, [](int8_t x, int8_t y) { return x < y ? y : x; });
  EMBER_TRY_ASSIGN(Operands o, operands(kOp, args, 4, 2));
  EMBER_TRY(expect_float(kOp, o));
  return float_rows(kOp, *o.a, *o.b, *o.out, RowOp::kMaximum, 1.0f);
}

Error minimum_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "aten::minimum.out";
  if (args.size == 4 && is_int8(args)) return int8_binary(kOp, args, [](int8_t x, int8_t y) { return y < x ? y : x; });
  EMBER_TRY_ASSIGN(Operands o, operands(kOp, args, 4, 2));
  EMBER_TRY(expect_float(kOp, o));
  return float_rows(kOp, *o.a, *o.b, *o.out, RowOp::kMinimum, 1.0f);
}

Error pow_tensor_tensor_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "aten::pow.Tensor_Tensor_out";
  EMBER_TRY_ASSIGN(Operands o, operands(kOp, args, 4, 2));
  EMBER_TRY(expect_float(kOp, o));
  return binary<float>(kOp, *o.a, *o.b, *o.out, [](float x, float y) { return std::pow(x, y); });
}

}  // namespace ember::kernels
