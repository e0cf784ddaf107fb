// Console over SEGGER RTT: the control block sits in DTCM; the debugger finds
// it by its id (or at the address printed at boot) and drains up buffer 0.
// Without a debugger reading, a full ring drops output (rtt_write) instead of
// stopping the firmware.
#include <cstdio>

#include "console.h"
#include "core_regs.h"
#include "rtt_ring.h"
#include "platform/board.h"

namespace ember::board {
namespace {

constexpr uint32_t kUpBytes = 4096;
constexpr uint32_t kDownBytes = 16;
// With a debugger attached and reading, a run's output is not lost: writes
// wait for room. The mode is in the buffer's flags, where the debugger may change it.
constexpr alif::RttMode kUpMode = alif::RttMode::BlockIfFull;
constexpr uint32_t kStallLimitMs = 100;  // a reader that took nothing for this long counts as gone

alif::RttControlBlock<1, 1> g_rtt;
char g_up[kUpBytes];
char g_down[kDownBytes];
uint32_t g_dropped = 0;

bool debugger_attached() { return (scb().dhcsr & kDhcsrDebugEnabled) != 0; }

}  // namespace

void console_init() { alif::rtt_init(g_rtt, g_up, kUpBytes, g_down, kDownBytes, kUpMode); }

void console_write(const char* text, size_t length) {
  const alif::RttWaitPolicy policy{debugger_attached, platform::cpu_cycles,
                                   platform::board_facts().cpu_clock_hz / 1000 * kStallLimitMs};
  g_dropped += alif::rtt_write(g_rtt.up[0], text, length, policy).dropped;
}

void console_flush() {}

void console_print_facts() {
  std::printf("  console: SEGGER RTT, control block at 0x%08x, up buffer 0 %u bytes; when it is full, waits only "
              "while a debugger is attached and reads (at most %u ms without progress), else drops output "
              "(%u bytes dropped so far)\n",
              reinterpret_cast<uintptr_t>(&g_rtt), kUpBytes, static_cast<unsigned>(kStallLimitMs),
              static_cast<unsigned>(g_dropped));
}

}  // namespace ember::board
