#pragma once
#include <cstddef>
#include <cstdint>

#include "core/span.h"

namespace ember {

// "[1, 3, 28, 28]" into out (always NUL-terminated, truncated to capacity).
void format_shape(Span<const int32_t> sizes, char* out, size_t capacity);

}  // namespace ember
