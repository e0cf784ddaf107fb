// The stack's high-water mark: the start-up fills the free stack with a pattern
// (stack_paint, before main), platform::stack_use() finds the lowest word since
// overwritten. Shared by every firmware board; the linker script names the
// stack's ends __stack_limit__ and __stack_top__.
#pragma once

namespace ember::board {

// Fills the stack below the caller's frame; call it first thing in Reset_Handler.
void stack_paint();

}  // namespace ember::board
