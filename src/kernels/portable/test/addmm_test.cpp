// aten::addmm on a Helium build: the MVE path against the reference loop, bit for
// bit, on random shapes (columns narrower and wider than one vector, every bias
// broadcast, beta 0, no bias: mm and bmm). The host build has no MVE path, so no test.
#include "kernels/portable/addmm.h"

#include <cstring>

#include "kernels/cortex_m/test/random_data.h"
#include "testing/test.h"

namespace ember::kernels {
namespace {

#if defined(__ARM_FEATURE_MVE)

using cortex_m::Xorshift;

float g_mat1[2048], g_mat2[4096], g_bias[1024], g_out_reference[2048], g_out_mve[2048];

float random_float(Xorshift& rng) { return static_cast<float>(rng.in_range(-(1 << 23), (1 << 23) - 1)) / (1 << 22); }

EMBER_TEST(addmm_mve_equals_reference) {
  Xorshift rng{31};
  for (int trial = 0; trial < 40; ++trial) {
    Addmm a{};
    a.m = rng.in_range(1, 6);
    a.k = rng.in_range(1, 64);
    a.n = rng.in_range(1, 40);
    if (static_cast<size_t>(a.k) * a.n > 4096) continue;
    a.bias_rows = trial % 2 ? a.m : 1;
    a.bias_cols = trial % 3 ? a.n : 1;
    a.alpha = trial % 4 == 1 ? 0.5f : 1.0f;
    a.beta = trial % 5 == 2 ? 0.0f : (trial % 5 == 3 ? 2.0f : 1.0f);
    for (int32_t i = 0; i < a.m * a.k; ++i) g_mat1[i] = random_float(rng);
    for (int32_t i = 0; i < a.k * a.n; ++i) g_mat2[i] = random_float(rng);
    for (int32_t i = 0; i < a.bias_rows * a.bias_cols; ++i) g_bias[i] = random_float(rng);
    a.mat1 = g_mat1;
    a.mat2 = g_mat2;
    a.bias = trial % 6 == 5 ? nullptr : g_bias;  // nullptr: the plain product (mm, bmm)
    std::memset(g_out_reference, 0, sizeof g_out_reference);
    std::memset(g_out_mve, 0, sizeof g_out_mve);
    a.out = g_out_reference;
    addmm_reference(a);
    a.out = g_out_mve;
    addmm_mve(a);
    EXPECT_TRUE(std::memcmp(g_out_reference, g_out_mve, sizeof g_out_mve) == 0);
  }
}

#endif

}  // namespace
}  // namespace ember::kernels
