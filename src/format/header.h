// The bytes in front of a .pte's flatbuffer: the file identifier and the
// optional extended header that locates the segment data.
#pragma once
#include <cstdint>

#include "core/result.h"
#include "core/span.h"

namespace ember {

struct PteHeader {
  uint64_t program_size = 0;         // flatbuffer bytes from offset 0
  uint64_t segment_base_offset = 0;  // 0 = no segments
  uint64_t segment_data_size = 0;    // 0 = unknown
  bool has_extended_header = false;
};

// Checks the identifier (ET12; another ET?? is Error::IncompatibleVersion, logged
// with both versions) and reads the extended header if there is one.
Result<PteHeader> parse_pte_header(Span<const uint8_t> file);

}  // namespace ember
