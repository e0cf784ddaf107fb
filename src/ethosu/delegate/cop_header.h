// The driver-level header in front of a register command stream
// (docs/ethos-u-delegate.md): "COP1" (or "COP2" for direct drive), an
// optimizer-config record with the NPU configuration the stream was compiled for,
// NOP padding, then a command-stream record with its length in words.
#pragma once
#include <cstdint>

#include "core/result.h"
#include "core/span.h"

namespace ember::ethosu {

struct CommandStream {
  uint32_t config = 0;       // log2(MACs) | SHRAM kB << 8 | product << 28
  uint32_t arch_id = 0;
  Span<const uint8_t> words;  // the register stream the NPU executes
  uint32_t macs() const { return 1u << (config & 0xF); }
  uint32_t shram_bytes() const { return ((config >> 8) & 0xFF) * 1024; }
  uint32_t product() const { return config >> 28; }  // 0 Ethos-U55, 2 Ethos-U85
};

// Error::DelegateInvalidPayload (logged) for a header that is missing, truncated,
// has unknown records, or a stream length past the data.
Result<CommandStream> parse_cop_header(Span<const uint8_t> cmd_data);

}  // namespace ember::ethosu
