// The Ethos-U85 command stream (docs/ethos-u85.md): the U55's word format
// (bits [9:0] opcode, [15:14] control: 0 one word, 1 a payload word follows,
// [31:16] param), a different vocabulary. Addresses are 40 bits: the payload is
// the low 32, param bits [7:0] the high 8. Names, fields and enum labels as
// Vela 5.1 lists them (--verbose-register-command-stream for ethos-u85-*); the
// simulator's register ids are in registers.h.
#pragma once
#include "ethosu/regs/command_table.h"

namespace ember::ethosu::u85 {

// Names and fields of the U85's commands (command_names.cpp).
const CommandTable& command_table();

}  // namespace ember::ethosu::u85
