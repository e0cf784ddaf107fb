// Byte loops as Helium tail-predicated loops (WLSTP/LETP): the core predicates the
// last partial vector itself, so a step is its loads, its work and one LETP, with no
// counter or predicate arithmetic. GCC 12 (Debian's arm-none-eabi) emits none of
// these, and MVE loads take no register offset, so a C loop costs an add per pointer
// and a VCTP per step besides. A count of 0 runs no step.
#pragma once
#include <cstdint>

#if defined(__ARM_FEATURE_MVE)
#include <arm_mve.h>
#endif

namespace ember::kernels::cortex_m {

#if defined(__ARM_FEATURE_MVE)

inline void copy_bytes(int8_t* to, const int8_t* from, int32_t n) {
  __asm__ volatile(
      "   wlstp.8 lr, %[n], 2f\n"
      "1: vldrb.8 q0, [%[from]], #16\n"
      "   vstrb.8 q0, [%[to]], #16\n"
      "   letp lr, 1b\n"
      "2:\n"
      : [to] "+r"(to), [from] "+r"(from)
      : [n] "r"(n)
      : "q0", "lr", "memory");
}

inline void fill_bytes(int8_t* to, int8_t value, int32_t n) {
  __asm__ volatile(
      "   vdup.8 q0, %[value]\n"
      "   wlstp.8 lr, %[n], 2f\n"
      "1: vstrb.8 q0, [%[to]], #16\n"
      "   letp lr, 1b\n"
      "2:\n"
      : [to] "+r"(to)
      : [n] "r"(n), [value] "r"(static_cast<int32_t>(value))
      : "q0", "lr", "memory");
}

// start[i] + x[0..n) . k_i[0..n) for four rows k_i, as one vector: each x vector
// serves four VMLADAVA (16 multiply-accumulates each). VMLADAVA accumulates into an
// even register ("Te"); two VMOVs put the four sums into the vector's lanes.
inline int32x4_t dot4(const int32_t* start, const int8_t* x, const int8_t* k0, const int8_t* k1, const int8_t* k2,
                      const int8_t* k3, int32_t n) {
  int32_t a0, a1, a2, a3;
  int32x4_t sums;
  __asm__ volatile(
      "   ldrd %[a0], %[a1], [%[start]]\n"
      "   ldrd %[a2], %[a3], [%[start], #8]\n"
      "   wlstp.8 lr, %[n], 2f\n"
      "1: vldrb.8 q0, [%[x]], #16\n"
      "   vldrb.8 q1, [%[k0]], #16\n"
      "   vmladava.s8 %[a0], q0, q1\n"
      "   vldrb.8 q2, [%[k1]], #16\n"
      "   vmladava.s8 %[a1], q0, q2\n"
      "   vldrb.8 q3, [%[k2]], #16\n"
      "   vmladava.s8 %[a2], q0, q3\n"
      "   vldrb.8 q1, [%[k3]], #16\n"
      "   vmladava.s8 %[a3], q0, q1\n"
      "   letp lr, 1b\n"
      "2: vmov %q[sums][2], %q[sums][0], %[a0], %[a2]\n"
      "   vmov %q[sums][3], %q[sums][1], %[a1], %[a3]\n"
      : [a0] "=&Te"(a0), [a1] "=&Te"(a1), [a2] "=&Te"(a2), [a3] "=&Te"(a3), [sums] "=&w"(sums), [x] "+r"(x),
        [k0] "+r"(k0), [k1] "+r"(k1), [k2] "+r"(k2), [k3] "+r"(k3)
      : [start] "r"(start), [n] "r"(n)
      : "q0", "q1", "q2", "q3", "lr", "memory");
  return sums;
}

#endif

}  // namespace ember::kernels::cortex_m
