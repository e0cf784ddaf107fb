// quantize_per_tensor.out (quantized_decomposed:: and cortex_m::):
// (input, scale, zero_point, quant_min, quant_max, dtype, *, out) -> out
#include "kernels/common/kernel_args.h"
#include "kernels/quantized/quantize_arithmetic.h"
#include "kernels/quantized/quantized_kernels.h"

#if defined(__ARM_FEATURE_MVE)
#include <arm_mve.h>
#endif

namespace ember::kernels {

void quantize_int8_reference(const float* in, int8_t* out, size_t n, float inverse_scale, int32_t zero_point,
                             int32_t quant_min, int32_t quant_max) {
  for (size_t i = 0; i < n; ++i) {
    out[i] = static_cast<int8_t>(quantize_value(in[i], inverse_scale, zero_point, quant_min, quant_max));
  }
}

#if defined(__ARM_FEATURE_MVE)
void quantize_int8_mve(const float* in, int8_t* out, size_t n, float inverse_scale, int32_t zero_point,
                       int32_t quant_min, int32_t quant_max) {
  const int32_t nan_value = zero_point < quant_min ? quant_min : (zero_point > quant_max ? quant_max : zero_point);
  const float zp = static_cast<float>(zero_point);
  const float32x4_t lo = vdupq_n_f32(static_cast<float>(quant_min));
  const float32x4_t hi = vdupq_n_f32(static_cast<float>(quant_max));
  const int32x4_t nan_values = vdupq_n_s32(nan_value);
  for (size_t i = 0; i < n; i += 4) {
    const mve_pred16_t p = vctp32q(static_cast<uint32_t>(n - i));
    const float32x4_t q = vaddq_n_f32(vrndnq_f32(vmulq_n_f32(vldrwq_z_f32(in + i, p), inverse_scale)), zp);
    const mve_pred16_t nan = vcmpneq_f32(q, q);
    const int32x4_t value = vcvtq_s32_f32(vminnmq_f32(vmaxnmq_f32(q, lo), hi));  // whole numbers in range: exact
    vstrbq_p_s32(out + i, vpselq_s32(nan_values, value, nan), p);
  }
}
void quantize_int8(const float* in, int8_t* out, size_t n, float inverse_scale, int32_t zero_point,
                   int32_t quant_min, int32_t quant_max) {
  quantize_int8_mve(in, out, n, inverse_scale, zero_point, quant_min, quant_max);
}
#else
void quantize_int8(const float* in, int8_t* out, size_t n, float inverse_scale, int32_t zero_point,
                   int32_t quant_min, int32_t quant_max) {
  quantize_int8_reference(in, out, n, inverse_scale, zero_point, quant_min, quant_max);
}
#endif

namespace {

constexpr const char* kOp = "quantize_per_tensor.out";

template <typename Q>
void quantize_all(const float* in, Q* out, size_t n, float inverse_scale, int32_t zp, int64_t qmin, int64_t qmax) {
  for (size_t i = 0; i < n; ++i) out[i] = static_cast<Q>(quantize_value(in[i], inverse_scale, zp, qmin, qmax));
}

struct Range {
  int64_t min;
  int64_t max;
};

bool dtype_range(ScalarType t, Range* range) {
  switch (t) {
    case ScalarType::Char: *range = {-128, 127}; return true;
    case ScalarType::Byte: *range = {0, 255}; return true;
    case ScalarType::Short: *range = {-32768, 32767}; return true;
    case ScalarType::UInt16: case ScalarType::Bits16: *range = {0, 65535}; return true;
    case ScalarType::Int: *range = {INT32_MIN, INT32_MAX}; return true;
    default: return false;
  }
}

}  // namespace

Error quantize_per_tensor_out(KernelContext&, Span<EValue*> args) {
  EMBER_TRY(expect_count(kOp, args, 8));
  EMBER_TRY_ASSIGN(Tensor* input, tensor_arg(kOp, args, 0));
  EMBER_TRY_ASSIGN(double scale, scalar_arg(kOp, args, 1));
  EMBER_TRY_ASSIGN(int64_t zero_point, int_arg(kOp, args, 2));
  EMBER_TRY_ASSIGN(int64_t quant_min, int_arg(kOp, args, 3));
  EMBER_TRY_ASSIGN(int64_t quant_max, int_arg(kOp, args, 4));
  EMBER_TRY_ASSIGN(int64_t dtype, int_arg(kOp, args, 5));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(kOp, args, 6));
  EMBER_TRY(expect_elementwise(kOp, *input, ScalarType::Float, *out, out->dtype));
  Range range;
  if (static_cast<int64_t>(out->dtype) != dtype || !dtype_range(out->dtype, &range)) {
    EMBER_LOG_ERROR("%s: out is %s, dtype argument %lld: unsupported or inconsistent", kOp,
                    to_string(out->dtype), static_cast<long long>(dtype));
    return Error::InvalidType;
  }
  if (!(scale > 0.0) || !std::isfinite(scale) || quant_min > quant_max || quant_min < range.min ||
      quant_max > range.max || zero_point < INT32_MIN || zero_point > INT32_MAX) {
    EMBER_LOG_ERROR("%s: scale %g, zero point %lld, range [%lld, %lld] are invalid for %s", kOp, scale,
                    static_cast<long long>(zero_point), static_cast<long long>(quant_min),
                    static_cast<long long>(quant_max), to_string(out->dtype));
    return Error::InvalidArgument;
  }
  const float inverse_scale = 1.0f / static_cast<float>(scale);
  const auto zp = static_cast<int32_t>(zero_point);
  const float* in = input->data_as<float>();
  const size_t n = input->numel();
  switch (out->dtype) {
    case ScalarType::Char:
      quantize_int8(in, out->data_as<int8_t>(), n, inverse_scale, zp, static_cast<int32_t>(quant_min),
                    static_cast<int32_t>(quant_max));
      break;
    case ScalarType::Byte: quantize_all(in, out->data_as<uint8_t>(), n, inverse_scale, zp, quant_min, quant_max); break;
    case ScalarType::Short: quantize_all(in, out->data_as<int16_t>(), n, inverse_scale, zp, quant_min, quant_max); break;
    case ScalarType::Int: quantize_all(in, out->data_as<int32_t>(), n, inverse_scale, zp, quant_min, quant_max); break;
    default: quantize_all(in, out->data_as<uint16_t>(), n, inverse_scale, zp, quant_min, quant_max); break;
  }
  return Error::Ok;
}

}  // namespace ember::kernels
