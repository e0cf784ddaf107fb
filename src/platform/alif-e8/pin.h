// E8 pads: one 32-bit pin-mux register per pin, (pad control << 16) | alternate function.
#pragma once
#include <cstdint>

namespace ember::alif {

struct Pin {
  uint8_t port;
  uint8_t pin;
};

constexpr uint32_t kPortStride = 0x20;
constexpr uint32_t kPinStride = 4;

constexpr uintptr_t pinmux_address(uintptr_t pinmux_base, Pin pin) {
  return pinmux_base + pin.port * kPortStride + pin.pin * kPinStride;
}

constexpr uint32_t pinmux_value(uint32_t alternate_function, uint32_t pad_control) {
  return (pad_control << 16) | alternate_function;
}

}  // namespace ember::alif
