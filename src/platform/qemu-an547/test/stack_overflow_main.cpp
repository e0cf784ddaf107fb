// A firmware that overruns its stack on purpose: a recursion with a large frame.
// The stack limit (MSPLIM, set at reset) must stop it with a named UsageFault
// before it writes below the stack into .bss or a memory pool (the ctest checks
// the fault's name); the watermark must have seen the stack fill first.
#include <cstdint>
#include <cstdio>

#include "platform/board.h"

namespace {

uint32_t deeper(volatile uint32_t depth) {
  volatile uint8_t frame[1024];
  frame[0] = static_cast<uint8_t>(depth);
  return frame[0] + (depth < 1000000 ? deeper(depth + 1) : 0);
}

}  // namespace

int main() {
  const ember::platform::StackUse before = ember::platform::stack_use();
  std::printf("stack: peak %lu of %lu bytes before the recursion\n", static_cast<unsigned long>(before.peak_bytes),
              static_cast<unsigned long>(before.size_bytes));
  std::printf("no fault: %lu\n", static_cast<unsigned long>(deeper(0)));
  return 0;
}
