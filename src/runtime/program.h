// A loaded .pte program: a view over a caller-owned buffer (16-byte aligned, kept
// alive as long as the program). Nothing is copied; every access is checked.
//
// Use:
//   auto program = Program::load(Span<const uint8_t>(file, size));   // Result<Program>
//   auto meta = program->method_meta("forward");                     // sizes to provide
//   ... provide planned buffers + allocators (MemoryManager), then Method::load.
#pragma once
#include <cstdint>

#include "core/result.h"
#include "core/span.h"
#include "format/flatbuffer.h"
#include "format/header.h"

namespace ember {

class Program {
 public:
  static Result<Program> load(Span<const uint8_t> buffer);

  uint32_t method_count() const { return plans_.size(); }
  Result<fb::Table> method_plan(uint32_t index) const { return plans_.table(index); }
  // The plan named `name`; Error::NotFound (logged) when there is none.
  Result<fb::Table> find_method(const char* name) const;
  Result<Span<const char>> method_name(uint32_t index) const;

  // Bytes of constant `index` (data_buffer_idx), at least `nbytes` long.
  Result<const uint8_t*> constant_data(uint32_t index, size_t nbytes) const;
  // A delegate's processed payload (inline or in a segment).
  Result<Span<const uint8_t>> delegate_data(int8_t location, uint32_t index) const;

  fb::Table root() const { return root_; }
  const PteHeader& header() const { return header_; }
  Span<const uint8_t> buffer() const { return buffer_; }
  // Bytes of the constant segment (or the old constant_buffer table).
  size_t constant_bytes() const;

 private:
  Result<Span<const uint8_t>> segment(uint32_t index) const;

  Span<const uint8_t> buffer_;
  PteHeader header_;
  fb::Table root_;
  fb::Vector plans_;
  fb::Vector segments_;
  fb::Vector constant_buffers_;   // older programs
  fb::Vector constant_offsets_;   // constant_segment.offsets
  uint32_t constant_segment_index_ = 0;
  bool uses_constant_segment_ = false;
};

// Equal as C string and counted string (flatbuffer strings are counted).
bool equals(Span<const char> text, const char* c_string);

}  // namespace ember
