// The window arithmetic PyTorch's 2-D pools share: kernel/stride/padding lists
// of one or two values, and the pooled size with ceil_mode.
#pragma once
#include <cstdint>

#include "core/span.h"

namespace ember::kernels {

// A list of 0 (fallback), 1 (both) or 2 values; false for any other length.
inline bool pool_pair(Span<const int64_t> list, int64_t fallback, int64_t* a, int64_t* b) {
  if (list.size == 0) { *a = *b = fallback; return true; }
  if (list.size == 1) { *a = *b = list[0]; return true; }
  if (list.size == 2) { *a = list[0]; *b = list[1]; return true; }
  return false;
}

inline int64_t pooled_size(int64_t in, int64_t k, int64_t stride, int64_t pad, int64_t dilation, bool ceil_mode) {
  const int64_t span = in + 2 * pad - dilation * (k - 1) - 1;
  int64_t out = (ceil_mode ? (span + stride - 1) / stride : span / stride) + 1;
  // A window must start inside the input or its left padding.
  if (ceil_mode && (out - 1) * stride >= in + pad) --out;
  return out;
}

}  // namespace ember::kernels
