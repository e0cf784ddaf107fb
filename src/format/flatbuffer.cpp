#include "format/flatbuffer.h"

#include "core/log.h"

namespace ember::fb {
namespace {

template <typename T>
T load(Bytes buffer, uint32_t pos) {
  T value;
  std::memcpy(&value, buffer.data + pos, sizeof(T));
  return value;
}

Error malformed(const char* what, uint32_t pos) {
  EMBER_LOG_ERROR("malformed program: %s at byte %u", what, static_cast<unsigned>(pos));
  return Error::InvalidProgram;
}

bool fits(Bytes buffer, uint64_t pos, uint64_t length) {
  return pos <= buffer.size && length <= buffer.size - pos;
}

}  // namespace

Result<Table> Table::at(Bytes buffer, uint32_t pos) {
  if (pos % 4 != 0 || !fits(buffer, pos, 4)) return malformed("table outside the buffer", pos);
  int32_t to_vtable = load<int32_t>(buffer, pos);
  int64_t vtable = static_cast<int64_t>(pos) - to_vtable;
  if (vtable < 0 || vtable % 2 != 0 || !fits(buffer, static_cast<uint64_t>(vtable), 4)) {
    return malformed("vtable outside the buffer", pos);
  }
  Table t;
  t.buffer_ = buffer;
  t.pos_ = pos;
  t.vtable_ = static_cast<uint32_t>(vtable);
  t.vtable_size_ = load<uint16_t>(buffer, t.vtable_);
  t.table_size_ = load<uint16_t>(buffer, t.vtable_ + 2);
  if (t.vtable_size_ < 4 || t.vtable_size_ % 2 != 0 || !fits(buffer, t.vtable_, t.vtable_size_)) {
    return malformed("bad vtable size", t.vtable_);
  }
  if (t.table_size_ < 4 || !fits(buffer, pos, t.table_size_)) return malformed("bad table size", pos);
  return t;
}

Result<Table> Table::root(Bytes buffer) {
  if (buffer.size < 8) return malformed("buffer shorter than a flatbuffer header", 0);
  return at(buffer, load<uint32_t>(buffer, 0));
}

uint16_t Table::field_offset(int slot) const {
  uint32_t entry = 4 + 2 * static_cast<uint32_t>(slot);
  if (entry + 2 > vtable_size_) return 0;
  return load<uint16_t>(buffer_, vtable_ + entry);
}

Result<uint32_t> Table::reference(int slot) const {
  uint16_t offset = field_offset(slot);
  if (offset == 0) return Error::NotFound;
  if (uint64_t{pos_} + offset + 4 > buffer_.size) return malformed("offset field past the buffer", pos_);
  uint32_t field = pos_ + offset;
  uint64_t target = uint64_t{field} + load<uint32_t>(buffer_, field);
  if (target % 4 != 0 || !fits(buffer_, target, 4)) return malformed("offset points outside the buffer", field);
  return static_cast<uint32_t>(target);
}

Result<Table> Table::table(int slot) const {
  EMBER_TRY_ASSIGN(uint32_t target, reference(slot));
  return Table::at(buffer_, target);
}

Result<Vector> Table::vector(int slot, uint32_t element_size) const {
  EMBER_TRY_ASSIGN(uint32_t target, reference(slot));
  return Vector::at(buffer_, target, element_size);
}

Result<Span<const char>> Table::string(int slot) const {
  EMBER_TRY_ASSIGN(Vector chars, vector(slot, 1));
  Bytes b = chars.bytes();
  return Span<const char>(reinterpret_cast<const char*>(b.data), b.size);
}

Result<Vector> Vector::at(Bytes buffer, uint32_t pos, uint32_t element_size) {
  if (pos % 4 != 0 || !fits(buffer, pos, 4)) return malformed("vector outside the buffer", pos);
  Vector v;
  v.buffer_ = buffer;
  v.length_ = load<uint32_t>(buffer, pos);
  v.data_ = pos + 4;
  v.element_size_ = element_size;
  if (!fits(buffer, v.data_, uint64_t{v.length_} * element_size)) {
    return malformed("vector longer than the buffer", pos);
  }
  return v;
}

Result<uint32_t> Vector::element_reference(uint32_t i) const {
  if (i >= length_ || element_size_ != 4) return malformed("vector index out of range", data_);
  uint32_t element = data_ + 4 * i;
  uint64_t target = uint64_t{element} + load<uint32_t>(buffer_, element);
  if (target % 4 != 0 || !fits(buffer_, target, 4)) return malformed("element offset outside the buffer", element);
  return static_cast<uint32_t>(target);
}

Result<Table> Vector::table(uint32_t i) const {
  EMBER_TRY_ASSIGN(uint32_t target, element_reference(i));
  return Table::at(buffer_, target);
}

Result<Span<const char>> Vector::string(uint32_t i) const {
  EMBER_TRY_ASSIGN(uint32_t target, element_reference(i));
  EMBER_TRY_ASSIGN(Vector chars, Vector::at(buffer_, target, 1));
  Bytes b = chars.bytes();
  return Span<const char>(reinterpret_cast<const char*>(b.data), b.size);
}

Result<Vector> optional_vector(const Table& table, int slot, uint32_t element_size) {
  if (!table.has(slot)) return Vector();
  return table.vector(slot, element_size);
}

}  // namespace ember::fb
