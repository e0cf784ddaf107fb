// Delegate backends by id, in a fixed-capacity table the caller owns.
#pragma once
#include <cstddef>

#include "core/error.h"
#include "core/span.h"
#include "runtime/backend.h"

namespace ember {

class BackendRegistry {
 public:
  static constexpr size_t kCapacity = 4;

  Error add(Backend* backend);
  Backend* find(Span<const char> id) const;
  size_t size() const { return count_; }
  const Backend& operator[](size_t i) const { return *backends_[i]; }

 private:
  Backend* backends_[kCapacity] = {};
  size_t count_ = 0;
};

}  // namespace ember
