// softmax (CMSIS-NN arm_softmax_s8, TFLite's int8 softmax): fixed-point exp of
// (x - max) scaled to Q5.26, the sum in Q12, its reciprocal by Newton-Raphson, and
// the output in 1/256 steps from -128. Upstream's Python reference computes this in
// float; the two may differ by one step.
#include "kernels/cortex_m/args.h"
#include "kernels/cortex_m/cortex_m_kernels.h"
#include "kernels/cortex_m/ops.h"
#include "kernels/cortex_m/requantize.h"

namespace ember::kernels::cortex_m {

namespace {

constexpr int32_t kAccumulatorBits = 12;

// Saturating x * 2^exponent.
inline int32_t multiply_by_power_of_two(int32_t x, int32_t exponent) {
  const int32_t threshold = static_cast<int32_t>((int64_t{1} << (31 - exponent)) - 1);
  if (x > threshold) return INT32_MAX;
  if (x < -threshold) return INT32_MIN;
  return static_cast<int32_t>(static_cast<uint32_t>(x) << exponent);
}

inline int32_t saturating_doubling_high_multiply(int32_t a, int32_t b) {
  if (a == INT32_MIN && b == INT32_MIN) return INT32_MAX;
  return doubling_high_multiply(a, b);
}

// exp(x) for x <= 0 in Q5.26, result in Q0.31 (gemmlowp's exp_on_negative_values):
// a Taylor polynomial on [-1/4, 0) times exp(-2^k) for each whole part bit.
int32_t exp_on_negative_values(int32_t x) {
  constexpr int32_t kQuarterShift = 24;
  const int32_t x_mod_quarter_minus_quarter = (x & ((1 << kQuarterShift) - 1)) - (1 << kQuarterShift);
  const int32_t remainder = x_mod_quarter_minus_quarter - x;
  const int32_t t = static_cast<int32_t>(static_cast<uint32_t>(x_mod_quarter_minus_quarter) << 5) + (1 << 28);
  const int32_t t2 = saturating_doubling_high_multiply(t, t);
  constexpr int32_t kExpMinusEighth = 1895147668;
  constexpr int32_t kOneThird = 715827883;
  const int32_t polynomial = rounding_divide_by_power_of_two(
      saturating_doubling_high_multiply(
          rounding_divide_by_power_of_two(saturating_doubling_high_multiply(t2, t2), 2) +
              saturating_doubling_high_multiply(t2, t),
          kOneThird) +
          t2,
      1);
  int32_t result = kExpMinusEighth + saturating_doubling_high_multiply(kExpMinusEighth, t + polynomial);
  // exp(-1/4), exp(-1/2), exp(-1), exp(-2), exp(-4), exp(-8), exp(-16) in Q0.31
  static constexpr int32_t kExpOfMinusPowerOfTwo[7] = {1672461947, 1302514674, 790015084, 290630308,
                                                       39332535,   720401,     242};
  for (int32_t bit = 0; bit < 7; ++bit) {
    if (remainder & (1 << (kQuarterShift + bit))) {
      result = saturating_doubling_high_multiply(result, kExpOfMinusPowerOfTwo[bit]);
    }
  }
  return x == 0 ? INT32_MAX : result;
}

// 1 / (1 + x) for x in [0, 1) in Q0.31, result in Q1.30 scaled by 2 (three Newton steps).
int32_t one_over_one_plus_x(int32_t x) {
  const int64_t sum = static_cast<int64_t>(x) + INT32_MAX;
  const auto half_denominator = static_cast<int32_t>((sum + (sum >= 0 ? 1 : -1)) / 2);
  int32_t estimate = 1515870810 + saturating_doubling_high_multiply(half_denominator, -1010580540);
  constexpr int32_t kOne = 1 << 29;  // 1.0 in Q2.29
  for (int i = 0; i < 3; ++i) {
    const int32_t error = kOne - saturating_doubling_high_multiply(half_denominator, estimate);
    estimate += multiply_by_power_of_two(saturating_doubling_high_multiply(estimate, error), 2);
  }
  return multiply_by_power_of_two(estimate, 1);
}

inline int32_t scaled_difference(int32_t diff, const Softmax& a) {
  return saturating_doubling_high_multiply(diff * (1 << a.input_shift), a.input_multiplier);
}

void softmax_row(const Softmax& a, const int8_t* in, int8_t* out, int32_t max) {
  int32_t sum = 0;
  for (int32_t col = 0; col < a.row_size; ++col) {
    const int32_t diff = in[col] - max;
    if (diff >= a.diff_min) {
      sum += rounding_divide_by_power_of_two(exp_on_negative_values(scaled_difference(diff, a)), kAccumulatorBits);
    }
  }
  const int32_t headroom = sum > 0 ? __builtin_clz(static_cast<uint32_t>(sum)) : 32;
  const uint32_t normalized = sum > 0 ? static_cast<uint32_t>(sum) << headroom : 0;
  const int32_t scale = one_over_one_plus_x(static_cast<int32_t>(normalized - 0x80000000u));
  const int32_t bits_over_unit = kAccumulatorBits - headroom + 23;
  for (int32_t col = 0; col < a.row_size; ++col) {
    const int32_t diff = in[col] - max;
    if (diff >= a.diff_min) {
      const int32_t e = exp_on_negative_values(scaled_difference(diff, a));
      const int32_t v = rounding_divide_by_power_of_two(saturating_doubling_high_multiply(scale, e), bits_over_unit);
      out[col] = static_cast<int8_t>(clamp(v - 128, INT8_MIN, INT8_MAX));
    } else {
      out[col] = INT8_MIN;
    }
  }
}

}  // namespace

void softmax_reference(const Softmax& a) {
  for (int32_t r = 0; r < a.rows; ++r) {
    const int8_t* in = a.input + static_cast<size_t>(r) * a.row_size;
    int32_t max = in[0];
    for (int32_t col = 1; col < a.row_size; ++col) max = in[col] > max ? in[col] : max;
    softmax_row(a, in, a.output + static_cast<size_t>(r) * a.row_size, max);
  }
}

#if defined(__ARM_FEATURE_MVE)
namespace {

// The same fixed-point steps four lanes at a time: VQRDMULH is the saturating
// doubling high multiply, and the power-of-two factors are selected per lane.
int32x4_t exp_on_negative_values_mve(int32x4_t x) {
  constexpr int32_t kQuarterShift = 24;
  const int32x4_t x_mod_quarter_minus_quarter =
      vsubq_n_s32(vandq_s32(x, vdupq_n_s32((1 << kQuarterShift) - 1)), 1 << kQuarterShift);
  const int32x4_t remainder = vsubq_s32(x_mod_quarter_minus_quarter, x);
  const int32x4_t t = vaddq_n_s32(vshlq_n_s32(x_mod_quarter_minus_quarter, 5), 1 << 28);
  const int32x4_t t2 = vqrdmulhq_s32(t, t);
  const int32x4_t one = vdupq_n_s32(1), two = vdupq_n_s32(2);
  const int32x4_t polynomial = rounding_divide_by_power_of_two_mve(
      vaddq_s32(vqrdmulhq_n_s32(vaddq_s32(rounding_divide_by_power_of_two_mve(vqrdmulhq_s32(t2, t2), two),
                                          vqrdmulhq_s32(t2, t)),
                                715827883),
                t2),
      one);
  int32x4_t result = vaddq_n_s32(vqrdmulhq_n_s32(vaddq_s32(t, polynomial), 1895147668), 1895147668);
  static constexpr int32_t kExpOfMinusPowerOfTwo[7] = {1672461947, 1302514674, 790015084, 290630308,
                                                       39332535,   720401,     242};
  for (int32_t bit = 0; bit < 7; ++bit) {
    const mve_pred16_t set = vcmpneq_n_s32(vandq_s32(remainder, vdupq_n_s32(1 << (kQuarterShift + bit))), 0);
    result = vpselq_s32(vqrdmulhq_n_s32(result, kExpOfMinusPowerOfTwo[bit]), result, set);
  }
  return vpselq_s32(vdupq_n_s32(INT32_MAX), result, vcmpeqq_n_s32(x, 0));
}

}  // namespace

void softmax_mve(const Softmax& a) {
  const int32x4_t shift = vdupq_n_s32(a.input_shift);
  const int32x4_t accumulator_bits = vdupq_n_s32(kAccumulatorBits);
  for (int32_t r = 0; r < a.rows; ++r) {
    const int8_t* in = a.input + static_cast<size_t>(r) * a.row_size;
    int8_t* out = a.output + static_cast<size_t>(r) * a.row_size;
    int8_t max = INT8_MIN;
    for (int32_t col = 0; col < a.row_size; col += 16) {
      const mve_pred16_t lanes = vctp8q(static_cast<uint32_t>(a.row_size - col));
      max = vmaxvq_p_s8(max, vldrbq_z_s8(in + col, lanes), lanes);
    }
    int32_t sum = 0;
    for (int32_t col = 0; col < a.row_size; col += 4) {
      const mve_pred16_t lanes = vctp32q(static_cast<uint32_t>(a.row_size - col));
      const int32x4_t diff = vsubq_n_s32(vldrbq_z_s32(in + col, lanes), max);
      const mve_pred16_t counted = vcmpgeq_m_n_s32(diff, a.diff_min, lanes);
      const int32x4_t e = exp_on_negative_values_mve(vqrdmulhq_n_s32(vshlq_s32(diff, shift), a.input_multiplier));
      sum = vaddvaq_p_s32(sum, rounding_divide_by_power_of_two_mve(e, accumulator_bits), counted);
    }
    const int32_t headroom = sum > 0 ? __builtin_clz(static_cast<uint32_t>(sum)) : 32;
    const uint32_t normalized = sum > 0 ? static_cast<uint32_t>(sum) << headroom : 0;
    const int32_t scale = one_over_one_plus_x(static_cast<int32_t>(normalized - 0x80000000u));
    const int32x4_t bits_over_unit = vdupq_n_s32(kAccumulatorBits - headroom + 23);
    for (int32_t col = 0; col < a.row_size; col += 4) {
      const mve_pred16_t lanes = vctp32q(static_cast<uint32_t>(a.row_size - col));
      const int32x4_t diff = vsubq_n_s32(vldrbq_z_s32(in + col, lanes), max);
      const mve_pred16_t counted = vcmpgeq_n_s32(diff, a.diff_min);
      const int32x4_t e = exp_on_negative_values_mve(vqrdmulhq_n_s32(vshlq_s32(diff, shift), a.input_multiplier));
      int32x4_t v = vsubq_n_s32(rounding_divide_by_power_of_two_mve(vqrdmulhq_n_s32(e, scale), bits_over_unit), 128);
      v = vpselq_s32(clamp_mve(v, INT8_MIN, INT8_MAX), vdupq_n_s32(INT8_MIN), counted);
      vstrbq_p_s32(out + col, v, lanes);
    }
  }
}
void softmax(const Softmax& a) { softmax_mve(a); }
#else
void softmax(const Softmax& a) { softmax_reference(a); }
#endif

// (input, dim, input_zero_point, output_zero_point, input_multiplier, input_shift,
//  diff_min, *, out)
Error softmax_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "cortex_m::softmax.out";
  EMBER_TRY(expect_count(kOp, args, 9));
  EMBER_TRY_ASSIGN(Tensor* input, tensor_arg(kOp, args, 0));
  EMBER_TRY_ASSIGN(int64_t dim, int_arg(kOp, args, 1));
  EMBER_TRY_ASSIGN(int64_t output_zp, int_arg(kOp, args, 3));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(kOp, args, 7));
  EMBER_TRY(expect_elementwise(kOp, *input, ScalarType::Char, *out, ScalarType::Char));
  if (dim < 0) dim += input->rank;
  if (input->rank == 0 || dim < 0 || dim >= input->rank) return bad_argument(kOp, 1, "is not a dimension");
  const uint32_t innermost = input->dim_order ? input->dim_order[input->rank - 1] : input->rank - 1;
  if (static_cast<uint32_t>(dim) != innermost && input->sizes[dim] != static_cast<int32_t>(input->numel())) {
    EMBER_LOG_ERROR("%s: the softmax dimension must be innermost in memory", kOp);
    return Error::NotSupported;
  }
  if (output_zp != INT8_MIN) return bad_argument(kOp, 3, "is not -128 (output scale 1/256)");
  Softmax a{};
  a.row_size = input->sizes[dim];
  a.rows = a.row_size > 0 ? static_cast<int32_t>(input->numel() / static_cast<size_t>(a.row_size)) : 0;
  EMBER_TRY_ASSIGN(a.input_multiplier, int32_arg(kOp, args, 4));
  EMBER_TRY_ASSIGN(a.input_shift, int32_arg(kOp, args, 5));
  EMBER_TRY_ASSIGN(a.diff_min, int32_arg(kOp, args, 6));
  // diff << input_shift must hold in int32 for every counted diff (int8: -255 <= diff,
  // and diff_min <= diff <= 0), as CMSIS-NN's arm_softmax_s8 computes it (a large input
  // scale gives shift 24: a softmax of x @ x^T, CPU difftest seed 19 graph 2 of the u85
  // flavour)
  const int64_t lowest_diff = a.diff_min > -255 ? a.diff_min : -255;
  if (a.input_multiplier < 0 || a.input_shift < 0 || a.input_shift > 30 || a.diff_min > 0 ||
      lowest_diff * (int64_t{1} << a.input_shift) < INT32_MIN) {
    return bad_argument(kOp, 4, "or input_shift is outside what the fixed-point exp takes");
  }
  a.input = input->data_as<const int8_t>();
  a.output = out->data_as<int8_t>();
  softmax(a);
  return Error::Ok;
}

}  // namespace ember::kernels::cortex_m
