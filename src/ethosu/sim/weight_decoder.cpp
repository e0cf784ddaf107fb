#include "ethosu/sim/weight_decoder.h"

namespace ember::ethosu {
namespace {

constexpr uint32_t kEndOfStream = 7;   // ZDIV: pad to a byte, then maybe another slice
constexpr uint32_t kNoZeroRuns = 6;    // ZDIV
constexpr uint32_t kUncompressed = 7;  // WDIV

}  // namespace

bool WeightDecoder::start_slice() {
  uint32_t zdiv = bits_.read(3);
  while (zdiv == kEndOfStream) {
    bits_.align_to_byte();
    first_slice_ = true;
    if (bits_.at_end()) return false;  // the whole stream is decoded
    zdiv = bits_.read(3);
  }
  if (bits_.at_end() || bits_.failed()) return false;
  if (zdiv > 3 && zdiv != kNoZeroRuns) return fail();
  bool zero_runs = zdiv != kNoZeroRuns;
  values_ = bits_.read(15) + 1;
  uint32_t wdiv = bits_.read(3);
  truncated_ = bits_.read(1) != 0;
  new_palette_ = bits_.read(1) != 0;
  if (first_slice_ && !new_palette_) return fail();  // a stream starts by defining its palette
  if (!new_palette_ && zero_runs != zero_runs_) return fail();
  first_slice_ = false;
  zero_runs_ = zero_runs;
  zero_divisor_ = zero_runs ? zdiv : 0;
  if (new_palette_) {
    direct_offset_ = bits_.read(5);
    palette_size_ = bits_.read(5);
    if (palette_size_ > 0) ++palette_size_;
    palette_bits_ = bits_.read(3) + 2;
    for (uint32_t i = 0; i < palette_size_; ++i) palette_[i] = static_cast<uint16_t>(bits_.read(palette_bits_));
  }
  uncompressed_ = wdiv == kUncompressed;
  if (uncompressed_) {
    // Only remainders: as many bits as a palette index needs (or PALBITS).
    uint32_t index_bits = 0;
    while (palette_size_ > 0 && (1u << index_bits) < palette_size_) ++index_bits;
    weight_divisor_ = palette_size_ > 0 ? index_bits : palette_bits_;
  } else if (wdiv > 5) {
    return fail();
  } else {
    weight_divisor_ = wdiv;
  }
  zero_values_ = zero_runs_ ? values_ + (new_palette_ ? 1 : 0) : 0;
  w_pos_ = z_pos_ = w_filled_ = z_filled_ = 0;
  w_carry_ = z_carry_ = 0;
  w_count_ = z_count_ = 0;
  w_pending_ = z_pending_ = false;
  chunks_done_ = false;
  emit_ = 0;
  zeros_left_ = 0;
  leading_zeros_done_ = !(new_palette_ && zero_runs_);
  in_slice_ = !bits_.failed();
  return in_slice_ ? true : fail();
}

bool WeightDecoder::decode_chunk() {
  // Flow control between the two symbol streams, as the encoder applied it.
  const int64_t balance = zero_runs_ ? static_cast<int64_t>(w_pos_) - z_pos_ : 0;
  const bool w_enable = (balance < 8 || !zero_runs_) && w_pos_ < values_;
  const bool z_enable = balance >= 0 && zero_runs_ && z_pos_ < zero_values_;
  uint32_t w_unary0 = 0;
  if (w_enable && !uncompressed_) w_unary0 = bits_.read(12);

  uint32_t z_q[kChunk];
  uint32_t z_count = 0;
  if (z_enable) {
    const uint32_t length = zero_divisor_ < 3 ? 12 : 8;
    const uint32_t unary = bits_.read(length);
    uint32_t count = z_carry_;
    for (uint32_t i = 0; i < length; ++i) {
      if (unary & (1u << i)) {
        ++count;
      } else {
        z_q[z_count++] = count;
        count = 0;
      }
    }
    z_carry_ = count;
    z_pos_ += z_count;
  }
  uint32_t w_q[kChunk];
  uint32_t w_count = 0;
  if (w_enable) {
    const uint32_t symbols = uncompressed_ && weight_divisor_ > 5 ? 8 : 12;
    uint32_t ones = 0;
    for (uint32_t i = 0; i < symbols; ++i) ones += (w_unary0 >> i) & 1;
    uint32_t w_unary1 = bits_.read(ones);
    uint32_t count = w_carry_;
    for (uint32_t i = 0; i < symbols; ++i) {
      uint32_t code = 0;
      if (w_unary0 & (1u << i)) {
        code = 1 + (w_unary1 & 1);
        w_unary1 >>= 1;
      }
      count += code;
      if (code < 2 || truncated_) {
        w_q[w_count++] = count;
        count = 0;
      }
    }
    w_carry_ = count;
    w_pos_ += w_count;
  }
  // Remainders of the previous chunk's symbols.
  if (w_pending_) {
    for (uint32_t i = 0; i < w_count_ && w_filled_ < values_; ++i, ++w_filled_) {
      if (w_filled_ - emit_ >= kRing) return fail();
      uint32_t value = (w_q_[i] << weight_divisor_) + bits_.read(weight_divisor_);
      if (value >= 512) return fail();  // the hardware takes 9-bit indices
      w_ring_[w_filled_ % kRing] = static_cast<uint16_t>(value);
    }
  }
  if (z_pending_) {
    for (uint32_t i = 0; i < z_count_ && z_filled_ < zero_values_; ++i, ++z_filled_) {
      // Zero runs are consumed as their weights are emitted (z[0] by the
      // leading zeros of a slice with a new palette).
      const uint32_t consumed = leading_zeros_done_ ? emit_ + (new_palette_ ? 1 : 0) : 0;
      if (z_filled_ - consumed >= kRing) return fail();
      uint32_t value = (z_q_[i] << zero_divisor_) + bits_.read(zero_divisor_);
      if (value > 0xFFFF) return fail();
      z_ring_[z_filled_ % kRing] = static_cast<uint16_t>(value);
    }
  }
  w_pending_ = w_enable;
  z_pending_ = z_enable;
  w_count_ = w_count;
  z_count_ = z_count;
  for (uint32_t i = 0; i < w_count; ++i) w_q_[i] = w_q[i];
  for (uint32_t i = 0; i < z_count; ++i) z_q_[i] = z_q[i];
  if (!w_enable && !z_enable) chunks_done_ = true;
  return bits_.failed() ? fail() : true;
}

int16_t WeightDecoder::weight_of(uint32_t index) const {
  const uint32_t symbol = w_ring_[index % kRing];
  const uint32_t value = symbol < palette_size_ ? palette_[symbol] : symbol - palette_size_ + direct_offset_;
  const auto magnitude = static_cast<int16_t>(value >> 1);
  return (value & 1) ? static_cast<int16_t>(-magnitude) : magnitude;
}

bool WeightDecoder::next(int16_t* weight) {
  while (!failed_) {
    if (zeros_left_ > 0) {
      --zeros_left_;
      *weight = 0;
      return true;
    }
    if (!in_slice_) {
      if (!start_slice()) return false;
      continue;
    }
    const uint32_t offset = new_palette_ ? 1 : 0;
    if (!leading_zeros_done_) {
      if (z_filled_ > 0) {
        zeros_left_ = z_ring_[0];
        leading_zeros_done_ = true;
        continue;
      }
    } else if (emit_ < values_) {
      const bool weight_ready = w_filled_ > emit_;
      const bool zeros_ready = !zero_runs_ || z_filled_ > emit_ + offset;
      if (weight_ready && zeros_ready) {
        *weight = weight_of(emit_);
        if (zero_runs_) zeros_left_ = z_ring_[(emit_ + offset) % kRing];
        ++emit_;
        return true;
      }
    } else {
      in_slice_ = false;  // every weight and zero run of the slice is out
      continue;
    }
    if (chunks_done_) return fail();  // the slice ended before its symbols did
    if (!decode_chunk()) return false;
  }
  return false;
}

}  // namespace ember::ethosu
