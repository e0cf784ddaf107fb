// Decoder of Ethos-U55 compressed weight streams (docs/ethos-u55.md):
// slices of Golomb-Rice coded palette indices interleaved with zero runs. Pull
// one signed 9-bit weight at a time; no heap: the two symbol streams meet in
// small rings (their lag is bounded by the stream's flow control).
#pragma once
#include <cstdint>

#include "core/span.h"
#include "ethosu/sim/bit_reader.h"

namespace ember::ethosu {

class WeightDecoder {
 public:
  explicit WeightDecoder(Span<const uint8_t> stream) : bits_(stream) {}

  // The next weight; false at the end of the stream or on a malformed one
  // (then failed() is true).
  bool next(int16_t* weight);
  bool failed() const { return failed_; }

 private:
  static constexpr uint32_t kRing = 128;  // > the largest lag between the streams
  static constexpr uint32_t kChunk = 12;  // symbols per unary word

  bool start_slice();
  bool decode_chunk();
  bool fail() {
    failed_ = true;
    return false;
  }
  int16_t weight_of(uint32_t index) const;

  BitReader bits_;
  bool failed_ = false;
  bool first_slice_ = true;
  bool in_slice_ = false;

  // Slice header.
  uint32_t values_ = 0;          // weights in the slice
  uint32_t zero_values_ = 0;     // zero-run values in the slice
  uint32_t weight_divisor_ = 0;  // Golomb-Rice remainder bits
  uint32_t zero_divisor_ = 0;
  bool uncompressed_ = false;
  bool truncated_ = false;
  bool zero_runs_ = false;
  bool new_palette_ = false;
  uint32_t direct_offset_ = 0;
  uint32_t palette_size_ = 0;
  uint32_t palette_bits_ = 0;
  uint16_t palette_[32] = {};

  // Chunk decoding: quotients of this chunk, remainders come with the next one.
  uint32_t w_pos_ = 0, z_pos_ = 0, w_filled_ = 0, z_filled_ = 0;
  uint32_t w_carry_ = 0, z_carry_ = 0;
  uint32_t w_q_[kChunk] = {}, z_q_[kChunk] = {};
  uint32_t w_count_ = 0, z_count_ = 0;
  bool w_pending_ = false, z_pending_ = false;
  bool chunks_done_ = false;

  // Decoded symbols waiting to be emitted.
  uint16_t w_ring_[kRing] = {};
  uint16_t z_ring_[kRing] = {};

  // Emission.
  uint32_t emit_ = 0;           // next weight index of the slice to emit
  uint32_t zeros_left_ = 0;     // zeros still to emit before the next weight
  bool leading_zeros_done_ = false;
};

}  // namespace ember::ethosu
