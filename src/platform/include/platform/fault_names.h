// Names of the Armv8-M configurable fault status bits (CFSR), so a HardFault
// report says "precise data bus error" rather than only a hex word. Shared by
// every board's fault handler; pure, so it needs no hardware to test.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace ember::platform {

struct FaultBit {
  uint8_t bit;
  const char* name;
};

inline constexpr FaultBit kCfsrBits[] = {
    {0, "instruction access violation (MPU)"}, {1, "data access violation (MPU)"},
    {3, "MemManage fault on exception return unstacking"}, {4, "MemManage fault on exception entry stacking"},
    {5, "MemManage fault during FP lazy state preservation"}, {8, "instruction bus error"},
    {9, "precise data bus error"}, {10, "imprecise data bus error"}, {11, "bus fault on unstacking"},
    {12, "bus fault on stacking"}, {13, "bus fault during FP lazy state preservation"},
    {16, "undefined instruction"}, {17, "invalid state (EPSR.T or IT)"}, {18, "invalid EXC_RETURN (PC load)"},
    {19, "no coprocessor (FPU/MVE not enabled)"}, {20, "stack overflow (stack limit)"},
    {24, "unaligned access"}, {25, "divide by zero"},
};

// Writes the names of the bits set in cfsr, separated by "; ", into text.
inline void describe_cfsr(uint32_t cfsr, char* text, size_t capacity) {
  if (capacity == 0) return;
  text[0] = '\0';
  size_t used = 0;
  for (const FaultBit& f : kCfsrBits) {
    if (!(cfsr & (1u << f.bit))) continue;
    const char* separator = used ? "; " : "";
    const size_t need = std::strlen(separator) + std::strlen(f.name);
    if (used + need + 1 > capacity) break;
    std::strcat(text + used, separator);
    std::strcat(text + used, f.name);
    used += need;
  }
  if (used == 0 && capacity > 8) std::strcpy(text, "no CFSR bit set");
}

}  // namespace ember::platform
