#include "stack_watermark.h"

#include <cstdint>

#include "platform/board.h"

extern "C" uint32_t __stack_limit__, __stack_top__;

namespace {
constexpr uint32_t kPaint = 0x5A7AC4EDu;
// Left unpainted below the painting function's own stack pointer.
constexpr uintptr_t kMargin = 64;
}  // namespace

namespace ember::board {

void stack_paint() {
  uintptr_t sp;
  __asm__ volatile("mov %0, sp" : "=r"(sp));
  volatile uint32_t* end = reinterpret_cast<volatile uint32_t*>((sp - kMargin) & ~uintptr_t{3});
  for (volatile uint32_t* p = &__stack_limit__; p < end; ++p) *p = kPaint;
}

}  // namespace ember::board

namespace ember::platform {

StackUse stack_use() {
  const volatile uint32_t* p = &__stack_limit__;
  const volatile uint32_t* top = &__stack_top__;
  while (p < top && *p == kPaint) ++p;
  const uintptr_t size = reinterpret_cast<uintptr_t>(top) - reinterpret_cast<uintptr_t>(&__stack_limit__);
  return {static_cast<uint32_t>(reinterpret_cast<uintptr_t>(top) - reinterpret_cast<uintptr_t>(p)),
          static_cast<uint32_t>(size)};
}

}  // namespace ember::platform
