// dequantize_per_tensor.out: (input, scale, zero_point, quant_min, quant_max,
// dtype, *, [out_dtype (quantized_decomposed only)], out) -> out
#include "kernels/common/kernel_args.h"
#include "kernels/quantized/quantize_arithmetic.h"
#include "kernels/quantized/quantized_kernels.h"

namespace ember::kernels {
namespace {

constexpr const char* kOp = "dequantize_per_tensor.out";

template <typename Q>
void dequantize_all(const Q* in, float* out, size_t n, float scale, int32_t zp) {
  for (size_t i = 0; i < n; ++i) out[i] = dequantize_value(static_cast<int32_t>(in[i]), scale, zp);
}

}  // namespace

Error dequantize_per_tensor_out(KernelContext&, Span<EValue*> args) {
  if (args.size != 8 && args.size != 9) return expect_count(kOp, args, 9);
  const size_t out_index = args.size - 2;
  EMBER_TRY_ASSIGN(Tensor* input, tensor_arg(kOp, args, 0));
  EMBER_TRY_ASSIGN(double scale, scalar_arg(kOp, args, 1));
  EMBER_TRY_ASSIGN(int64_t zero_point, int_arg(kOp, args, 2));
  EMBER_TRY_ASSIGN(int64_t dtype, int_arg(kOp, args, 5));
  if (args.size == 9 && !args[6]->is_none()) {
    EMBER_TRY_ASSIGN(int64_t out_dtype, int_arg(kOp, args, 6));
    if (out_dtype != static_cast<int64_t>(ScalarType::Float)) {
      EMBER_LOG_ERROR("%s: out_dtype %lld is not supported (float only)", kOp, static_cast<long long>(out_dtype));
      return Error::NotSupported;
    }
  }
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(kOp, args, out_index));
  EMBER_TRY(expect_elementwise(kOp, *input, input->dtype, *out, ScalarType::Float));
  if (static_cast<int64_t>(input->dtype) != dtype) {
    EMBER_LOG_ERROR("%s: input is %s but dtype argument is %lld", kOp, to_string(input->dtype),
                    static_cast<long long>(dtype));
    return Error::InvalidType;
  }
  if (zero_point < INT32_MIN || zero_point > INT32_MAX) return bad_argument(kOp, 2, "is out of int32 range");
  const float s = static_cast<float>(scale);
  const auto zp = static_cast<int32_t>(zero_point);
  float* o = out->data_as<float>();
  const size_t n = input->numel();
  switch (input->dtype) {
    case ScalarType::Char: dequantize_all(input->data_as<int8_t>(), o, n, s, zp); break;
    case ScalarType::Byte: dequantize_all(input->data_as<uint8_t>(), o, n, s, zp); break;
    case ScalarType::Short: dequantize_all(input->data_as<int16_t>(), o, n, s, zp); break;
    case ScalarType::UInt16: case ScalarType::Bits16: dequantize_all(input->data_as<uint16_t>(), o, n, s, zp); break;
    case ScalarType::Int: dequantize_all(input->data_as<int32_t>(), o, n, s, zp); break;
    default:
      EMBER_LOG_ERROR("%s: input dtype %s is not supported", kOp, to_string(input->dtype));
      return Error::InvalidType;
  }
  return Error::Ok;
}

}  // namespace ember::kernels
