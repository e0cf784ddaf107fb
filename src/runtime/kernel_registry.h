// Kernels by "namespace::name" + overload, in a fixed-capacity table the caller
// owns: no global constructors, no heap.
#pragma once
#include <cstddef>

#include "core/error.h"
#include "core/span.h"
#include "runtime/kernel.h"

namespace ember {

class KernelRegistry {
 public:
  static constexpr size_t kCapacity = 256;

  // Adds every entry; Error::AlreadyRegistered on a duplicate name+overload,
  // Error::RegistryFull past kCapacity.
  Error add(Span<const KernelEntry> entries);
  const KernelEntry* find(Span<const char> name, Span<const char> overload) const;
  size_t size() const { return count_; }
  const KernelEntry& operator[](size_t i) const { return entries_[i]; }

 private:
  KernelEntry entries_[kCapacity] = {};
  size_t count_ = 0;
};

}  // namespace ember
