// The NPU's command registers as the command stream sets them. Values persist
// across operations (Vela writes only what changes), so the simulator keeps them
// from reset. Typed views of the fields an operation reads live in op_params.h.
#pragma once
#include <cstdint>

#include "ethosu/regs/command_stream.h"

namespace ember::ethosu {

struct RegisterFile {
  uint16_t cmd0[0x100] = {};        // opcodes 0x100..0x1FF: the 16-bit param
  uint32_t cmd1[0x100] = {};        // opcodes 0x000..0x0FF: the payload word
  uint16_t cmd1_param[0x100] = {};  // and their param (OFM_SCALE's shift)

  uint16_t get0(uint16_t id) const { return cmd0[id - 0x100]; }
  int32_t get0_signed(uint16_t id) const { return static_cast<int16_t>(cmd0[id - 0x100]); }
  uint32_t get1(uint16_t id) const { return cmd1[id]; }
  int32_t get1_signed(uint16_t id) const { return static_cast<int32_t>(cmd1[id]); }
};

}  // namespace ember::ethosu
