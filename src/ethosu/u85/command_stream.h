// The Ethos-U85 command stream (docs/ethos-u85.md): the U55's word format
// (bits [9:0] opcode, [15:14] control: 0 one word, 1 a payload word follows,
// [31:16] param), a different vocabulary. Addresses are 40 bits: the payload is
// the low 32, param bits [7:0] the high 8. Names, fields and enum labels as
// Vela 5.1 lists them (--verbose-register-command-stream for ethos-u85-*).
#pragma once
#include <cstdint>

#include "core/span.h"

namespace ember::ethosu::u85 {

// One field of a command, decoded as Vela's listing shows it.
struct CommandField {
  enum class Source : uint8_t { Param, Payload, Address40 };  // Address40: param[7:0] << 32 | payload
  enum class Format : uint8_t { Decimal, Signed, Hex, Enum };
  const char* name;
  Source source;
  uint8_t lsb, width;
  Format format;
  const char* const* labels;  // Enum: label per value ("****" where Vela has none)
  uint32_t label_count;

  uint64_t value(uint32_t param, uint32_t payload) const {
    if (source == Source::Address40) return (static_cast<uint64_t>(param & 0xFF) << 32) | payload;
    const uint32_t word = source == Source::Param ? param : payload;
    return width >= 32 ? word >> lsb : (word >> lsb) & ((1u << width) - 1);
  }
};

// The mnemonic of a command (nullptr when the U85 has none) and its fields in
// Vela's order.
const char* command_name(uint32_t opcode, uint32_t control);
Span<const CommandField> command_fields(uint32_t opcode, uint32_t control);

}  // namespace ember::ethosu::u85
