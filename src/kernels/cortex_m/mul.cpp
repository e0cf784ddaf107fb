// quantized_mul (CMSIS-NN arm_elementwise_mul_s8): (a - zp_a)(b - zp_b) requantized,
// zp added, clamped to int8.
#include "kernels/cortex_m/args.h"
#include "kernels/cortex_m/broadcast.h"
#include "kernels/cortex_m/cortex_m_kernels.h"
#include "kernels/cortex_m/ops.h"
#include "kernels/cortex_m/requantize.h"

namespace ember::kernels::cortex_m {

void mul_reference(const Mul& p, const int8_t* a, const int8_t* b, size_t b_step, int8_t* out, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    const int32_t product = (a[i] - p.a_zero_point) * (b[i * b_step] - p.b_zero_point);
    const int32_t v = requantize(product, p.output_multiplier, p.output_shift) + p.output_zero_point;
    out[i] = static_cast<int8_t>(clamp(v, INT8_MIN, INT8_MAX));
  }
}

#if defined(__ARM_FEATURE_MVE)
namespace {

// The parameters are read into locals first: the int8 stores could alias them, and
// GCC would reload each one every iteration. Whole vectors run unpredicated; the
// last partial one under a predicate.
template <bool kBroadcast>
void mul_mve_loop(const Mul& p, const int8_t* a, const int8_t* b, int8_t* out, size_t n) {
  const int32_t a_zero_point = p.a_zero_point;
  const int32_t b_zero_point = p.b_zero_point;
  const int32_t multiplier = p.output_multiplier;
  const int32_t zero_point = p.output_zero_point;
  const int32x4_t left = vdupq_n_s32(p.output_shift > 0 ? p.output_shift : 0);
  const int32x4_t right = vdupq_n_s32(p.output_shift > 0 ? 0 : -p.output_shift);
  const int32x4_t b_scalar = vdupq_n_s32(b[0] - b_zero_point);
  auto product = [&](int32x4_t va, int32x4_t vb) {
    const int32x4_t high = vqrdmulhq_n_s32(vshlq_s32(vmulq_s32(vsubq_n_s32(va, a_zero_point), vb), left), multiplier);
    return clamp_mve(vaddq_n_s32(rounding_divide_by_power_of_two_mve(high, right), zero_point), INT8_MIN, INT8_MAX);
  };
  for (size_t blocks = n / 4; blocks > 0; --blocks, a += 4, b += 4, out += 4) {
    const int32x4_t vb = kBroadcast ? b_scalar : vsubq_n_s32(vldrbq_s32(b), b_zero_point);
    vstrbq_s32(out, product(vldrbq_s32(a), vb));
  }
  if (n % 4) {
    const mve_pred16_t lanes = vctp32q(static_cast<uint32_t>(n % 4));
    const int32x4_t vb = kBroadcast ? b_scalar : vsubq_n_s32(vldrbq_z_s32(b, lanes), b_zero_point);
    vstrbq_p_s32(out, product(vldrbq_z_s32(a, lanes), vb), lanes);
  }
}

}  // namespace

void mul_mve(const Mul& p, const int8_t* a, const int8_t* b, size_t b_step, int8_t* out, size_t n) {
  if (b_step) {
    mul_mve_loop<false>(p, a, b, out, n);
  } else {
    mul_mve_loop<true>(p, a, b, out, n);
  }
}
void mul(const Mul& p, const int8_t* a, const int8_t* b, size_t b_step, int8_t* out, size_t n) {
  mul_mve(p, a, b, b_step, out, n);
}
#else
void mul(const Mul& p, const int8_t* a, const int8_t* b, size_t b_step, int8_t* out, size_t n) {
  mul_reference(p, a, b, b_step, out, n);
}
#endif

// (self, self_zero_point, other, other_zero_point, output_zero_point,
//  output_multiplier, output_shift, *, out)
Error quantized_mul_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "cortex_m::quantized_mul.out";
  EMBER_TRY(expect_count(kOp, args, 9));
  EMBER_TRY_ASSIGN(Tensor* self, tensor_arg(kOp, args, 0));
  EMBER_TRY_ASSIGN(Tensor* other, tensor_arg(kOp, args, 2));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(kOp, args, 7));
  Mul p{};
  EMBER_TRY_ASSIGN(p.a_zero_point, int32_arg(kOp, args, 1));
  EMBER_TRY_ASSIGN(p.b_zero_point, int32_arg(kOp, args, 3));
  EMBER_TRY_ASSIGN(p.output_zero_point, int32_arg(kOp, args, 4));
  EMBER_TRY_ASSIGN(p.output_multiplier, int32_arg(kOp, args, 5));
  EMBER_TRY_ASSIGN(p.output_shift, int32_arg(kOp, args, 6));
  // Zero points as far as int16 keep (a - zp_a)(b - zp_b) exact in int32 (< 2^30):
  // upstream's Cortex-M flow gives a squeeze-excite's hardsigmoid operand -737 to -1666.
  if (!valid_requantization(p.output_multiplier, p.output_shift) || p.a_zero_point < INT16_MIN ||
      p.a_zero_point > INT16_MAX || p.b_zero_point < INT16_MIN || p.b_zero_point > INT16_MAX) {
    return bad_argument(kOp, 5, "or a zero point is out of range");
  }
  Mul swapped = p;
  swapped.a_zero_point = p.b_zero_point;
  swapped.b_zero_point = p.a_zero_point;
  return for_each_run(kOp, *self, *other, *out, [&](const BinaryRun& r) {
    mul(r.swapped ? swapped : p, r.a, r.b, r.b_step, r.out, r.n);
  });
}

}  // namespace ember::kernels::cortex_m
