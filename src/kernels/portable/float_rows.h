// Rows of elementwise float arithmetic the portable kernels run most (add/sub/mul,
// maximum/minimum, batch norm's affine map, relu/clamp/hardtanh, sums of rows): the reference loop, and on a core
// with Helium an MVE path four elements per vector with the same operations in the
// same order: the same bits, except that Helium's vector floating point flushes
// subnormals to zero and gives the default NaN for any NaN it computes. The unsuffixed functions are the ones this build runs.
#pragma once
#include <cstddef>

namespace ember::kernels {

enum class RowOp { kAddScaled, kSubScaled, kMaximum, kMinimum, kMul };

// out[c] = x[c * x_step] op y[c * y_step] for c < count (the Helium path: steps
// 1 or 0, one value repeated). kAddScaled: x + k * y, kSubScaled: x - k * y, kMaximum: NaN wins,
// then the first of equal values; kMinimum: NaN wins, then the second (upstream's).
struct BinaryRow {
  RowOp op;
  float k;
  const float* x;
  size_t x_step;
  const float* y;
  size_t y_step;
  float* out;
  size_t count;
};

void binary_row_reference(const BinaryRow& r);
void binary_row_mve(const BinaryRow& r);
void binary_row(const BinaryRow& r);

// Batch norm's map of one element.
inline float affine(float x, float mean, float scale, float weight, float bias) {
  return (x - mean) * scale * weight + bias;
}

// out[c] = affine(x[c], mean, scale, weight, bias) for c < count: batch norm per channel.
struct AffineRow {
  const float* x;
  float mean, scale, weight, bias;
  float* out;
  size_t count;
};

void affine_row_reference(const AffineRow& r);
void affine_row_mve(const AffineRow& r);
void affine_row(const AffineRow& r);

// out[c] = min(max(x[c], lo), hi) for c < count, NaN-propagating and the first
// of equal values kept (max_propagate_nan, min_propagate_nan); a bound left out is
// -inf or +inf, which keeps every value's bits: relu is lo 0, hi +inf.
struct ClampRow {
  const float* x;
  float lo, hi;
  float* out;
  size_t count;
};

void clamp_row_reference(const ClampRow& r);
void clamp_row_mve(const ClampRow& r);
void clamp_row(const ClampRow& r);

// out[r] = ((0 + x[r * n]) + x[r * n + 1]) + ... + x[r * n + n - 1] for r < rows:
// sum/mean over trailing dims, each sum in index order (Helium: four rows at once).
struct RowSums {
  const float* x;
  size_t rows, n;
  float* out;
};

void row_sums_reference(const RowSums& r);
void row_sums_mve(const RowSums& r);
void row_sums(const RowSums& r);

}  // namespace ember::kernels
