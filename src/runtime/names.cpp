// Readable names for error messages, without any libc formatting.
#include "runtime/evalue.h"
#include "runtime/scalar_type.h"
#include "runtime/shape_text.h"

namespace ember {

const char* to_string(ScalarType t) {
  switch (t) {
    case ScalarType::Byte: return "uint8";
    case ScalarType::Char: return "int8";
    case ScalarType::Short: return "int16";
    case ScalarType::Int: return "int32";
    case ScalarType::Long: return "int64";
    case ScalarType::Half: return "float16";
    case ScalarType::Float: return "float32";
    case ScalarType::Double: return "float64";
    case ScalarType::Bool: return "bool";
    case ScalarType::QInt8: return "qint8";
    case ScalarType::QUInt8: return "quint8";
    case ScalarType::QInt32: return "qint32";
    case ScalarType::BFloat16: return "bfloat16";
    case ScalarType::QUInt4x2: return "quint4x2";
    case ScalarType::QUInt2x4: return "quint2x4";
    case ScalarType::Bits16: return "bits16";
    case ScalarType::UInt16: return "uint16";
    case ScalarType::UInt32: return "uint32";
    case ScalarType::UInt64: return "uint64";
  }
  return "unknown";
}

const char* to_string(Tag tag) {
  switch (tag) {
    case Tag::None: return "None";
    case Tag::Int: return "Int";
    case Tag::Double: return "Double";
    case Tag::Bool: return "Bool";
    case Tag::String: return "String";
    case Tag::Tensor: return "Tensor";
    case Tag::IntList: return "IntList";
    case Tag::DoubleList: return "DoubleList";
    case Tag::BoolList: return "BoolList";
    case Tag::TensorList: return "TensorList";
    case Tag::OptionalTensorList: return "OptionalTensorList";
  }
  return "unknown";
}

void format_shape(Span<const int32_t> sizes, char* out, size_t capacity) {
  size_t n = 0;
  auto put = [&](char c) {
    if (n + 1 < capacity) out[n++] = c;
  };
  put('[');
  for (size_t i = 0; i < sizes.size; ++i) {
    if (i) { put(','); put(' '); }
    char digits[12];
    int count = 0;
    int64_t v = sizes[i];
    if (v < 0) { put('-'); v = -v; }
    do { digits[count++] = static_cast<char>('0' + v % 10); v /= 10; } while (v && count < 12);
    while (count) put(digits[--count]);
  }
  put(']');
  if (capacity) out[n] = '\0';
}

}  // namespace ember
