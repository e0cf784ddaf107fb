#include "ethosu/regs/disassembler.h"

#include <cinttypes>
#include <cstdio>
#include <cstring>

#include "ethosu/regs/command_stream.h"

namespace ember::ethosu {
namespace {

int64_t sign_extended(uint64_t value, uint8_t width) {
  const uint64_t sign = uint64_t{1} << (width - 1);
  return static_cast<int64_t>((value ^ sign) - sign);
}

// ", name = value" for each field of the command, as Vela's listing has them.
void append_fields(std::string* line, const CommandTable& table, const Command* command, uint32_t param,
                   uint32_t payload) {
  if (!command) return;
  char text[96];
  for (const CommandField& field : Span<const CommandField>(command->fields, command->field_count)) {
    const uint64_t value = field.value(param, payload);
    const char* label = nullptr;
    if (field.format == CommandField::Format::Enum) label = value < field.label_count ? field.labels[value] : table.unnamed;
    if (label) {
      std::snprintf(text, sizeof(text), ", %s = %s", field.name, label);
    } else if (field.format == CommandField::Format::Hex) {
      std::snprintf(text, sizeof(text), ", %s = 0x%" PRIx64, field.name, value);
    } else if (field.format == CommandField::Format::Signed && field.width == 32 && value >= (uint64_t{1} << 31)) {
      // Vela's listing shows a negative 32-bit field (the U85's NPU_SET_OP_SCALAR)
      // as its unsigned value less one (its generated printer's arithmetic): -544
      // is "4294966751". Kept, so the listings stay comparable line by line.
      std::snprintf(text, sizeof(text), ", %s = %" PRIu64, field.name, value - 1);
    } else if (field.format == CommandField::Format::Signed) {
      std::snprintf(text, sizeof(text), ", %s = %" PRId64, field.name, sign_extended(value, field.width));
    } else {
      std::snprintf(text, sizeof(text), ", %s = %" PRIu64, field.name, value);
    }
    *line += text;
  }
}

}  // namespace

std::string disassemble(Span<const uint8_t> bytes, const CommandTable& table) {
  std::string listing;
  const size_t words = bytes.size / 4;
  char head[128];
  for (size_t i = 0; i < words;) {
    uint32_t word;
    std::memcpy(&word, bytes.data + 4 * i, 4);
    const uint32_t control = control_of(word), opcode = opcode_of(word), param = param_of(word);
    const uint32_t code = word & 0xFFFF;
    const Command* command = table.find(opcode, control);
    const char* name = command ? command->name : "UNKNOWN";
    uint32_t payload = 0;
    if (control == 1 && i + 1 < words) {
      std::memcpy(&payload, bytes.data + 4 * (i + 1), 4);
      std::snprintf(head, sizeof(head), "0x%06zx: %08x %04x %04x - %-30s%6u", 4 * i, static_cast<unsigned>(payload),
                    static_cast<unsigned>(param), static_cast<unsigned>(code), name, static_cast<unsigned>(param));
      i += 2;
    } else {
      std::snprintf(head, sizeof(head), "0x%06zx:          %04x %04x - %-30s%6u", 4 * i, static_cast<unsigned>(param),
                    static_cast<unsigned>(code), name, static_cast<unsigned>(param));
      i += 1;
    }
    listing += head;
    append_fields(&listing, table, command, param, payload);
    listing += '\n';
  }
  return listing;
}

std::string disassemble(Span<const uint8_t> words) { return disassemble(words, command_table()); }

}  // namespace ember::ethosu
