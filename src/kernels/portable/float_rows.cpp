#include "kernels/portable/float_rows.h"

#include <cstdint>

#include "kernels/portable/tensor_walk.h"

#if defined(__ARM_FEATURE_MVE)
#include <arm_mve.h>
#endif

namespace ember::kernels {

namespace {

float binary_scalar(RowOp op, float k, float x, float y) {
  switch (op) {
    case RowOp::kAddScaled: return x + k * y;
    case RowOp::kSubScaled: return x - k * y;
    case RowOp::kMaximum: return max_propagate_nan(x, y);
    case RowOp::kMinimum: return x != x ? x : y != y ? y : (x < y ? x : y);
    case RowOp::kMul: break;
  }
  return x * y;
}

}  // namespace

void binary_row_reference(const BinaryRow& r) {
  for (size_t c = 0; c < r.count; ++c) r.out[c] = binary_scalar(r.op, r.k, r.x[c * r.x_step], r.y[c * r.y_step]);
}

void affine_row_reference(const AffineRow& r) {
  for (size_t c = 0; c < r.count; ++c) r.out[c] = affine(r.x[c], r.mean, r.scale, r.weight, r.bias);
}

void clamp_row_reference(const ClampRow& r) {
  for (size_t c = 0; c < r.count; ++c) r.out[c] = min_propagate_nan(max_propagate_nan(r.x[c], r.lo), r.hi);
}

void row_sums_reference(const RowSums& r) {
  for (size_t row = 0; row < r.rows; ++row) {
    float acc = 0.0f;
    for (size_t k = 0; k < r.n; ++k) acc += r.x[row * r.n + k];
    r.out[row] = acc;
  }
}

#if defined(__ARM_FEATURE_MVE)
namespace {

template <RowOp kOp>
float32x4_t binary_vector(float32x4_t a, float32x4_t b, float k) {
  if constexpr (kOp == RowOp::kAddScaled) return vaddq_f32(a, vmulq_n_f32(b, k));
  if constexpr (kOp == RowOp::kSubScaled) return vsubq_f32(a, vmulq_n_f32(b, k));
  if constexpr (kOp == RowOp::kMul) return vmulq_f32(a, b);
  if constexpr (kOp == RowOp::kMaximum || kOp == RowOp::kMinimum) {
    // a < b ? b : a (maximum) or a < b ? a : b (minimum); then b's NaN, then a's
    const mve_pred16_t less = vcmpltq_f32(a, b);
    float32x4_t v = kOp == RowOp::kMaximum ? vpselq_f32(b, a, less) : vpselq_f32(a, b, less);
    v = vpselq_f32(b, v, vcmpneq_f32(b, b));
    return vpselq_f32(a, v, vcmpneq_f32(a, a));
  }
}

// x < lo ? lo : x, then v > hi ? hi : v, then a NaN x itself: a vector compare's
// LT condition (N != V) holds for unordered operands.
float32x4_t clamp_vector(float32x4_t x, float lo, float hi) {
  float32x4_t v = vpselq_f32(vdupq_n_f32(lo), x, vcmpltq_n_f32(x, lo));
  v = vpselq_f32(vdupq_n_f32(hi), v, vcmpgtq_n_f32(v, hi));
  return vpselq_f32(x, v, vcmpneq_f32(x, x));
}

// Locals throughout: a store through out (a float*) could change r's floats.
template <RowOp kOp, bool kXRow, bool kYRow>
void binary_row_of(const BinaryRow& r) {
  const float* x = r.x;
  const float* y = r.y;
  float* out = r.out;
  const float k = r.k;
  const float32x4_t x_value = vdupq_n_f32(x[0]), y_value = vdupq_n_f32(y[0]);
  size_t left = r.count;
  for (; left >= 4; left -= 4, out += 4) {
    const float32x4_t a = kXRow ? vld1q_f32(x) : x_value;
    const float32x4_t b = kYRow ? vld1q_f32(y) : y_value;
    vst1q_f32(out, binary_vector<kOp>(a, b, k));
    if (kXRow) x += 4;
    if (kYRow) y += 4;
  }
  if (left) {
    const mve_pred16_t p = vctp32q(static_cast<uint32_t>(left));
    const float32x4_t a = kXRow ? vldrwq_z_f32(x, p) : x_value;
    const float32x4_t b = kYRow ? vldrwq_z_f32(y, p) : y_value;
    vstrwq_p_f32(out, binary_vector<kOp>(a, b, k), p);
  }
}

template <RowOp kOp>
void binary_row_steps(const BinaryRow& r) {
  if (r.x_step && r.y_step) return binary_row_of<kOp, true, true>(r);
  if (r.x_step) return binary_row_of<kOp, true, false>(r);
  if (r.y_step) return binary_row_of<kOp, false, true>(r);
  binary_row_of<kOp, false, false>(r);
}

}  // namespace

void binary_row_mve(const BinaryRow& r) {
  if (r.count == 0) return;
  if (r.x_step > 1 || r.y_step > 1) return binary_row_reference(r);
  switch (r.op) {
    case RowOp::kAddScaled: binary_row_steps<RowOp::kAddScaled>(r); break;
    case RowOp::kSubScaled: binary_row_steps<RowOp::kSubScaled>(r); break;
    case RowOp::kMaximum: binary_row_steps<RowOp::kMaximum>(r); break;
    case RowOp::kMinimum: binary_row_steps<RowOp::kMinimum>(r); break;
    case RowOp::kMul: binary_row_steps<RowOp::kMul>(r); break;
  }
}

void affine_row_mve(const AffineRow& r) {
  const float* x = r.x;
  float* out = r.out;
  const float mean = r.mean, scale = r.scale, weight = r.weight, bias = r.bias;
  size_t left = r.count;
  for (; left >= 4; left -= 4, x += 4, out += 4) {
    vst1q_f32(out, vaddq_n_f32(vmulq_n_f32(vmulq_n_f32(vsubq_n_f32(vld1q_f32(x), mean), scale), weight), bias));
  }
  if (left) {
    const mve_pred16_t p = vctp32q(static_cast<uint32_t>(left));
    const float32x4_t v = vmulq_n_f32(vmulq_n_f32(vsubq_n_f32(vldrwq_z_f32(x, p), mean), scale), weight);
    vstrwq_p_f32(out, vaddq_n_f32(v, bias), p);
  }
}

void clamp_row_mve(const ClampRow& r) {
  const float lo = r.lo, hi = r.hi;
  if (lo != lo || hi != hi) return clamp_row_reference(r);  // a NaN bound: every out is that NaN
  const float* x = r.x;
  float* out = r.out;
  size_t left = r.count;
  for (; left >= 4; left -= 4, x += 4, out += 4) vst1q_f32(out, clamp_vector(vld1q_f32(x), lo, hi));
  if (left) {
    const mve_pred16_t p = vctp32q(static_cast<uint32_t>(left));
    vstrwq_p_f32(out, clamp_vector(vldrwq_z_f32(x, p), lo, hi), p);
  }
}

void row_sums_mve(const RowSums& r) {
  const size_t n = r.n;
  if (n > UINT32_MAX / 4) return row_sums_reference(r);  // lane 3's word offset fits 32 bits
  const float* x = r.x;
  float* out = r.out;
  const uint32x4_t offsets = vmulq_n_u32(vidupq_n_u32(0, 1), static_cast<uint32_t>(n));  // rows 0..3
  for (size_t row = 0; row < r.rows; row += 4, x += 4 * n, out += 4) {
    const mve_pred16_t p = vctp32q(static_cast<uint32_t>(r.rows - row));
    float32x4_t acc = vdupq_n_f32(0.0f);
    for (size_t k = 0; k < n; ++k) acc = vaddq_f32(acc, vldrwq_gather_shifted_offset_z_f32(x + k, offsets, p));
    vstrwq_p_f32(out, acc, p);
  }
}

void binary_row(const BinaryRow& r) { binary_row_mve(r); }
void row_sums(const RowSums& r) { row_sums_mve(r); }
void clamp_row(const ClampRow& r) { clamp_row_mve(r); }
void affine_row(const AffineRow& r) { affine_row_mve(r); }
#else
void binary_row(const BinaryRow& r) { binary_row_reference(r); }
void row_sums(const RowSums& r) { row_sums_reference(r); }
void clamp_row(const ClampRow& r) { clamp_row_reference(r); }
void affine_row(const AffineRow& r) { affine_row_reference(r); }
#endif

}  // namespace ember::kernels
