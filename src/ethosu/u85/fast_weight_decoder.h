// Decoder of the U85's fast weight format (WEIGHT_FORMAT_FWD; docs/ethos-u85.md,
// Vela 5.1 mlw_codec mlw_encode_fwd.cpp): a 256-bit header, then one code
// per weight, LSB first. Header: bit 0 raw mode, bit 1 small palette, 102 zero
// bits, an 8-bit signed zero adjust, sixteen 9-bit palette entries (magnitude
// << 1 | sign). Codes: raw mode 8 bits (the weight plus the zero adjust, as
// int8), small palette 2-bit indices, else 4-bit indices. The stream is padded
// to 256 bits.
#pragma once
#include <cstdint>

#include "core/span.h"
#include "ethosu/sim/bit_reader.h"

namespace ember::ethosu::u85 {

class FastWeightDecoder {
 public:
  explicit FastWeightDecoder(Span<const uint8_t> stream) : bits_(stream) {
    raw_ = bits_.read(1) != 0;
    const bool small = bits_.read(1) != 0;
    if (bits_.read(32) | bits_.read(32) | bits_.read(32) | bits_.read(6)) failed_ = true;  // 102 reserved bits
    zero_adjust_ = static_cast<int8_t>(bits_.read(8));
    for (int16_t& entry : palette_) {
      const uint32_t folded = bits_.read(9);
      const auto magnitude = static_cast<int16_t>(folded >> 1);
      entry = (folded & 1) ? static_cast<int16_t>(-magnitude) : magnitude;
    }
    index_bits_ = raw_ ? 8 : (small ? 2 : 4);
    if (bits_.failed()) failed_ = true;
  }

  // The next weight; false past the end of the stream or on a malformed one.
  bool next(int16_t* weight) {
    if (failed_) return false;
    const uint32_t code = bits_.read(index_bits_);
    if (bits_.failed()) {
      failed_ = true;
      return false;
    }
    *weight = raw_ ? static_cast<int16_t>(static_cast<int8_t>(code) - zero_adjust_) : palette_[code];
    return true;
  }
  bool failed() const { return failed_; }
  // Whether the weights read end the stream: only the padding to 256 bits is left.
  bool at_padding(size_t stream_bytes) const {
    return !failed_ && stream_bytes * 8 - bits_.bit_position() < 256;
  }

 private:
  BitReader bits_;
  bool failed_ = false;
  bool raw_ = false;
  int8_t zero_adjust_ = 0;
  uint32_t index_bits_ = 8;
  int16_t palette_[16] = {};
};

}  // namespace ember::ethosu::u85
