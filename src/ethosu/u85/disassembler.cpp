#include "ethosu/u85/disassembler.h"

#include "ethosu/regs/disassembler.h"
#include "ethosu/u85/command_stream.h"

namespace ember::ethosu::u85 {

std::string disassemble(Span<const uint8_t> words) { return ethosu::disassemble(words, command_table()); }

}  // namespace ember::ethosu::u85
