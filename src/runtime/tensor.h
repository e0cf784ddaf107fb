// A tensor as kernels and delegates see it: dtype, static shape, contiguous data.
// sizes and dim_order point into the program (shapes are static; dynamic shapes
// are not supported yet), data into a planned buffer, a constant, or an input.
#pragma once
#include <cstddef>
#include <cstdint>

#include "core/result.h"
#include "runtime/scalar_type.h"

namespace ember {

constexpr uint32_t kMaxTensorRank = 16;

// Bytes of a tensor with these sizes, counted in 64 bits. A size the target's
// address space cannot hold (size_t is 32 bits on the M55) is InvalidProgram,
// never a count that wrapped around to something small (2^30 floats are 0
// bytes in 32 bits). Every tensor a method loads has passed this check, so
// Tensor::nbytes() below cannot overflow.
inline Result<size_t> checked_nbytes(const int32_t* sizes, uint32_t rank, ScalarType dtype) {
  constexpr uint64_t kAddressSpace = static_cast<uint64_t>(static_cast<size_t>(-1));
  uint64_t bytes = element_size(dtype);
  for (uint32_t d = 0; d < rank; ++d) {
    if (sizes[d] < 0) return Error::InvalidProgram;
    // Both factors are below 2^32 here, so the product fits in 64 bits.
    bytes *= static_cast<uint64_t>(sizes[d]);
    if (bytes > kAddressSpace) return Error::InvalidProgram;
  }
  return static_cast<size_t>(bytes);
}

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
