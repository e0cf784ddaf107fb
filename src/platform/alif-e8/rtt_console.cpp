// Console over SEGGER RTT: the control block sits in DTCM; the debugger finds
// it by its id (or at the address printed at boot) and drains up buffer 0.
#include <cstdio>

#include "console.h"
#include "rtt_ring.h"

namespace ember::board {
namespace {

constexpr uint32_t kUpBytes = 4096;
constexpr uint32_t kDownBytes = 16;
// A run's output must not be lost: wait for the host while the ring is full.
// Without a debugger attached the firmware then stops at the first full ring.
constexpr alif::RttMode kUpMode = alif::RttMode::BlockIfFull;

alif::RttControlBlock<1, 1> g_rtt;
char g_up[kUpBytes];
char g_down[kDownBytes];

}  // namespace

void console_init() { alif::rtt_init(g_rtt, g_up, kUpBytes, g_down, kDownBytes, kUpMode); }

void console_write(const char* text, size_t length) {
  alif::RttBuffer& up = g_rtt.up[0];
  // The debugger moves read_offset (and may change the mode) behind our back.
  volatile uint32_t& read_offset = up.read_offset;
  volatile uint32_t& write_offset = up.write_offset;
  volatile uint32_t& flags = up.flags;
  if (up.size == 0) return;  // a fault before console_init(): nowhere to write yet
  while (length > 0) {
    auto mode = static_cast<alif::RttMode>(flags & alif::kRttModeMask);
    uint32_t free_space = alif::rtt_free_space(up.size, write_offset, read_offset);
    uint32_t count = alif::rtt_bytes_to_write(mode, free_space, static_cast<uint32_t>(length));
    if (count > 0) {
      uint32_t next = alif::rtt_ring_copy(up.buffer, up.size, write_offset, text, count);
      __asm__ volatile("dmb 0xF" ::: "memory");  // data before the offset that publishes it
      write_offset = next;
    }
    if (mode != alif::RttMode::BlockIfFull) return;
    text += count;
    length -= count;
  }
}

void console_flush() {}

void console_print_facts() {
  std::printf("  console: SEGGER RTT, control block at 0x%08x, up buffer 0 %u bytes (waits while full)\n",
              reinterpret_cast<uintptr_t>(&g_rtt), kUpBytes);
}

}  // namespace ember::board
