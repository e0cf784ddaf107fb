// Reading and writing NumPy .npy files (format 1.0-3.0, C order, little endian).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "runtime/scalar_type.h"

namespace ember::tool {

struct NpyArray {
  ScalarType dtype = ScalarType::Float;
  std::vector<int64_t> shape;
  std::vector<uint8_t> data;
};

// Returns false and sets `error` for anything it cannot read.
bool read_npy(const std::string& path, NpyArray* out, std::string* error);
// A float64 array as float32 (rounded to nearest), in place.
void to_float32(NpyArray* array);
bool write_npy(const std::string& path, const NpyArray& array, std::string* error);

}  // namespace ember::tool
