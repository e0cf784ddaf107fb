// quantized_add (CMSIS-NN arm_elementwise_add_s8): each input's (x - zp) << 20 is
// rescaled to a common scale, the sum rescaled to the output's, zp added, clamped.
#include "kernels/cortex_m/args.h"
#include "kernels/cortex_m/broadcast.h"
#include "kernels/cortex_m/cortex_m_kernels.h"
#include "kernels/cortex_m/ops.h"
#include "kernels/cortex_m/requantize.h"

namespace ember::kernels::cortex_m {

void add_reference(const Add& p, const int8_t* a, const int8_t* b, size_t b_step, int8_t* out, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    const int32_t x = requantize((a[i] - p.a_zero_point) << kAddLeftShift, p.a_multiplier, p.a_shift);
    const int32_t y = requantize((b[i * b_step] - p.b_zero_point) << kAddLeftShift, p.b_multiplier, p.b_shift);
    const int32_t sum = requantize(x + y, p.output_multiplier, p.output_shift) + p.output_zero_point;
    out[i] = static_cast<int8_t>(clamp(sum, p.activation_min, p.activation_max));
  }
}

#if defined(__ARM_FEATURE_MVE)
namespace {

// The usual case: every shift is a right shift (scales below one), so the
// requantizations need no left shift; the exponents stay in registers.
template <bool kBroadcast>
void add_right_shifts_mve(const Add& p, const int8_t* a, const int8_t* b, int8_t* out, size_t n) {
  const int32x4_t a_exponent = vdupq_n_s32(-p.a_shift);
  const int32x4_t b_exponent = vdupq_n_s32(-p.b_shift);
  const int32x4_t out_exponent = vdupq_n_s32(-p.output_shift);
  const int32x4_t b_scalar = vdupq_n_s32(b[0]);
  for (size_t i = 0; i < n; i += 4) {
    const mve_pred16_t lanes = vctp32q(static_cast<uint32_t>(n - i));
    const int32x4_t va = vshlq_n_s32(vsubq_n_s32(vldrbq_z_s32(a + i, lanes), p.a_zero_point), kAddLeftShift);
    const int32x4_t vb = vshlq_n_s32(vsubq_n_s32(kBroadcast ? b_scalar : vldrbq_z_s32(b + i, lanes), p.b_zero_point),
                                     kAddLeftShift);
    const int32x4_t x = rounding_divide_by_power_of_two_mve(vqrdmulhq_n_s32(va, p.a_multiplier), a_exponent);
    const int32x4_t y = rounding_divide_by_power_of_two_mve(vqrdmulhq_n_s32(vb, p.b_multiplier), b_exponent);
    const int32x4_t sum = rounding_divide_by_power_of_two_mve(vqrdmulhq_n_s32(vaddq_s32(x, y), p.output_multiplier),
                                                              out_exponent);
    vstrbq_p_s32(out + i, clamp_mve(vaddq_n_s32(sum, p.output_zero_point), p.activation_min, p.activation_max), lanes);
  }
}

}  // namespace

void add_mve(const Add& p, const int8_t* a, const int8_t* b, size_t b_step, int8_t* out, size_t n) {
  if (p.a_shift <= 0 && p.b_shift <= 0 && p.output_shift <= 0) {
    if (b_step) {
      add_right_shifts_mve<false>(p, a, b, out, n);
    } else {
      add_right_shifts_mve<true>(p, a, b, out, n);
    }
    return;
  }
  const int32x4_t b_scalar = vdupq_n_s32(b[0]);
  for (size_t i = 0; i < n; i += 4) {
    const mve_pred16_t lanes = vctp32q(static_cast<uint32_t>(n - i));
    const int32x4_t va = vldrbq_z_s32(a + i, lanes);
    const int32x4_t vb = b_step ? vldrbq_z_s32(b + i, lanes) : b_scalar;
    const int32x4_t x = requantize_mve(vshlq_n_s32(vsubq_n_s32(va, p.a_zero_point), kAddLeftShift),
                                       p.a_multiplier, p.a_shift);
    const int32x4_t y = requantize_mve(vshlq_n_s32(vsubq_n_s32(vb, p.b_zero_point), kAddLeftShift),
                                       p.b_multiplier, p.b_shift);
    const int32x4_t sum = vaddq_n_s32(requantize_mve(vaddq_s32(x, y), p.output_multiplier, p.output_shift),
                                      p.output_zero_point);
    vstrbq_p_s32(out + i, clamp_mve(sum, p.activation_min, p.activation_max), lanes);
  }
}
void add(const Add& p, const int8_t* a, const int8_t* b, size_t b_step, int8_t* out, size_t n) {
  add_mve(p, a, b, b_step, out, n);
}
#else
void add(const Add& p, const int8_t* a, const int8_t* b, size_t b_step, int8_t* out, size_t n) {
  add_reference(p, a, b, b_step, out, n);
}
#endif

// (self, self_zero_point, self_multiplier, self_shift, other, other_zero_point,
//  other_multiplier, other_shift, output_zero_point, output_multiplier, output_shift,
//  activation_min, activation_max, *, out)
Error quantized_add_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "cortex_m::quantized_add.out";
  EMBER_TRY(expect_count(kOp, args, 15));
  EMBER_TRY_ASSIGN(Tensor* self, tensor_arg(kOp, args, 0));
  EMBER_TRY_ASSIGN(Tensor* other, tensor_arg(kOp, args, 4));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(kOp, args, 13));
  Add p{};
  EMBER_TRY_ASSIGN(p.a_zero_point, int32_arg(kOp, args, 1));
  EMBER_TRY_ASSIGN(p.a_multiplier, int32_arg(kOp, args, 2));
  EMBER_TRY_ASSIGN(p.a_shift, int32_arg(kOp, args, 3));
  EMBER_TRY_ASSIGN(p.b_zero_point, int32_arg(kOp, args, 5));
  EMBER_TRY_ASSIGN(p.b_multiplier, int32_arg(kOp, args, 6));
  EMBER_TRY_ASSIGN(p.b_shift, int32_arg(kOp, args, 7));
  EMBER_TRY_ASSIGN(p.output_zero_point, int32_arg(kOp, args, 8));
  EMBER_TRY_ASSIGN(p.output_multiplier, int32_arg(kOp, args, 9));
  EMBER_TRY_ASSIGN(p.output_shift, int32_arg(kOp, args, 10));
  EMBER_TRY_ASSIGN(p.activation_min, int32_arg(kOp, args, 11));
  EMBER_TRY_ASSIGN(p.activation_max, int32_arg(kOp, args, 12));
  EMBER_TRY(expect_activation_range(kOp, p.activation_min, p.activation_max));
  if (!valid_requantization(p.a_multiplier, p.a_shift) || !valid_requantization(p.b_multiplier, p.b_shift) ||
      !valid_requantization(p.output_multiplier, p.output_shift) || p.a_zero_point < -255 ||
      p.a_zero_point > 255 || p.b_zero_point < -255 || p.b_zero_point > 255) {
    return bad_argument(kOp, 1, "or another zero point / multiplier / shift is out of range");
  }
  Add swapped = p;
  swapped.a_zero_point = p.b_zero_point;
  swapped.a_multiplier = p.b_multiplier;
  swapped.a_shift = p.b_shift;
  swapped.b_zero_point = p.a_zero_point;
  swapped.b_multiplier = p.a_multiplier;
  swapped.b_shift = p.a_shift;
  return for_each_run(kOp, *self, *other, *out, [&](const BinaryRun& r) {
    add(r.swapped ? swapped : p, r.a, r.b, r.b_step, r.out, r.n);
  });
}

}  // namespace ember::kernels::cortex_m
