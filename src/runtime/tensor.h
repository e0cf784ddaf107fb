// A tensor as kernels and delegates see it: dtype, static shape, contiguous data.
// sizes and dim_order point into the program (shapes are static; dynamic shapes
// are not supported yet), data into a planned buffer, a constant, or an input.
#pragma once
#include <cstddef>
#include <cstdint>

#include "runtime/scalar_type.h"

namespace ember {

constexpr uint32_t kMaxTensorRank = 16;

struct Tensor {
  ScalarType dtype = ScalarType::Float;
  uint32_t rank = 0;
  const int32_t* sizes = nullptr;    // rank entries
  const uint8_t* dim_order = nullptr;  // rank entries; identity = contiguous NCHW...
  void* data = nullptr;

  size_t numel() const {
    size_t n = 1;
    for (uint32_t i = 0; i < rank; ++i) n *= static_cast<size_t>(sizes[i]);
    return n;
  }
  size_t nbytes() const { return numel() * element_size(dtype); }
  int32_t size(uint32_t dim) const { return sizes[dim]; }

  template <typename T>
  T* data_as() const { return static_cast<T*>(data); }
};

}  // namespace ember
