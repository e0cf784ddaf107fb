#include "ethosu/delegate/io_copy.h"

#include <cstring>

#include "core/log.h"

namespace ember::ethosu {
namespace {

uint64_t io_elements(const PayloadIo& io) {
  uint64_t n = 1;
  for (int32_t d : io.shape) n *= static_cast<uint64_t>(d);
  return n;
}

// Rows of the tensor's innermost dimension and their sizes on both sides.
struct Rows {
  uint64_t count, tensor_bytes, scratch_bytes;
};

Error plan_rows(const Tensor& tensor, const PayloadIo& io, const char* kind, uint32_t index, Rows* rows) {
  const uint64_t tensor_bytes = tensor.nbytes();
  const uint64_t scratch_bytes = io_elements(io) * static_cast<uint64_t>(io.element_size);
  if (element_size(tensor.dtype) != static_cast<size_t>(io.element_size)) {
    EMBER_LOG_ERROR("EthosUBackend: %s %u has %u-byte elements, the NPU graph %d-byte", kind, index,
                    static_cast<unsigned>(element_size(tensor.dtype)), io.element_size);
    return Error::DelegateSizeMismatch;
  }
  if (tensor_bytes == scratch_bytes) {
    *rows = {1, tensor_bytes, scratch_bytes};
    return Error::Ok;
  }
  // Vela padded the innermost dimension: same rows, longer in the scratch.
  const int32_t inner = tensor.rank ? tensor.sizes[tensor.rank - 1] : 1;
  const int32_t padded = io.shape[5];
  const uint64_t row_count = inner ? tensor.numel() / static_cast<uint64_t>(inner) : 0;
  if (padded > inner && row_count * padded == io_elements(io)) {
    *rows = {row_count, static_cast<uint64_t>(inner) * io.element_size, static_cast<uint64_t>(padded) * io.element_size};
    return Error::Ok;
  }
  EMBER_LOG_ERROR("EthosUBackend: %s %u is %llu bytes, the NPU graph expects %llu", kind, index,
                  static_cast<unsigned long long>(tensor_bytes), static_cast<unsigned long long>(scratch_bytes));
  return Error::DelegateSizeMismatch;
}

}  // namespace

Error copy_to_scratch(const Tensor& tensor, const PayloadIo& io, uint8_t* scratch, uint32_t index) {
  Rows rows;
  EMBER_TRY(plan_rows(tensor, io, "input", index, &rows));
  const auto* src = static_cast<const uint8_t*>(tensor.data);
  for (uint64_t r = 0; r < rows.count; ++r) {
    std::memcpy(scratch + io.offset + r * rows.scratch_bytes, src + r * rows.tensor_bytes, rows.tensor_bytes);
  }
  return Error::Ok;
}

Error copy_from_scratch(const uint8_t* scratch, const PayloadIo& io, Tensor& tensor, uint32_t index) {
  Rows rows;
  EMBER_TRY(plan_rows(tensor, io, "output", index, &rows));
  auto* dst = static_cast<uint8_t*>(tensor.data);
  for (uint64_t r = 0; r < rows.count; ++r) {
    std::memcpy(dst + r * rows.tensor_bytes, scratch + io.offset + r * rows.scratch_bytes, rows.tensor_bytes);
  }
  return Error::Ok;
}

}  // namespace ember::ethosu
