#include "ethosu/regs/disassembler.h"

#include <cstdio>
#include <cstring>

#include "ethosu/regs/command_stream.h"

namespace ember::ethosu {
namespace {

// ", name = value" for each field of the command, as Vela's listing has them.
void append_fields(std::string* line, uint32_t opcode, uint32_t control, uint32_t param, uint32_t payload) {
  char text[96];
  for (const CommandField& field : command_fields(opcode, control)) {
    const uint32_t value = field.value(param, payload);
    const char* label = field.format == CommandField::Format::Enum && value < field.label_count ? field.labels[value]
                                                                                                : nullptr;
    if (label) {
      std::snprintf(text, sizeof(text), ", %s = %s", field.name, label);
    } else if (field.format == CommandField::Format::Hex) {
      std::snprintf(text, sizeof(text), ", %s = 0x%x", field.name, value);
    } else {
      std::snprintf(text, sizeof(text), ", %s = %u", field.name, value);
    }
    *line += text;
  }
}

}  // namespace

std::string disassemble(Span<const uint8_t> bytes) {
  std::string listing;
  const size_t words = bytes.size / 4;
  char head[128];
  for (size_t i = 0; i < words;) {
    uint32_t word;
    std::memcpy(&word, bytes.data + 4 * i, 4);
    const uint32_t control = control_of(word), opcode = opcode_of(word), param = param_of(word);
    const uint32_t code = word & 0xFFFF;
    const char* name = command_name(opcode, control);
    uint32_t payload = 0;
    if (control == 1 && i + 1 < words) {
      std::memcpy(&payload, bytes.data + 4 * (i + 1), 4);
      std::snprintf(head, sizeof(head), "0x%06zx: %08x %04x %04x - %-30s%6u", 4 * i, payload, param, code,
                    name ? name : "UNKNOWN", param);
      i += 2;
    } else {
      std::snprintf(head, sizeof(head), "0x%06zx:          %04x %04x - %-30s%6u", 4 * i, param, code,
                    name ? name : "UNKNOWN", param);
      i += 1;
    }
    listing += head;
    append_fields(&listing, opcode, control, param, payload);
    listing += '\n';
  }
  return listing;
}

}  // namespace ember::ethosu
