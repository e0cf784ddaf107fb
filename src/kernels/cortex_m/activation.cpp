// quantized_activation: any int8 -> int8 function as a 256-entry table built ahead
// of time (sigmoid, tanh, silu, ...): out = lut[x + 128].
#include "kernels/cortex_m/args.h"
#include "kernels/cortex_m/cortex_m_kernels.h"
#include "kernels/cortex_m/ops.h"

namespace ember::kernels::cortex_m {

void lookup_reference(const int8_t* lut, const int8_t* in, int8_t* out, size_t n) {
  for (size_t i = 0; i < n; ++i) out[i] = lut[in[i] + 128];
}

#if defined(__ARM_FEATURE_MVE)
// x + 128 as an unsigned byte is x with its top bit flipped: sixteen table reads per gather.
void lookup_mve(const int8_t* lut, const int8_t* in, int8_t* out, size_t n) {
  for (size_t i = 0; i < n; i += 16) {
    const mve_pred16_t lanes = vctp8q(static_cast<uint32_t>(n - i));
    const uint8x16_t index = veorq_u8(vreinterpretq_u8_s8(vldrbq_z_s8(in + i, lanes)), vdupq_n_u8(0x80));
    vstrbq_p_s8(out + i, vldrbq_gather_offset_z_s8(lut, index, lanes), lanes);
  }
}
void lookup(const int8_t* lut, const int8_t* in, int8_t* out, size_t n) { lookup_mve(lut, in, out, n); }
#else
void lookup(const int8_t* lut, const int8_t* in, int8_t* out, size_t n) { lookup_reference(lut, in, out, n); }
#endif

// (input, lut, *, out)
Error quantized_activation_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "cortex_m::quantized_activation.out";
  EMBER_TRY(expect_count(kOp, args, 4));
  EMBER_TRY_ASSIGN(Tensor* input, tensor_arg(kOp, args, 0));
  EMBER_TRY_ASSIGN(Tensor* lut, tensor_arg(kOp, args, 1));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(kOp, args, 2));
  EMBER_TRY(expect_elementwise(kOp, *input, ScalarType::Char, *out, ScalarType::Char));
  if (lut->dtype != ScalarType::Char || lut->numel() != 256) return bad_argument(kOp, 1, "is not 256 int8 values");
  lookup(lut->data_as<const int8_t>(), input->data_as<const int8_t>(), out->data_as<int8_t>(), input->numel());
  return Error::Ok;
}

}  // namespace ember::kernels::cortex_m
