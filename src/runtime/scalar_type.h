// Element types, numbered as in the .pte schema (ScalarType).
#pragma once
#include <cstddef>
#include <cstdint>

namespace ember {

enum class ScalarType : int8_t {
  Byte = 0, Char = 1, Short = 2, Int = 3, Long = 4, Half = 5, Float = 6, Double = 7,
  Bool = 11, QInt8 = 12, QUInt8 = 13, QInt32 = 14, BFloat16 = 15, QUInt4x2 = 16,
  QUInt2x4 = 17, Bits16 = 22, UInt16 = 27, UInt32 = 28, UInt64 = 29,
};

// Bytes per element, 0 for a type the runtime cannot hold.
constexpr size_t element_size(ScalarType t) {
  switch (t) {
    case ScalarType::Byte: case ScalarType::Char: case ScalarType::Bool:
    case ScalarType::QInt8: case ScalarType::QUInt8: case ScalarType::QUInt4x2:
    case ScalarType::QUInt2x4:
      return 1;
    case ScalarType::Short: case ScalarType::Half: case ScalarType::BFloat16:
    case ScalarType::Bits16: case ScalarType::UInt16:
      return 2;
    case ScalarType::Int: case ScalarType::Float: case ScalarType::QInt32:
    case ScalarType::UInt32:
      return 4;
    case ScalarType::Long: case ScalarType::Double: case ScalarType::UInt64:
      return 8;
  }
  return 0;
}

const char* to_string(ScalarType t);

}  // namespace ember
