// cortex_m::minimum / maximum: elementwise int8 min / max with broadcasting (both
// operands share one quantization, so no rescaling).
#include "kernels/cortex_m/args.h"
#include "kernels/cortex_m/broadcast.h"
#include "kernels/cortex_m/cortex_m_kernels.h"
#include "kernels/cortex_m/ops.h"

namespace ember::kernels::cortex_m {

void extremum_reference(Extremum which, const int8_t* a, const int8_t* b, size_t b_step, int8_t* out, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    const int8_t x = a[i], y = b[i * b_step];
    out[i] = which == Extremum::Minimum ? (y < x ? y : x) : (y > x ? y : x);
  }
}

#if defined(__ARM_FEATURE_MVE)
void extremum_mve(Extremum which, const int8_t* a, const int8_t* b, size_t b_step, int8_t* out, size_t n) {
  const int8x16_t b_scalar = vdupq_n_s8(b[0]);
  for (size_t i = 0; i < n; i += 16) {
    const mve_pred16_t lanes = vctp8q(static_cast<uint32_t>(n - i));
    const int8x16_t x = vldrbq_z_s8(a + i, lanes);
    const int8x16_t y = b_step ? vldrbq_z_s8(b + i, lanes) : b_scalar;
    vstrbq_p_s8(out + i, which == Extremum::Minimum ? vminq_s8(x, y) : vmaxq_s8(x, y), lanes);
  }
}
void extremum(Extremum which, const int8_t* a, const int8_t* b, size_t b_step, int8_t* out, size_t n) {
  extremum_mve(which, a, b, b_step, out, n);
}
#else
void extremum(Extremum which, const int8_t* a, const int8_t* b, size_t b_step, int8_t* out, size_t n) {
  extremum_reference(which, a, b, b_step, out, n);
}
#endif

namespace {

// (self, other, *, out)
Error extremum_out(const char* op, Extremum which, Span<EValue*> args) {
  EMBER_TRY(expect_count(op, args, 4));
  EMBER_TRY_ASSIGN(Tensor* self, tensor_arg(op, args, 0));
  EMBER_TRY_ASSIGN(Tensor* other, tensor_arg(op, args, 1));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(op, args, 2));
  return for_each_run(op, *self, *other, *out,
                      [which](const BinaryRun& r) { extremum(which, r.a, r.b, r.b_step, r.out, r.n); });
}

}  // namespace

Error minimum_out(KernelContext&, Span<EValue*> args) {
  return extremum_out("cortex_m::minimum.out", Extremum::Minimum, args);
}

Error maximum_out(KernelContext&, Span<EValue*> args) {
  return extremum_out("cortex_m::maximum.out", Extremum::Maximum, args);
}

}  // namespace ember::kernels::cortex_m
