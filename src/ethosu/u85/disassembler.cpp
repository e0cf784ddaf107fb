#include "ethosu/u85/disassembler.h"

#include <cinttypes>
#include <cstdio>
#include <cstring>

#include "ethosu/u85/command_stream.h"

namespace ember::ethosu::u85 {
namespace {

int64_t sign_extended(uint64_t value, uint8_t width) {
  const uint64_t sign = uint64_t{1} << (width - 1);
  return static_cast<int64_t>((value ^ sign) - sign);
}

// ", name = value" for each field of the command, as Vela's listing has them.
void append_fields(std::string* line, uint32_t opcode, uint32_t control, uint32_t param, uint32_t payload) {
  char text[96];
  for (const CommandField& field : command_fields(opcode, control)) {
    const uint64_t value = field.value(param, payload);
    switch (field.format) {
      case CommandField::Format::Enum:
        std::snprintf(text, sizeof(text), ", %s = %s", field.name,
                      value < field.label_count ? field.labels[value] : "****");
        break;
      case CommandField::Format::Hex:
        std::snprintf(text, sizeof(text), ", %s = 0x%" PRIx64, field.name, value);
        break;
      case CommandField::Format::Signed:
        if (field.width == 32 && value >= (uint64_t{1} << 31)) {
          // Vela's listing shows a negative 32-bit field (NPU_SET_OP_SCALAR) as its
          // unsigned value less one (its generated printer's arithmetic): -544 is
          // "4294966751". Kept, so the listings stay comparable line by line.
          std::snprintf(text, sizeof(text), ", %s = %" PRIu64, field.name, value - 1);
        } else {
          std::snprintf(text, sizeof(text), ", %s = %" PRId64, field.name, sign_extended(value, field.width));
        }
        break;
      case CommandField::Format::Decimal:
        std::snprintf(text, sizeof(text), ", %s = %" PRIu64, field.name, value);
        break;
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
    const uint32_t control = (word >> 14) & 0x3, opcode = word & 0x3FF, param = word >> 16;
    const uint32_t code = word & 0xFFFF;
    const char* name = command_name(opcode, control);
    uint32_t payload = 0;
    if (control == 1 && i + 1 < words) {
      std::memcpy(&payload, bytes.data + 4 * (i + 1), 4);
      std::snprintf(head, sizeof(head), "0x%06zx: %08x %04x %04x - %-30s%6u", 4 * i, static_cast<unsigned>(payload),
                    static_cast<unsigned>(param), static_cast<unsigned>(code), name ? name : "UNKNOWN",
                    static_cast<unsigned>(param));
      i += 2;
    } else {
      std::snprintf(head, sizeof(head), "0x%06zx:          %04x %04x - %-30s%6u", 4 * i, static_cast<unsigned>(param),
                    static_cast<unsigned>(code), name ? name : "UNKNOWN", static_cast<unsigned>(param));
      i += 1;
    }
    listing += head;
    append_fields(&listing, opcode, control, param, payload);
    listing += '\n';
  }
  return listing;
}

}  // namespace ember::ethosu::u85
