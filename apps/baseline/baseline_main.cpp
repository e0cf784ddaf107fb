// The minimal baseline firmware the benches measure ember against: the same
// board start-up and console, and per "inference" only what any runtime must
// do outside the NPU: copy the input into the NPU's memory and the output
// back. Its size is the floor a runner image is compared with; its copy time
// the floor of the CPU's share of an inference. A second figure adds the copy
// the ExecuTorch contract implies (set_input fills the program's input buffer,
// the delegate copies that into the NPU scratch), so the runtime's own share
// can be told from the data it must move.
#include <cstdio>
#include <cstring>

#include "platform/board.h"

#ifndef EMBER_BASELINE_INPUT_BYTES
#define EMBER_BASELINE_INPUT_BYTES 784
#endif
#ifndef EMBER_BASELINE_OUTPUT_BYTES
#define EMBER_BASELINE_OUTPUT_BYTES 10
#endif
#ifndef EMBER_BASELINE_REPEAT
#define EMBER_BASELINE_REPEAT 100
#endif

namespace {

alignas(16) uint8_t g_input[EMBER_BASELINE_INPUT_BYTES];
alignas(16) uint8_t g_program_input[EMBER_BASELINE_INPUT_BYTES];
alignas(16) uint8_t g_scratch[EMBER_BASELINE_INPUT_BYTES + EMBER_BASELINE_OUTPUT_BYTES];
alignas(16) uint8_t g_output[EMBER_BASELINE_OUTPUT_BYTES];

uint32_t time_copies(bool through_program_input) {
  const uint32_t start = ember::platform::cpu_cycles();
  for (int r = 0; r < EMBER_BASELINE_REPEAT; ++r) {
    const uint8_t* input = g_input;
    if (through_program_input) {
      std::memcpy(g_program_input, g_input, sizeof(g_input));
      input = g_program_input;
    }
    __asm__ volatile("" ::: "memory");
    std::memcpy(g_scratch, input, sizeof(g_input));
    __asm__ volatile("" ::: "memory");  // the NPU would run here
    std::memcpy(g_output, g_scratch + sizeof(g_input), sizeof(g_output));
    __asm__ volatile("" ::: "memory");
  }
  return ember::platform::cpu_cycles() - start;
}

}  // namespace

int main() {
  if (!ember::platform::board_init()) ember::platform::finish(1);
  std::printf("baseline: input %u bytes, output %u bytes\n", static_cast<unsigned>(sizeof(g_input)),
              static_cast<unsigned>(sizeof(g_output)));
  std::printf("  timing: %u inferences, cpu %lu\n", static_cast<unsigned>(EMBER_BASELINE_REPEAT),
              static_cast<unsigned long>(time_copies(false)));
  std::printf("  timing with the program input copy: %u inferences, cpu %lu\n",
              static_cast<unsigned>(EMBER_BASELINE_REPEAT), static_cast<unsigned long>(time_copies(true)));
  ember::platform::finish(0);
}
