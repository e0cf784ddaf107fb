// Moving delegate inputs and outputs between tensors and the NPU scratch arena,
// as upstream's runtime does (backends/arm/runtime/EthosUBackend.cpp): a plain
// copy when the byte sizes agree, row by row when Vela padded the innermost
// dimension, and int4 packed two to a byte (low nibble first) when the NPU
// graph's rows are half the int8 tensor's. Upstream unpacks such outputs
// (sign-extending each nibble); ember also packs such inputs, the inverse, and
// rejects an input value outside the int4 range.
#pragma once
#include <cstdint>

#include "core/error.h"
#include "ethosu/delegate/payload.h"
#include "runtime/tensor.h"

namespace ember::ethosu {

// How one input or output moves: rows of the tensor's innermost dimension and
// their sizes on both sides. Shapes are fixed once a method is loaded, so the
// delegate plans this once and reuses it every inference.
struct IoLayout {
  uint32_t rows = 0, tensor_row_bytes = 0, scratch_row_bytes = 0;
  bool packed_int4 = false;
};

// DelegateSizeMismatch (logged with kind and index) when the tensor and the NPU
// graph's I/O cannot be matched.
Error plan_io(const Tensor& tensor, const PayloadIo& io, const char* kind, uint32_t index, IoLayout* layout);

Error copy_to_scratch(const Tensor& tensor, const PayloadIo& io, const IoLayout& layout, uint8_t* scratch,
                      uint32_t index);
void copy_from_scratch(const uint8_t* scratch, const PayloadIo& io, const IoLayout& layout, Tensor& tensor);

// Plan and copy in one call.
Error copy_to_scratch(const Tensor& tensor, const PayloadIo& io, uint8_t* scratch, uint32_t index);
Error copy_from_scratch(const uint8_t* scratch, const PayloadIo& io, Tensor& tensor, uint32_t index);

}  // namespace ember::ethosu
