// A listing of an Ethos-U85 register command stream in the columns of Vela's
// --verbose-register-command-stream for ethos-u85-*: byte offset, payload word,
// param, code, mnemonic, param value, then each field decoded ("name = value",
// enum values by their Vela names, "****" where Vela has no name). Host-only.
#pragma once
#include <cstdint>
#include <string>

#include "core/span.h"

namespace ember::ethosu::u85 {

// One line per command; unknown commands are named "UNKNOWN" and the listing
// continues, so it can show where a stream goes wrong.
std::string disassemble(Span<const uint8_t> words);

}  // namespace ember::ethosu::u85
