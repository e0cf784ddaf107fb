// Deterministic test data for the kernel tests and the benchmark firmware (no heap,
// no <random>): xorshift32.
#pragma once
#include <cstddef>
#include <cstdint>

namespace ember::kernels::cortex_m {

struct Xorshift {
  uint32_t state;
  uint32_t next() {
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    return state;
  }
  int32_t in_range(int32_t lo, int32_t hi) {  // inclusive
    return lo + static_cast<int32_t>(next() % static_cast<uint32_t>(hi - lo + 1));
  }
  void fill(int8_t* p, size_t n) {
    for (size_t i = 0; i < n; ++i) p[i] = static_cast<int8_t>(next());
  }
  void fill(int32_t* p, size_t n, int32_t lo, int32_t hi) {
    for (size_t i = 0; i < n; ++i) p[i] = in_range(lo, hi);
  }
};

}  // namespace ember::kernels::cortex_m
