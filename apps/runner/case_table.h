// The runner's embedded test cases, as `ember build` writes them (cases.bin):
//   header  "EMBC", u32 version (1), u32 case count, u32 inputs per case, u32 outputs per case
//   then per case, inputs then outputs, each: u32 byte count, 12 bytes zero,
//   the bytes, zero padding to 16. Expected outputs are the host run's bytes.
// Checked like any input: a truncated or inconsistent table is an error.
#pragma once
#include <cstddef>
#include <cstdint>

#include "core/result.h"
#include "core/span.h"

namespace ember::runner {

struct CaseTable {
  static constexpr uint32_t kMaxTensors = 8;
  uint32_t case_count = 0;
  uint32_t input_count = 0;
  uint32_t output_count = 0;
  Span<const uint8_t> data;  // the whole table

  static Result<CaseTable> parse(Span<const uint8_t> bytes);
  // Tensors of case c: inputs [0, input_count), then outputs.
  Error tensors(uint32_t c, Span<const uint8_t>* out, uint32_t capacity) const;
};

}  // namespace ember::runner
