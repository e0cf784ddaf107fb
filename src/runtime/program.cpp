#include "runtime/program.h"

#include <cstring>

#include "core/log.h"
#include "format/schema.h"

namespace ember {

namespace S = schema;

bool equals(Span<const char> text, const char* c_string) {
  size_t n = std::strlen(c_string);
  return n == text.size && std::memcmp(text.data, c_string, n) == 0;
}

Result<Program> Program::load(Span<const uint8_t> buffer) {
  if (reinterpret_cast<uintptr_t>(buffer.data) % 16 != 0) {
    EMBER_LOG_ERROR("program buffer at %p is not 16-byte aligned", static_cast<const void*>(buffer.data));
    return Error::MisalignedBuffer;
  }
  Program p;
  p.buffer_ = buffer;
  EMBER_TRY_ASSIGN(p.header_, parse_pte_header(buffer));
  fb::Bytes flatbuffer(buffer.data, static_cast<size_t>(p.header_.program_size));
  EMBER_TRY_ASSIGN(p.root_, fb::Table::root(flatbuffer));
  EMBER_TRY_ASSIGN(p.plans_, fb::optional_vector(p.root_, S::Program::execution_plan, 4));
  EMBER_TRY_ASSIGN(p.segments_, fb::optional_vector(p.root_, S::Program::segments, 4));
  EMBER_TRY_ASSIGN(p.constant_buffers_, fb::optional_vector(p.root_, S::Program::constant_buffer, 4));
  if (p.root_.has(S::Program::constant_segment)) {
    EMBER_TRY_ASSIGN(fb::Table constant_segment, p.root_.table(S::Program::constant_segment));
    EMBER_TRY_ASSIGN(p.constant_offsets_, fb::optional_vector(constant_segment, S::SubsegmentOffsets::offsets, 8));
    p.constant_segment_index_ = constant_segment.scalar<uint32_t>(S::SubsegmentOffsets::segment_index);
    // offsets == [0] (or empty) means no constants there: use constant_buffer.
    p.uses_constant_segment_ = p.constant_offsets_.size() > 1;
  }
  if (p.plans_.size() == 0) {
    EMBER_LOG_ERROR("malformed program: no execution plan");
    return Error::InvalidProgram;
  }
  return p;
}

Result<Span<const char>> Program::method_name(uint32_t index) const {
  EMBER_TRY_ASSIGN(fb::Table plan, plans_.table(index));
  return plan.string(S::ExecutionPlan::name);
}

Result<fb::Table> Program::find_method(const char* name) const {
  for (uint32_t i = 0; i < plans_.size(); ++i) {
    EMBER_TRY_ASSIGN(Span<const char> plan_name, method_name(i));
    if (equals(plan_name, name)) return plans_.table(i);
  }
  EMBER_LOG_ERROR("the program has no method '%s'", name);
  return Error::NotFound;
}

Result<Span<const uint8_t>> Program::segment(uint32_t index) const {
  if (index >= segments_.size() || header_.segment_base_offset == 0) {
    EMBER_LOG_ERROR("malformed program: segment %u of %u (segment base %u)", static_cast<unsigned>(index),
                    static_cast<unsigned>(segments_.size()), static_cast<unsigned>(header_.segment_base_offset));
    return Error::InvalidProgram;
  }
  EMBER_TRY_ASSIGN(fb::Table seg, segments_.table(index));
  uint64_t offset = seg.scalar<uint64_t>(S::DataSegment::offset);
  uint64_t size = seg.scalar<uint64_t>(S::DataSegment::size);
  uint64_t base = header_.segment_base_offset;
  if (offset > buffer_.size - base || size > buffer_.size - base - offset) {
    EMBER_LOG_ERROR("malformed program: segment %u (%llu bytes at %llu) past the end of the file",
                    static_cast<unsigned>(index), static_cast<unsigned long long>(size),
                    static_cast<unsigned long long>(offset));
    return Error::InvalidProgram;
  }
  return Span<const uint8_t>(buffer_.data + base + offset, static_cast<size_t>(size));
}

Result<const uint8_t*> Program::constant_data(uint32_t index, size_t nbytes) const {
  if (uses_constant_segment_) {
    if (index >= constant_offsets_.size()) {
      EMBER_LOG_ERROR("malformed program: constant %u of %u", static_cast<unsigned>(index),
                      static_cast<unsigned>(constant_offsets_.size()));
      return Error::InvalidProgram;
    }
    EMBER_TRY_ASSIGN(Span<const uint8_t> seg, segment(constant_segment_index_));
    uint64_t offset = constant_offsets_.scalar<uint64_t>(index);
    if (offset > seg.size || nbytes > seg.size - offset) {
      EMBER_LOG_ERROR("malformed program: constant %u (%u bytes) past its segment", static_cast<unsigned>(index),
                      static_cast<unsigned>(nbytes));
      return Error::InvalidProgram;
    }
    return seg.data + offset;
  }
  if (index >= constant_buffers_.size()) {
    EMBER_LOG_ERROR("malformed program: constant buffer %u of %u", static_cast<unsigned>(index),
                    static_cast<unsigned>(constant_buffers_.size()));
    return Error::InvalidProgram;
  }
  EMBER_TRY_ASSIGN(fb::Table buffer, constant_buffers_.table(index));
  EMBER_TRY_ASSIGN(fb::Vector storage, fb::optional_vector(buffer, S::Buffer::storage, 1));
  if (storage.size() < nbytes) {
    EMBER_LOG_ERROR("malformed program: constant buffer %u holds %u bytes, the tensor needs %u",
                    static_cast<unsigned>(index), static_cast<unsigned>(storage.size()), static_cast<unsigned>(nbytes));
    return Error::InvalidProgram;
  }
  return storage.bytes().data;
}

Result<Span<const uint8_t>> Program::delegate_data(int8_t location, uint32_t index) const {
  if (location == static_cast<int8_t>(schema::DataLocation::Segment)) return segment(index);
  if (location != static_cast<int8_t>(schema::DataLocation::Inline)) {
    EMBER_LOG_ERROR("malformed program: delegate data location %d", location);
    return Error::InvalidProgram;
  }
  EMBER_TRY_ASSIGN(fb::Vector inline_data, fb::optional_vector(root_, S::Program::backend_delegate_data, 4));
  if (index >= inline_data.size()) {
    EMBER_LOG_ERROR("malformed program: inline delegate data %u of %u", static_cast<unsigned>(index),
                    static_cast<unsigned>(inline_data.size()));
    return Error::InvalidProgram;
  }
  EMBER_TRY_ASSIGN(fb::Table entry, inline_data.table(index));
  EMBER_TRY_ASSIGN(fb::Vector data, fb::optional_vector(entry, S::Buffer::storage, 1));
  return data.bytes();
}

size_t Program::constant_bytes() const {
  if (uses_constant_segment_) {
    Result<Span<const uint8_t>> seg = segment(constant_segment_index_);
    return seg.ok() ? seg->size : 0;
  }
  size_t total = 0;
  for (uint32_t i = 0; i < constant_buffers_.size(); ++i) {
    Result<fb::Table> buffer = constant_buffers_.table(i);
    if (!buffer.ok()) continue;
    Result<fb::Vector> storage = fb::optional_vector(*buffer, S::Buffer::storage, 1);
    if (storage.ok()) total += storage->size();
  }
  return total;
}

}  // namespace ember
