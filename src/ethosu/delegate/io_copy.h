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

Error copy_to_scratch(const Tensor& tensor, const PayloadIo& io, uint8_t* scratch, uint32_t index);
Error copy_from_scratch(const uint8_t* scratch, const PayloadIo& io, Tensor& tensor, uint32_t index);

}  // namespace ember::ethosu
