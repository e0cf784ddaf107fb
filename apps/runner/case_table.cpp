#include "case_table.h"

#include <cstring>

#include "core/log.h"

namespace ember::runner {
namespace {

constexpr size_t kHeaderBytes = 20;
constexpr size_t kBlobHeaderBytes = 16;

uint32_t read_u32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

size_t padded(size_t n) { return (n + 15) & ~size_t{15}; }

// Walks one blob at *offset; false when it runs past the end.
bool next_blob(Span<const uint8_t> data, size_t* offset, Span<const uint8_t>* blob) {
  if (data.size - *offset < kBlobHeaderBytes) return false;
  const size_t bytes = read_u32(data.data + *offset);
  const size_t start = *offset + kBlobHeaderBytes;
  if (bytes > data.size - start || padded(bytes) > data.size - start) return false;
  *blob = Span<const uint8_t>(data.data + start, bytes);
  *offset = start + padded(bytes);
  return true;
}

}  // namespace

Result<CaseTable> CaseTable::parse(Span<const uint8_t> bytes) {
  if (bytes.size < kHeaderBytes || std::memcmp(bytes.data, "EMBC", 4) != 0 || read_u32(bytes.data + 4) != 1) {
    EMBER_LOG_ERROR("runner: the embedded case table is not an EMBC version 1 table");
    return Error::InvalidArgument;
  }
  CaseTable table;
  table.case_count = read_u32(bytes.data + 8);
  table.input_count = read_u32(bytes.data + 12);
  table.output_count = read_u32(bytes.data + 16);
  table.data = bytes;
  if (table.input_count + table.output_count > kMaxTensors) {
    EMBER_LOG_ERROR("runner: %lu tensors per case, at most %lu", static_cast<unsigned long>(table.input_count + table.output_count),
                    static_cast<unsigned long>(kMaxTensors));
    return Error::InvalidArgument;
  }
  size_t offset = padded(kHeaderBytes);
  for (uint32_t i = 0; i < table.case_count * (table.input_count + table.output_count); ++i) {
    Span<const uint8_t> blob;
    if (!next_blob(bytes, &offset, &blob)) {
      EMBER_LOG_ERROR("runner: the embedded case table is truncated");
      return Error::InvalidArgument;
    }
  }
  return table;
}

Error CaseTable::tensors(uint32_t c, Span<const uint8_t>* out, uint32_t capacity) const {
  const uint32_t per_case = input_count + output_count;
  if (c >= case_count || capacity < per_case) return Error::IndexOutOfRange;
  size_t offset = padded(kHeaderBytes);
  Span<const uint8_t> blob;
  for (uint32_t i = 0; i < c * per_case; ++i) next_blob(data, &offset, &blob);
  for (uint32_t i = 0; i < per_case; ++i) {
    if (!next_blob(data, &offset, &out[i])) return Error::InvalidArgument;
  }
  return Error::Ok;
}

}  // namespace ember::runner
