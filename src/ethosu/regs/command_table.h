// A table of an NPU's commands as Vela's --verbose-register-command-stream
// listing names them: each command's mnemonic and its fields in Vela's order
// ("name = value", decimal, signed, hex or an enum label). One shape serves
// the Ethos-U55's vocabulary (regs/command_names.cpp) and the U85's
// (u85/command_names.cpp); the disassembler formats either (regs/disassembler.h).
#pragma once
#include <cstdint>

#include "core/span.h"

namespace ember::ethosu {

// One field of a command's param (16 bits), payload word (32 bits), or a
// 40-bit address (param[7:0] << 32 | payload, the U85's).
struct CommandField {
  enum class Source : uint8_t { Param, Payload, Address40 };
  enum class Format : uint8_t { Decimal, Signed, Hex, Enum };
  const char* name;
  Source source;
  uint8_t lsb, width;
  Format format;
  const char* const* labels;  // Enum: label of each value (nullptr: none)
  uint32_t label_count;

  uint64_t value(uint32_t param, uint32_t payload) const {
    if (source == Source::Address40) return (static_cast<uint64_t>(param & 0xFF) << 32) | payload;
    const uint32_t word = source == Source::Param ? param : payload;
    return width >= 32 ? word >> lsb : (word >> lsb) & ((1u << width) - 1);
  }
};

struct Command {
  uint16_t opcode;
  const char* name;
  const CommandField* fields;
  uint32_t field_count;
};

struct CommandTable {
  Span<const Command> cmd0;  // operations (opcode < 0x100) and register writes of the param
  Span<const Command> cmd1;  // register writes of a payload word
  const char* unnamed;       // shown for an enum value past its labels (nullptr: the number)

  const Command* find(uint32_t opcode, uint32_t control) const {
    const Span<const Command> commands = control == 0 ? cmd0 : (control == 1 ? cmd1 : Span<const Command>());
    for (size_t i = 0; i < commands.size; ++i) {
      if (commands[i].opcode == opcode) return &commands[i];
    }
    return nullptr;
  }
};

// Building blocks of the tables (constexpr).
namespace table {

using Source = CommandField::Source;
using Format = CommandField::Format;

template <uint32_t N>
constexpr CommandField enum_field(const char* name, Source source, uint8_t lsb, uint8_t width,
                                  const char* const (&labels)[N]) {
  return {name, source, lsb, width, Format::Enum, labels, N};
}
constexpr CommandField number(const char* name, Source source, uint8_t lsb, uint8_t width) {
  return {name, source, lsb, width, Format::Decimal, nullptr, 0};
}
constexpr CommandField signed_number(const char* name, Source source, uint8_t lsb, uint8_t width) {
  return {name, source, lsb, width, Format::Signed, nullptr, 0};
}
constexpr CommandField param(const char* name, uint8_t width = 16) { return number(name, Source::Param, 0, width); }

template <uint32_t N>
constexpr Command command(uint16_t opcode, const char* name, const CommandField (&fields)[N]) {
  return {opcode, name, fields, N};
}
constexpr Command command(uint16_t opcode, const char* name) { return {opcode, name, nullptr, 0}; }

}  // namespace table
}  // namespace ember::ethosu
