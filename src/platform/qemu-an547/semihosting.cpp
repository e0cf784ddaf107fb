#include "semihosting.h"

#include <cstdint>

#include "board.h"

namespace ember::board {

void exit_with_status(int status) {
  volatile uint32_t block[2] = {kApplicationExit, static_cast<uint32_t>(status)};
  register uint32_t r0 __asm__("r0") = kSemihostingExitExtended;
  register volatile uint32_t* r1 __asm__("r1") = block;
  __asm__ volatile("bkpt 0xAB" : : "r"(r0), "r"(r1) : "memory");
  for (;;) {
  }
}

}  // namespace ember::board
