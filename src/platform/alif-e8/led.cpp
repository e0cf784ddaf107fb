// Both RGB LEDs show the run's stage (GPIO outputs, active high).
#include <initializer_list>

#include "dw_gpio.h"
#include "pinmux.h"
#include "platform/board.h"
#include "soc_facts.h"
#include "stage_colour.h"

namespace ember::board {
namespace {

void set_pin(alif::Pin pin, bool on) { DwGpio(pin.port).write(pin.pin, on); }

}  // namespace

void leds_init() {
  for (const RgbLed& led : kLeds) {
    for (alif::Pin pin : {led.red, led.green, led.blue}) {
      PinMux::set(pin, kAltGpio, 0);
      set_pin(pin, false);
      DwGpio(pin.port).make_output(pin.pin);
    }
  }
}

}  // namespace ember::board

void ember::platform::show_stage(Stage stage) {
  uint32_t colour = alif::stage_colour(stage);
  for (const board::RgbLed& led : board::kLeds) {
    board::set_pin(led.red, colour & alif::kRed);
    board::set_pin(led.green, colour & alif::kGreen);
    board::set_pin(led.blue, colour & alif::kBlue);
  }
}
