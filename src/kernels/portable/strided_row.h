// Copies one row of `count` elements of `elem` bytes, read every `stride` elements,
// to consecutive memory (stride 0 repeats one element): the inner loop of the
// layout-changing copies (permute_copy, _clone_dim_order, expand_copy). 4-byte
// elements go four per gather on a core with Helium.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__ARM_FEATURE_MVE)
#include <arm_mve.h>
#endif

namespace ember::kernels {

template <typename Element>
void strided_row_of(const uint8_t* from, size_t stride, size_t count, uint8_t* to) {
  const auto* in = reinterpret_cast<const Element*>(from);
  auto* out = reinterpret_cast<Element*>(to);
  size_t i = 0;
#if defined(__ARM_FEATURE_MVE)
  if constexpr (sizeof(Element) == 4) {
    if (stride <= UINT32_MAX / 16) {  // lane 3's byte offset fits 32 bits
      const uint32x4_t offsets = vmulq_n_u32(vidupq_n_u32(0, 1), static_cast<uint32_t>(stride));
      for (; i < count; i += 4) {
        const mve_pred16_t p = vctp32q(static_cast<uint32_t>(count - i));
        vstrwq_p_u32(reinterpret_cast<uint32_t*>(out + i),
                     vldrwq_gather_shifted_offset_z_u32(reinterpret_cast<const uint32_t*>(in + i * stride), offsets, p), p);
      }
      return;
    }
  }
#endif
  for (; i < count; ++i) out[i] = in[i * stride];
}

inline void strided_row(size_t elem, const uint8_t* from, size_t stride, size_t count, uint8_t* to) {
  switch (elem) {
    case 1: strided_row_of<uint8_t>(from, stride, count, to); break;
    case 2: strided_row_of<uint16_t>(from, stride, count, to); break;
    case 4: strided_row_of<uint32_t>(from, stride, count, to); break;
    case 8: strided_row_of<uint64_t>(from, stride, count, to); break;
    default:
      for (size_t j = 0; j < count; ++j) std::memcpy(to + j * elem, from + j * stride * elem, elem);
  }
}

}  // namespace ember::kernels
