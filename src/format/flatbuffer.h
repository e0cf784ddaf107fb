// A strict reader for the flatbuffer encoding of .pte programs.
//
// Why our own reader rather than flatbuffers' generated code + Verifier: the
// runtime must build freestanding for the Cortex-M55 with no generated headers
// and no library, and it reads only a dozen tables. Instead of verifying the
// whole tree up front, every access checks what it touches: the table's vtable
// and size, each field's bounds, each offset's target and alignment, each
// vector's length against the end of the buffer. A malformed file yields
// Error::InvalidProgram (with the offending position logged), never a read
// outside the buffer.
#pragma once
#include <cstdint>
#include <cstring>

#include "core/error.h"
#include "core/result.h"
#include "core/span.h"

namespace ember::fb {

using Bytes = Span<const uint8_t>;

class Vector;

class Table {
 public:
  Table() = default;
  // The table whose position is `pos` in `buffer`.
  static Result<Table> at(Bytes buffer, uint32_t pos);
  // The root table of a buffer: its u32 offset sits at byte 0.
  static Result<Table> root(Bytes buffer);

  bool has(int slot) const { return field_offset(slot) != 0; }

  template <typename T>
  T scalar(int slot, T fallback = T{}) const {
    uint32_t offset = field_offset(slot);
    // Bounded by the buffer, not by the vtable's table size: upstream writers
    // report table sizes shorter than their 64-bit fields (as flatbuffers'
    // own Verifier allows).
    if (offset == 0 || uint64_t{pos_} + offset + sizeof(T) > buffer_.size) return fallback;
    T value;
    std::memcpy(&value, buffer_.data + pos_ + offset, sizeof(T));
    return value;
  }

  // Referenced objects; a missing field is Error::NotFound (callers decide if
  // that is allowed), a malformed one Error::InvalidProgram.
  Result<Table> table(int slot) const;
  Result<Vector> vector(int slot, uint32_t element_size) const;
  Result<Span<const char>> string(int slot) const;

  Bytes buffer() const { return buffer_; }
  uint32_t position() const { return pos_; }

 private:
  uint16_t field_offset(int slot) const;
  Result<uint32_t> reference(int slot) const;

  Bytes buffer_;
  uint32_t pos_ = 0;
  uint32_t vtable_ = 0;
  uint16_t vtable_size_ = 0;
  uint16_t table_size_ = 0;
};

class Vector {
 public:
  Vector() = default;
  // The vector whose length word is at `pos`.
  static Result<Vector> at(Bytes buffer, uint32_t pos, uint32_t element_size);

  uint32_t size() const { return length_; }
  uint32_t element_size_bytes() const { return element_size_; }

  template <typename T>
  T scalar(uint32_t i) const {
    T value;
    std::memcpy(&value, buffer_.data + data_ + i * sizeof(T), sizeof(T));
    return value;
  }
  // Elements that are offsets (vectors of tables or strings).
  Result<Table> table(uint32_t i) const;
  Result<Span<const char>> string(uint32_t i) const;
  // The raw elements, for byte vectors and for arrays the runtime points into
  // (sizes, dim orders): checked for alignment to T.
  template <typename T>
  Result<const T*> data() const {
    if ((reinterpret_cast<uintptr_t>(buffer_.data + data_) % alignof(T)) != 0) {
      return Error::InvalidProgram;
    }
    return reinterpret_cast<const T*>(buffer_.data + data_);
  }
  Bytes bytes() const { return Bytes(buffer_.data + data_, length_ * element_size_); }

 private:
  Result<uint32_t> element_reference(uint32_t i) const;

  Bytes buffer_;
  uint32_t data_ = 0;
  uint32_t length_ = 0;
  uint32_t element_size_ = 1;
};

// A field that may be absent: an absent vector reads as empty.
Result<Vector> optional_vector(const Table& table, int slot, uint32_t element_size);

}  // namespace ember::fb
