// A listing of a register command stream in the columns of Vela's
// --verbose-register-command-stream: byte offset, payload word, param, code,
// mnemonic, param value, then each field decoded ("name = value", enum values by
// their Vela names). Host-only (it formats text).
#pragma once
#include <cstdint>
#include <string>

#include "core/span.h"
#include "ethosu/regs/command_table.h"

namespace ember::ethosu {

// One line per command; unknown commands are named "UNKNOWN" and the listing
// continues, so it can show where a stream goes wrong. `table`: the NPU's
// vocabulary (the U85's is u85::command_table()); without it the U55's.
std::string disassemble(Span<const uint8_t> words, const CommandTable& table);
std::string disassemble(Span<const uint8_t> words);

}  // namespace ember::ethosu
