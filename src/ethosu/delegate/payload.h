// The Ethos-U delegate payload ("vela_bin_stream", docs/ethos-u-delegate.md,
// with its upstream sources): named blocks of 16-byte-aligned data, in a fixed
// order. parse_payload validates everything the delegate and `ember inspect`
// rely on.
#pragma once
#include <cstdint>

#include "core/result.h"
#include "core/span.h"

namespace ember::ethosu {

constexpr uint32_t kMaxPayloadIo = 8;
constexpr uint32_t kVelaShapeRank = 6;

struct PayloadIo {
  int32_t shape[kVelaShapeRank];
  int32_t element_size;
  int32_t offset;  // in the scratch arena
  int32_t region;
};

struct Payload {
  Span<const uint8_t> command_stream;  // cmd_data, starts with COP1 or COP2
  Span<const uint8_t> weights;         // weight_data (base pointer 0)
  uint32_t scratch_size = 0;
  uint32_t input_count = 0;
  uint32_t output_count = 0;
  PayloadIo inputs[kMaxPayloadIo];
  PayloadIo outputs[kMaxPayloadIo];
};

// Error::DelegateInvalidPayload (with the reason logged) for anything malformed:
// misalignment, unknown or misordered blocks, sizes past the end, a command
// stream without a COP1/COP2 header, I/O outside the scratch arena.
Result<Payload> parse_payload(Span<const uint8_t> data);

}  // namespace ember::ethosu
