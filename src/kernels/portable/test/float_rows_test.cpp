// float_rows.h on a Helium build: the MVE rows against the reference loop, bit for
// bit, on random rows (lengths around a vector's four, operands contiguous or one
// repeated value, every op, clamp bounds, sums of 0-9 rows) holding NaN, +-inf, +-0 and ties between equal values.
// No subnormals: Helium flushes them; a NaN equals any NaN (Helium gives the default
// NaN where the scalar FPU passes an operand's on). The host build has no MVE path.
#include "kernels/portable/float_rows.h"

#include <cmath>
#include <cstring>

#include "kernels/cortex_m/test/random_data.h"
#include "testing/test.h"

namespace ember::kernels {
namespace {

#if defined(__ARM_FEATURE_MVE)

using cortex_m::Xorshift;

float g_x[64], g_y[64], g_out_reference[64], g_out_mve[64];

// Mostly ordinary values; some NaN, infinities, signed zeros and repeats of x's values (ties).
float random_float(Xorshift& rng, const float* ties) {
  switch (rng.in_range(0, 15)) {
    case 0: return NAN;
    case 1: return rng.in_range(0, 1) ? INFINITY : -INFINITY;
    case 2: return rng.in_range(0, 1) ? 0.0f : -0.0f;
    case 3: return ties ? ties[rng.in_range(0, 63)] : 1.5f;
    default: return static_cast<float>(rng.in_range(-(1 << 23), (1 << 23) - 1)) / (1 << 20);
  }
}

bool same_results(size_t count) {
  for (size_t c = 0; c < 64; ++c) {
    const float a = g_out_reference[c], b = g_out_mve[c];
    if (std::memcmp(&a, &b, sizeof a) != 0 && !(c < count && a != a && b != b)) return false;
  }
  return true;
}

void fill(Xorshift& rng) {
  for (float& v : g_x) v = random_float(rng, nullptr);
  for (float& v : g_y) v = random_float(rng, g_x);
  std::memset(g_out_reference, 0, sizeof g_out_reference);
  std::memset(g_out_mve, 0, sizeof g_out_mve);
}

EMBER_TEST(binary_row_mve_equals_reference) {
  Xorshift rng{12};
  const RowOp ops[] = {RowOp::kAddScaled, RowOp::kSubScaled, RowOp::kMaximum, RowOp::kMinimum, RowOp::kMul};
  for (int trial = 0; trial < 200; ++trial) {
    fill(rng);
    BinaryRow r{ops[trial % 5], trial % 7 == 3 ? 0.5f : 1.0f, g_x, static_cast<size_t>(trial % 3 != 1),
                g_y, static_cast<size_t>(trial % 4 != 2), nullptr, static_cast<size_t>(rng.in_range(0, 64))};
    r.out = g_out_reference;
    binary_row_reference(r);
    r.out = g_out_mve;
    binary_row_mve(r);
    EXPECT_TRUE(same_results(r.count));
  }
}

EMBER_TEST(affine_row_mve_equals_reference) {
  Xorshift rng{5};
  for (int trial = 0; trial < 60; ++trial) {
    fill(rng);
    AffineRow r{g_x, g_y[0], g_y[1], g_y[2], g_y[3], nullptr, static_cast<size_t>(rng.in_range(0, 64))};
    r.out = g_out_reference;
    affine_row_reference(r);
    r.out = g_out_mve;
    affine_row_mve(r);
    EXPECT_TRUE(same_results(r.count));
  }
}

EMBER_TEST(clamp_row_mve_equals_reference) {
  Xorshift rng{9};
  for (int trial = 0; trial < 60; ++trial) {
    fill(rng);
    // relu's bounds, one bound left out (an infinity), bounds among the values (ties), a NaN bound
    const float lo = trial % 4 == 0 ? 0.0f : trial % 4 == 1 ? -INFINITY : g_y[0];
    const float hi = trial % 4 == 0 ? INFINITY : trial % 5 == 1 ? INFINITY : g_y[1];
    ClampRow r{g_x, lo, hi, nullptr, static_cast<size_t>(rng.in_range(0, 64))};
    r.out = g_out_reference;
    clamp_row_reference(r);
    r.out = g_out_mve;
    clamp_row_mve(r);
    EXPECT_TRUE(same_results(r.count));
  }
}

EMBER_TEST(row_sums_mve_equals_reference) {
  Xorshift rng{3};
  for (int trial = 0; trial < 60; ++trial) {
    fill(rng);
    if (trial % 4 != 0) {  // mostly ordinary values: a NaN or infinity would decide most of a long sum
      for (float& v : g_x) v = static_cast<float>(rng.in_range(-(1 << 23), (1 << 23) - 1)) / (1 << 20);
    }
    const size_t rows = static_cast<size_t>(rng.in_range(0, 9));
    RowSums r{g_x, rows, rows ? static_cast<size_t>(rng.in_range(0, 64 / static_cast<int32_t>(rows))) : 0, nullptr};
    r.out = g_out_reference;
    row_sums_reference(r);
    r.out = g_out_mve;
    row_sums_mve(r);
    EXPECT_TRUE(same_results(r.rows));
  }
}

#endif

}  // namespace
}  // namespace ember::kernels
