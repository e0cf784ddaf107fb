// Where a window's tap falls in the input: origin = output position x stride - pad.
#pragma once
#include <cstdint>

namespace ember::kernels::cortex_m {

inline bool tap_inside(int32_t origin, int32_t k, int32_t dilation, int32_t extent, int32_t* at) {
  *at = origin + k * dilation;
  return *at >= 0 && *at < extent;
}

// The taps [*first, *last) of a dilation-1 window that fall inside the input.
inline void valid_taps(int32_t origin, int32_t kernel, int32_t extent, int32_t* first, int32_t* last) {
  *first = origin < 0 ? -origin : 0;
  *last = extent - origin < kernel ? extent - origin : kernel;
}

}  // namespace ember::kernels::cortex_m
