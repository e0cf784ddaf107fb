// dequantize_per_channel.out: (input, scales, zero_points?, axis, quant_min,
// quant_max, dtype, *, [out_dtype], out) -> out (the
// returned out is the last argument). Weights the NPU declined (a conv
// left on the CPU) reach the portable kernels through this op.
//
// Rounding as upstream's kernels/quantized/cpu/op_dequantize.cpp: (q - zp) *
// float(scale), in float (checked bit for bit by tests/kernels/test_quantize_parity.py).
#include "kernels/common/kernel_args.h"
#include "kernels/quantized/quantized_kernels.h"

namespace ember::kernels {
namespace {

constexpr const char* kOp = "dequantize_per_channel.out";

// Scales are double (torch's default) or float (upstream's Arm quantizer), zero
// points long or int.
struct Channels {
  const Tensor& scales;
  const Tensor* zero_points;  // nullptr: every zero point is 0
  size_t stride;              // elements between channels in memory
  size_t count;

  float scale(size_t c) const {
    return scales.dtype == ScalarType::Double ? static_cast<float>(scales.data_as<double>()[c])
                                              : scales.data_as<float>()[c];
  }
  int64_t zero_point(size_t c) const {
    if (!zero_points) return 0;
    return zero_points->dtype == ScalarType::Long ? zero_points->data_as<int64_t>()[c]
                                                  : zero_points->data_as<int32_t>()[c];
  }
};

template <typename Q>
void dequantize_all(const Q* in, float* out, size_t n, const Channels& c) {
  for (size_t i = 0; i < n; ++i) {
    const size_t channel = (i / c.stride) % c.count;
    const int64_t q = static_cast<int64_t>(in[i]) - c.zero_point(channel);
    out[i] = static_cast<float>(q) * c.scale(channel);
  }
}

// Elements between neighbours along `axis` in memory, from the dim order.
size_t memory_stride(const Tensor& t, uint32_t axis) {
  size_t stride = 1;
  for (uint32_t i = t.rank; i-- > 0;) {
    const uint32_t d = t.dim_order ? t.dim_order[i] : i;
    if (d == axis) break;
    stride *= static_cast<size_t>(t.sizes[d]);
  }
  return stride;
}

}  // namespace

Error dequantize_per_channel_out(KernelContext&, Span<EValue*> args) {
  if (args.size != 9 && args.size != 10) return expect_count(kOp, args, 10);
  EMBER_TRY_ASSIGN(Tensor* input, tensor_arg(kOp, args, 0));
  EMBER_TRY_ASSIGN(Tensor* scales, tensor_arg(kOp, args, 1));
  EMBER_TRY_ASSIGN(Tensor* zero_points, optional_tensor_arg(kOp, args, 2));
  EMBER_TRY_ASSIGN(int64_t axis, int_arg(kOp, args, 3));
  EMBER_TRY_ASSIGN(int64_t dtype, int_arg(kOp, args, 6));
  if (args.size == 10 && !args[7]->is_none()) {
    EMBER_TRY_ASSIGN(int64_t out_dtype, int_arg(kOp, args, 7));
    if (out_dtype != static_cast<int64_t>(ScalarType::Float)) {
      EMBER_LOG_ERROR("%s: out_dtype %lld is not supported (float only)", kOp, static_cast<long long>(out_dtype));
      return Error::NotSupported;
    }
  }
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(kOp, args, args.size - 2));
  EMBER_TRY(expect_elementwise(kOp, *input, input->dtype, *out, ScalarType::Float));
  if (static_cast<int64_t>(input->dtype) != dtype) {
    EMBER_LOG_ERROR("%s: input is %s but dtype argument is %lld", kOp, to_string(input->dtype),
                    static_cast<long long>(dtype));
    return Error::InvalidType;
  }
  const auto rank = static_cast<int64_t>(input->rank);
  if (rank == 0 || axis < -rank || axis >= rank) return bad_argument(kOp, 3, "is not a dim of the input");
  if (axis < 0) axis += rank;
  const auto channels = static_cast<size_t>(input->sizes[axis]);
  if ((scales->dtype != ScalarType::Double && scales->dtype != ScalarType::Float) || scales->numel() != channels) {
    return bad_argument(kOp, 1, "is not a double or float tensor with one scale per channel");
  }
  if (zero_points && ((zero_points->dtype != ScalarType::Long && zero_points->dtype != ScalarType::Int) ||
                      zero_points->numel() != channels)) {
    return bad_argument(kOp, 2, "is not a long or int tensor with one zero point per channel");
  }
  const Channels c{*scales, zero_points, memory_stride(*input, static_cast<uint32_t>(axis)), channels};
  float* o = out->data_as<float>();
  const size_t n = input->numel();
  switch (input->dtype) {
    case ScalarType::Char: dequantize_all(input->data_as<int8_t>(), o, n, c); break;
    case ScalarType::Byte: dequantize_all(input->data_as<uint8_t>(), o, n, c); break;
    case ScalarType::Short: dequantize_all(input->data_as<int16_t>(), o, n, c); break;
    case ScalarType::Int: dequantize_all(input->data_as<int32_t>(), o, n, c); break;
    default:
      EMBER_LOG_ERROR("%s: input dtype %s is not supported", kOp, to_string(input->dtype));
      return Error::InvalidType;
  }
  return Error::Ok;
}

}  // namespace ember::kernels
