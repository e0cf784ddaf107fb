// The pad multiplexer: one register per pin.
#pragma once
#include <cstdint>

#include "pin.h"
#include "soc_facts.h"

namespace ember::board {

class PinMux {
 public:
  static void set(alif::Pin pin, uint32_t alternate_function, uint32_t pad_control) {
    *reinterpret_cast<volatile uint32_t*>(alif::pinmux_address(kPinMuxBase, pin)) =
        alif::pinmux_value(alternate_function, pad_control);
  }
};

}  // namespace ember::board
