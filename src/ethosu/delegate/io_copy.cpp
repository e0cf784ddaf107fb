#include "ethosu/delegate/io_copy.h"

#include <cstring>

#include "core/log.h"

namespace ember::ethosu {
namespace {

// A layout whose numbers fit the 32-bit fields (any tensor a 32-bit core can hold).
bool set_layout(IoLayout* layout, uint64_t rows, uint64_t tensor_row_bytes, uint64_t scratch_row_bytes, bool int4) {
  if (rows > UINT32_MAX || tensor_row_bytes > UINT32_MAX || scratch_row_bytes > UINT32_MAX) return false;
  *layout = {static_cast<uint32_t>(rows), static_cast<uint32_t>(tensor_row_bytes),
             static_cast<uint32_t>(scratch_row_bytes), int4};
  return true;
}

uint64_t io_elements(const PayloadIo& io) {
  uint64_t n = 1;
  for (int32_t d : io.shape) n *= static_cast<uint64_t>(d);
  return n;
}

int8_t sign_extend_nibble(uint8_t nibble) { return static_cast<int8_t>(nibble >= 8 ? nibble - 16 : nibble); }

}  // namespace

Error plan_io(const Tensor& tensor, const PayloadIo& io, const char* kind, uint32_t index, IoLayout* layout) {
  const uint64_t tensor_bytes = tensor.nbytes();
  const uint64_t scratch_bytes = io_elements(io) * static_cast<uint64_t>(io.element_size);
  if (element_size(tensor.dtype) != static_cast<size_t>(io.element_size)) {
    EMBER_LOG_ERROR("EthosUBackend: %s %u has %u-byte elements, the NPU graph %d-byte", kind,
                    static_cast<unsigned>(index), static_cast<unsigned>(element_size(tensor.dtype)),
                    static_cast<int>(io.element_size));
    return Error::DelegateSizeMismatch;
  }
  if (tensor_bytes == scratch_bytes && set_layout(layout, 1, tensor_bytes, scratch_bytes, false)) return Error::Ok;
  const int32_t inner = tensor.rank ? tensor.sizes[tensor.rank - 1] : 1;
  const int32_t scratch_inner = io.shape[kVelaShapeRank - 1];
  const uint64_t row_count = inner ? tensor.numel() / static_cast<uint64_t>(inner) : 0;
  // Vela padded the innermost dimension: same rows, longer in the scratch.
  if (scratch_inner > inner && row_count * scratch_inner == io_elements(io) &&
      set_layout(layout, row_count, static_cast<uint64_t>(inner) * io.element_size,
                 static_cast<uint64_t>(scratch_inner) * io.element_size, false)) {
    return Error::Ok;
  }
  // int4: each scratch row holds two int8 tensor values per byte.
  if (tensor.dtype == ScalarType::Char && scratch_inner > 0 && tensor_bytes == 2 * scratch_bytes &&
      set_layout(layout, io_elements(io) / static_cast<uint64_t>(scratch_inner),
                 2 * static_cast<uint64_t>(scratch_inner), static_cast<uint64_t>(scratch_inner), true)) {
    return Error::Ok;
  }
  EMBER_LOG_ERROR("EthosUBackend: %s %u is %llu bytes, the NPU graph expects %llu", kind, static_cast<unsigned>(index),
                  static_cast<unsigned long long>(tensor_bytes), static_cast<unsigned long long>(scratch_bytes));
  return Error::DelegateSizeMismatch;
}

Error copy_to_scratch(const Tensor& tensor, const PayloadIo& io, const IoLayout& layout, uint8_t* scratch,
                      uint32_t index) {
  const auto* src = static_cast<const uint8_t*>(tensor.data);
  uint8_t* dst = scratch + io.offset;
  if (!layout.packed_int4) {
    for (uint32_t r = 0; r < layout.rows; ++r) {
      std::memcpy(dst + size_t{r} * layout.scratch_row_bytes, src + size_t{r} * layout.tensor_row_bytes,
                  layout.tensor_row_bytes);
    }
    return Error::Ok;
  }
  const auto* values = static_cast<const int8_t*>(tensor.data);
  const uint64_t bytes = uint64_t{layout.rows} * layout.scratch_row_bytes;
  for (uint64_t b = 0; b < bytes; ++b) {
    const int8_t low = values[2 * b], high = values[2 * b + 1];
    for (uint64_t i = 2 * b; i < 2 * b + 2; ++i) {
      if (values[i] < -8 || values[i] > 7) {
        EMBER_LOG_ERROR("EthosUBackend: input %u is int4 on the NPU; element %llu (%d) is outside [-8, 7]",
                        static_cast<unsigned>(index), static_cast<unsigned long long>(i), values[i]);
        return Error::InvalidArgument;
      }
    }
    dst[b] = static_cast<uint8_t>((static_cast<uint8_t>(low) & 0x0F) | (static_cast<uint8_t>(high) & 0x0F) << 4);
  }
  return Error::Ok;
}

void copy_from_scratch(const uint8_t* scratch, const PayloadIo& io, const IoLayout& layout, Tensor& tensor) {
  auto* dst = static_cast<uint8_t*>(tensor.data);
  const uint8_t* src = scratch + io.offset;
  if (!layout.packed_int4) {
    for (uint32_t r = 0; r < layout.rows; ++r) {
      std::memcpy(dst + size_t{r} * layout.tensor_row_bytes, src + size_t{r} * layout.scratch_row_bytes,
                  layout.tensor_row_bytes);
    }
    return;
  }
  auto* values = static_cast<int8_t*>(tensor.data);
  const uint64_t bytes = uint64_t{layout.rows} * layout.scratch_row_bytes;
  for (uint64_t b = 0; b < bytes; ++b) {
    values[2 * b] = sign_extend_nibble(src[b] & 0x0F);
    values[2 * b + 1] = sign_extend_nibble(src[b] >> 4);
  }
}

Error copy_to_scratch(const Tensor& tensor, const PayloadIo& io, uint8_t* scratch, uint32_t index) {
  IoLayout layout;
  EMBER_TRY(plan_io(tensor, io, "input", index, &layout));
  return copy_to_scratch(tensor, io, layout, scratch, index);
}

Error copy_from_scratch(const uint8_t* scratch, const PayloadIo& io, Tensor& tensor, uint32_t index) {
  IoLayout layout;
  EMBER_TRY(plan_io(tensor, io, "output", index, &layout));
  copy_from_scratch(scratch, io, layout, tensor);
  return Error::Ok;
}

}  // namespace ember::ethosu
