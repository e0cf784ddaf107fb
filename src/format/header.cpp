#include "format/header.h"

#include <cstring>

#include "core/log.h"

namespace ember {
namespace {

constexpr char kIdentifier[4] = {'E', 'T', '1', '2'};
constexpr char kExtendedMagic[4] = {'e', 'h', '0', '0'};
constexpr uint32_t kExtendedMinimumLength = 24;

template <typename T>
T load(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

}  // namespace

Result<PteHeader> parse_pte_header(Span<const uint8_t> file) {
  if (file.size < 8) {
    EMBER_LOG_ERROR("not a .pte program: %u bytes", static_cast<unsigned>(file.size));
    return Error::InvalidProgram;
  }
  const uint8_t* id = file.data + 4;
  if (std::memcmp(id, kIdentifier, 4) != 0) {
    if (id[0] == 'E' && id[1] == 'T') {
      EMBER_LOG_ERROR("incompatible program version: the file is ET%c%c, this runtime reads ET12",
                      id[2], id[3]);
      return Error::IncompatibleVersion;
    }
    EMBER_LOG_ERROR("not a .pte program: no ET12 identifier at byte 4");
    return Error::InvalidProgram;
  }
  PteHeader header;
  header.program_size = file.size;
  if (file.size >= 16 && std::memcmp(file.data + 8, kExtendedMagic, 4) == 0) {
    uint32_t length = load<uint32_t>(file.data + 12);
    if (length < kExtendedMinimumLength || 8 + uint64_t{length} > file.size) {
      EMBER_LOG_ERROR("malformed program: extended header length %u", static_cast<unsigned>(length));
      return Error::InvalidProgram;
    }
    header.has_extended_header = true;
    header.program_size = load<uint64_t>(file.data + 16);
    header.segment_base_offset = load<uint64_t>(file.data + 24);
    header.segment_data_size = length >= 32 ? load<uint64_t>(file.data + 32) : 0;
    if (header.program_size > file.size || header.segment_base_offset > file.size ||
        (header.segment_base_offset != 0 && header.segment_base_offset < header.program_size) ||
        header.segment_data_size > file.size - header.segment_base_offset) {
      EMBER_LOG_ERROR("malformed program: extended header sizes exceed the %u-byte file",
                      static_cast<unsigned>(file.size));
      return Error::InvalidProgram;
    }
  }
  return header;
}

}  // namespace ember
