// Reads little-endian, LSB-first bit fields from a byte buffer, as the Ethos-U
// weight streams are packed. Reading past the end sets failed() and yields 0.
#pragma once
#include <cstddef>
#include <cstdint>

#include "core/span.h"

namespace ember::ethosu {

class BitReader {
 public:
  explicit BitReader(Span<const uint8_t> bytes) : bytes_(bytes) {}

  uint32_t read(uint32_t count) {
    uint32_t value = 0;
    for (uint32_t i = 0; i < count; ++i) {
      size_t byte = position_ >> 3;
      if (byte >= bytes_.size) {
        failed_ = true;
        return 0;
      }
      value |= static_cast<uint32_t>((bytes_[byte] >> (position_ & 7)) & 1) << i;
      ++position_;
    }
    return value;
  }
  void align_to_byte() { position_ = (position_ + 7) & ~size_t{7}; }
  bool at_end() const { return (position_ >> 3) >= bytes_.size; }
  bool failed() const { return failed_; }
  size_t bit_position() const { return position_; }

 private:
  Span<const uint8_t> bytes_;
  size_t position_ = 0;
  bool failed_ = false;
};

}  // namespace ember::ethosu
