// A .pte read from disk into a 16-byte-aligned buffer, and the facts the tools
// read from it beyond what a method needs (constant methods holding the I/O
// quantization parameters that upstream's QuantizeInputs/Outputs passes add).
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "runtime/program.h"

namespace ember::tool {

struct AlignedFree {
  void operator()(uint8_t* p) const;
};

struct ProgramFile {
  std::unique_ptr<uint8_t[], AlignedFree> bytes;
  size_t size = 0;
};

bool read_program_file(const std::string& path, ProgramFile* out, std::string* error);

struct QuantParams {
  double scale;
  int64_t zero_point;
};

// Constant methods (no instructions, one Int or Double output) by name.
std::map<std::string, double> constant_methods(const Program& program);
// The int8 I/O parameters of input or output `index` ("input"/"output").
std::optional<QuantParams> io_quantization(const std::map<std::string, double>& constants,
                                           const char* kind, size_t index);

}  // namespace ember::tool
