#include "ethosu/regs/disassembler.h"

#include <cstdio>
#include <cstring>

#include "ethosu/regs/command_stream.h"

namespace ember::ethosu {

std::string disassemble(Span<const uint8_t> bytes) {
  std::string listing;
  const size_t words = bytes.size / 4;
  char line[160];
  for (size_t i = 0; i < words;) {
    uint32_t word;
    std::memcpy(&word, bytes.data + 4 * i, 4);
    const uint32_t control = control_of(word);
    const uint32_t code = word & 0xFFFF;
    const char* name = command_name(opcode_of(word), control);
    if (control == 1 && i + 1 < words) {
      uint32_t payload;
      std::memcpy(&payload, bytes.data + 4 * (i + 1), 4);
      std::snprintf(line, sizeof(line), "0x%06zx: %08x %04x %04x - %-32s %u\n", 4 * i, payload, param_of(word), code,
                    name ? name : "UNKNOWN", param_of(word));
      i += 2;
    } else {
      std::snprintf(line, sizeof(line), "0x%06zx:          %04x %04x - %-32s %u\n", 4 * i, param_of(word), code,
                    name ? name : "UNKNOWN", param_of(word));
      i += 1;
    }
    listing += line;
  }
  return listing;
}

}  // namespace ember::ethosu
