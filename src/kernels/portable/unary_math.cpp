// Elementwise float math, one output per input element, any dim order shared by
// input and out: relu, abs, neg, exp, log, sqrt, rsqrt, reciprocal, sigmoid, tanh, gelu,
// hardsigmoid (which upstream's Cortex-M flow leaves in float),
// and the parameterised activations clamp, hardtanh, leaky_relu, elu, pow(x, s);
// clamp of int8 too (upstream's Cortex-M flow leaves a ReLU as a clamp of the
// quantized tensor at its zero point).
// The libm calls are the float overloads upstream's portable kernels call.
#include <cmath>
#include <cstdint>
#include <cstring>

#include "kernels/portable/float_rows.h"
#include "kernels/portable/portable_kernels.h"
#include "kernels/portable/tensor_walk.h"

namespace ember::kernels {
namespace {

// M_SQRT1_2 and sqrt(2 / pi) (M_SQRT2 * M_2_SQRTPI / 2), which strict C++ does not declare.
constexpr double kSqrtHalf = 0.70710678118654752440;
constexpr double kSqrtTwoOverPi = 0.79788456080286535588;

// clamp_row over the whole tensor (input and out in one dim order).
Error clamp_float(const char* op, Span<EValue*> args, size_t out_index, float lo, float hi) {
  EMBER_TRY_ASSIGN(Tensor* in, tensor_arg(op, args, 0));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(op, args, out_index));
  EMBER_TRY(expect_elementwise(op, *in, ScalarType::Float, *out, ScalarType::Float));
  clamp_row(ClampRow{in->data_as<const float>(), lo, hi, out->data_as<float>(), in->numel()});
  return Error::Ok;
}

// clamp of an int8 tensor by int bounds, as upstream's portable clamp: the bounds
// must be ints within int8's range; out = min(max(x, min), max).
Error clamp_int8(const char* op, Span<EValue*> args) {
  EMBER_TRY_ASSIGN(Tensor* in, tensor_arg(op, args, 0));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(op, args, 3));
  EMBER_TRY(expect_elementwise(op, *in, ScalarType::Char, *out, ScalarType::Char));
  int32_t bounds[2] = {INT8_MIN, INT8_MAX};
  for (size_t i = 1; i <= 2; ++i) {
    if (args[i]->is_none()) continue;
    EMBER_TRY_ASSIGN(int64_t bound, int_arg(op, args, i));
    if (bound < INT8_MIN || bound > INT8_MAX) return bad_argument(op, i, "is outside int8's range");
    bounds[i - 1] = static_cast<int32_t>(bound);
  }
  const int8_t* x = in->data_as<const int8_t>();
  int8_t* y = out->data_as<int8_t>();
  for (size_t i = 0, n = in->numel(); i < n; ++i) {
    const int32_t v = x[i] < bounds[0] ? bounds[0] : x[i];
    y[i] = static_cast<int8_t>(v > bounds[1] ? bounds[1] : v);
  }
  return Error::Ok;
}

}  // namespace

Error relu_out(KernelContext&, Span<EValue*> args) {  // NaN and -0 pass through, as upstream
  return clamp_float("aten::relu.out", args, 1, 0.0f, INFINITY);
}
Error abs_out(KernelContext&, Span<EValue*> args) {
  return map_float("aten::abs.out", args, 1, [](float x) { return x < 0.0f ? -x : x; });  // keeps -0, as upstream
}
Error neg_out(KernelContext&, Span<EValue*> args) {
  return map_float("aten::neg.out", args, 1, [](float x) { return -x; });
}
Error exp_out(KernelContext&, Span<EValue*> args) {
  return map_float("aten::exp.out", args, 1, [](float x) { return std::exp(x); });
}
Error log_out(KernelContext&, Span<EValue*> args) {
  return map_float("aten::log.out", args, 1, [](float x) { return std::log(x); });
}
Error sqrt_out(KernelContext&, Span<EValue*> args) {
  return map_float("aten::sqrt.out", args, 1, [](float x) { return std::sqrt(x); });
}
Error rsqrt_out(KernelContext&, Span<EValue*> args) {
  return map_float("aten::rsqrt.out", args, 1, [](float x) { return 1.0f / std::sqrt(x); });
}
Error reciprocal_out(KernelContext&, Span<EValue*> args) {
  return map_float("aten::reciprocal.out", args, 1, [](float x) { return 1.0f / x; });
}
Error sigmoid_out(KernelContext&, Span<EValue*> args) {
  return map_float("aten::sigmoid.out", args, 1, [](float x) { return 1.0f / (1.0f + std::exp(-x)); });
}
Error tanh_out(KernelContext&, Span<EValue*> args) {
  return map_float("aten::tanh.out", args, 1, [](float x) { return std::tanh(x); });
}

// hardsigmoid: relu6(x + 3) / 6 in torch's order of operations (same bits as
// torch's CPU kernel: a division by 6, not a product with 1/6); NaN stays NaN.
// (upstream's runtime has no hardsigmoid; upstream's Cortex-M flow leaves it in float)
Error hardsigmoid_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "aten::hardsigmoid.out";
  EMBER_TRY(expect_count(kOp, args, 3));
  return map_float(kOp, args, 1, [](float x) {
    return min_propagate_nan(max_propagate_nan(x + 3.0f, 0.0f), 6.0f) / 6.0f;
  });
}

// gelu.out(self, *, approximate="none"|"tanh", out)
Error gelu_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "aten::gelu.out";
  EMBER_TRY(expect_count(kOp, args, 4));
  if (args[1]->tag != Tag::String) return bad_argument(kOp, 1, "(approximate) is not a string");
  const Span<const char> mode = args[1]->payload.as_string;
  const bool tanh_form = mode.size == 4 && std::memcmp(mode.data, "tanh", 4) == 0;
  if (!tanh_form && !(mode.size == 4 && std::memcmp(mode.data, "none", 4) == 0)) {
    return bad_argument(kOp, 1, "(approximate) is neither \"none\" nor \"tanh\"");
  }
  if (tanh_form) {
    return map_float(kOp, args, 2, [](float x) {
      if (std::isinf(x)) return x > 0 ? x : 0.0f;
      const float beta = static_cast<float>(kSqrtTwoOverPi);
      const float kappa = 0.044715f;
      const float inner = beta * (x + kappa * (x * x * x));
      return static_cast<float>(0.5 * x * (1.0 + std::tanh(inner)));
    });
  }
  // -inf gives NaN (-inf * 0), as upstream's runtime and torch do
  return map_float(kOp, args, 2, [](float x) {
    return 0.5f * x * (1.0f + std::erf(x * static_cast<float>(kSqrtHalf)));
  });
}

// clamp.out(self, min?, max?, *, out)
Error clamp_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "aten::clamp.out";
  EMBER_TRY(expect_count(kOp, args, 5));
  EMBER_TRY_ASSIGN(Tensor* in, tensor_arg(kOp, args, 0));
  if (in->dtype == ScalarType::Char) return clamp_int8(kOp, args);
  const bool has_min = !args[1]->is_none(), has_max = !args[2]->is_none();
  float lo = -INFINITY, hi = INFINITY;
  if (has_min) { EMBER_TRY_ASSIGN(double v, scalar_arg(kOp, args, 1)); lo = static_cast<float>(v); }
  if (has_max) { EMBER_TRY_ASSIGN(double v, scalar_arg(kOp, args, 2)); hi = static_cast<float>(v); }
  return clamp_float(kOp, args, 3, lo, hi);
}

// hardtanh.out(self, min_val=-1, max_val=1, *, out)
Error hardtanh_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "aten::hardtanh.out";
  EMBER_TRY(expect_count(kOp, args, 5));
  EMBER_TRY_ASSIGN(double lo, scalar_arg(kOp, args, 1));
  EMBER_TRY_ASSIGN(double hi, scalar_arg(kOp, args, 2));
  return clamp_float(kOp, args, 3, static_cast<float>(lo), static_cast<float>(hi));
}

// leaky_relu.out(self, negative_slope=0.01, *, out)
Error leaky_relu_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "aten::leaky_relu.out";
  EMBER_TRY(expect_count(kOp, args, 4));
  EMBER_TRY_ASSIGN(double slope, scalar_arg(kOp, args, 1));
  const float s = static_cast<float>(slope);
  return map_float(kOp, args, 2, [=](float x) { return x > 0.0f ? x : x * s; });
}

// elu.out(self, alpha=1, scale=1, input_scale=1, *, out)
Error elu_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "aten::elu.out";
  EMBER_TRY(expect_count(kOp, args, 6));
  EMBER_TRY_ASSIGN(double alpha, scalar_arg(kOp, args, 1));
  EMBER_TRY_ASSIGN(double scale, scalar_arg(kOp, args, 2));
  EMBER_TRY_ASSIGN(double input_scale, scalar_arg(kOp, args, 3));
  const float negative = static_cast<float>(alpha * scale), positive = static_cast<float>(scale);
  const float in_scale = static_cast<float>(input_scale);
  return map_float(kOp, args, 4, [=](float x) {
    return x <= 0.0f ? std::expm1(x * in_scale) * negative : x * positive;
  });
}

// pow.Tensor_Scalar_out(self, exponent, *, out)
Error pow_tensor_scalar_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "aten::pow.Tensor_Scalar_out";
  EMBER_TRY(expect_count(kOp, args, 4));
  EMBER_TRY_ASSIGN(double exponent, scalar_arg(kOp, args, 1));
  const float e = static_cast<float>(exponent);
  return map_float(kOp, args, 2, [=](float x) { return std::pow(x, e); });
}

}  // namespace ember::kernels
