// A bump allocator over memory the caller owns. Nothing in the runtime touches
// the heap: every allocation comes from one of these, and used() tells how big a
// pool really had to be.
#pragma once
#include <cstddef>
#include <cstdint>

namespace ember {

class MemoryAllocator {
 public:
  static constexpr size_t kDefaultAlignment = 16;

  MemoryAllocator() = default;
  MemoryAllocator(void* base, size_t size)
      : base_(static_cast<uint8_t*>(base)), size_(size) {}

  // Returns nullptr when the pool is too small; the caller turns that into
  // Error::OutOfMemory and logs how many bytes were missing (see missing()).
  void* allocate(size_t bytes, size_t alignment = kDefaultAlignment) {
    uintptr_t start = reinterpret_cast<uintptr_t>(base_) + used_;
    uintptr_t aligned = (start + alignment - 1) & ~(uintptr_t{alignment} - 1);
    size_t needed = (aligned - start) + bytes;
    if (base_ == nullptr || needed > size_ - used_) {
      missing_ = needed - (size_ - used_);
      return nullptr;
    }
    used_ += needed;
    if (used_ > peak_) peak_ = used_;
    return reinterpret_cast<void*>(aligned);
  }

  template <typename T>
  T* allocate_array(size_t count) {
    return static_cast<T*>(allocate(count * sizeof(T), alignof(T) > 4 ? alignof(T) : 4));
  }

  void reset() { used_ = 0; }
  size_t used() const { return used_; }
  size_t peak() const { return peak_; }
  size_t size() const { return size_; }
  // Bytes the last failed allocation lacked.
  size_t missing() const { return missing_; }

 private:
  uint8_t* base_ = nullptr;
  size_t size_ = 0;
  size_t used_ = 0;
  size_t peak_ = 0;
  size_t missing_ = 0;
};

}  // namespace ember
