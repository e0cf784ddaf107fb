// aten::addmm on plain arrays: out = beta * self + alpha * (mat1 @ mat2), or without
// self (mm, bmm) the product itself. The reference loop, and on a core with Helium
// an MVE path that runs four neighbouring columns per vector, each output's sum over
// k in the reference's order with separate multiplies and adds: the same bits,
// except that Helium's vector floating point flushes subnormals to zero. The
// unsuffixed function is the one this build runs.
#pragma once
#include <cstdint>

namespace ember::kernels {

struct Addmm {
  int32_t m, k, n;
  const float* mat1;  // [m, k]
  const float* mat2;  // [k, n]
  const float* bias;  // [bias_rows, bias_cols], each 1 or the full extent; nullptr: out = mat1 @ mat2 as summed
  int32_t bias_rows, bias_cols;
  float alpha, beta;
  float* out;  // [m, n]
};

void addmm_reference(const Addmm& a);
void addmm_mve(const Addmm& a);
void addmm(const Addmm& a);

}  // namespace ember::kernels
