// The minimal baseline firmware the benches measure ember against: the same
// board start-up and console, and per "inference" only what any runtime must
// do outside the NPU: copy the input into the NPU's memory and the output
// back. Its size is the floor a runner image is compared with; its copy time
// the floor of the CPU's share of an inference.
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
alignas(16) uint8_t g_scratch[EMBER_BASELINE_INPUT_BYTES + EMBER_BASELINE_OUTPUT_BYTES];
alignas(16) uint8_t g_output[EMBER_BASELINE_OUTPUT_BYTES];

}  // namespace

int main() {
  if (!ember::platform::board_init()) ember::platform::finish(1);
  const uint32_t start = ember::platform::cpu_cycles();
  for (int r = 0; r < EMBER_BASELINE_REPEAT; ++r) {
    std::memcpy(g_scratch, g_input, sizeof(g_input));
    __asm__ volatile("" ::: "memory");  // the NPU would run here
    std::memcpy(g_output, g_scratch + sizeof(g_input), sizeof(g_output));
    __asm__ volatile("" ::: "memory");
  }
  const uint32_t ticks = ember::platform::cpu_cycles() - start;
  std::printf("baseline: input %u bytes, output %u bytes\n", static_cast<unsigned>(sizeof(g_input)),
              static_cast<unsigned>(sizeof(g_output)));
  std::printf("  timing: %u inferences, cpu %lu\n", static_cast<unsigned>(EMBER_BASELINE_REPEAT), static_cast<unsigned long>(ticks));
  ember::platform::finish(0);
}
