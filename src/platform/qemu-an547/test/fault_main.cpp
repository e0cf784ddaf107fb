// A firmware that faults on purpose: a load through a pointer to memory that
// does not exist. The HardFault handler must print the fault registers and end
// QEMU with status 134 instead of hanging (the ctest checks both).
#include <cstdint>
#include <cstdio>

int main() {
  std::printf("reading through a bad pointer\n");
  const uint32_t value = *reinterpret_cast<volatile uint32_t*>(uintptr_t{0xE0200000});
  std::printf("no fault: read 0x%08lx\n", static_cast<unsigned long>(value));
  return 0;
}
