// Entry point of a test firmware on an E8 core: board set-up (facts, SRAM
// power), every registered test, the status on the console and the LED.
#include "platform/board.h"
#include "testing/test.h"

int main() {
  if (!ember::platform::board_init()) return 2;
  ember::platform::show_stage(ember::platform::Stage::Running);
  return ember::testing::run_all(nullptr);
}
