// SEGGER RTT, written from SEGGER's public description of the protocol: a
// control block in target RAM, found by the debugger through its 16-byte id
// "SEGGER RTT", followed by up (target -> host) and down (host -> target)
// buffer descriptors. Each buffer is a ring: the target owns the write offset
// of an up buffer, the debugger its read offset; equal offsets mean empty, so
// one byte always stays free.
#pragma once
#include <cstddef>
#include <cstdint>

namespace ember::alif {

struct RttBuffer {
  const char* name;
  char* buffer;
  uint32_t size;
  uint32_t write_offset;
  uint32_t read_offset;
  uint32_t flags;  // bits 1:0: what a write does when the ring is full (RttMode)
};
static_assert(sizeof(void*) != 4 || sizeof(RttBuffer) == 24, "RTT buffer descriptor is 24 bytes on the target");

template <size_t Up, size_t Down>
struct RttControlBlock {
  char id[16];
  int32_t max_up_buffers;
  int32_t max_down_buffers;
  RttBuffer up[Up];
  RttBuffer down[Down];
};

enum class RttMode : uint32_t { NoBlockSkip = 0, NoBlockTrim = 1, BlockIfFull = 2 };
constexpr uint32_t kRttModeMask = 3;

constexpr uint32_t rtt_free_space(uint32_t size, uint32_t write_offset, uint32_t read_offset) {
  return read_offset > write_offset ? read_offset - write_offset - 1 : size - (write_offset - read_offset) - 1;
}

// How many of `length` bytes a write stores now: Skip writes all or nothing,
// Trim and Block (which the caller retries) what fits.
constexpr uint32_t rtt_bytes_to_write(RttMode mode, uint32_t free_space, uint32_t length) {
  if (mode == RttMode::NoBlockSkip) return length <= free_space ? length : 0;
  return length < free_space ? length : free_space;
}

// Copies count bytes into the ring at write_offset, wrapping at size; returns
// the new write offset. count must not exceed the free space.
uint32_t rtt_ring_copy(char* ring, uint32_t size, uint32_t write_offset, const char* data, uint32_t count);

// Who may make a write wait for room. SEGGER's default for the up buffer drops
// what does not fit (NO_BLOCK_SKIP); ember waits (BlockIfFull) only while a
// debugger is attached and draining: with none, or with one that has not read
// for stall_limit_cycles, the rest is dropped and counted, so a board without
// a debugger never stops at a full ring.
struct RttWaitPolicy {
  bool (*debugger_attached)();  // the core's DHCSR.C_DEBUGEN on a board
  uint32_t (*cycles)();         // a free-running cycle counter (wraps)
  uint32_t stall_limit_cycles;  // longest wait for the reader to make room (in polls too,
                                // should the cycle counter not run)
};

struct RttWriteResult {
  uint32_t written;
  uint32_t dropped;
};

// Writes text into up buffer `up` (whose read offset and mode the debugger may
// change at any time) under `policy`.
RttWriteResult rtt_write(RttBuffer& up, const char* text, size_t length, const RttWaitPolicy& policy);

// Fills a control block; the id goes in last so that a debugger scanning RAM
// never finds a half-written block. Every buffer but up[0] (and down[0]) stays empty.
template <size_t Up, size_t Down>
void rtt_init(RttControlBlock<Up, Down>& block, char* up_ring, uint32_t up_size, char* down_ring, uint32_t down_size,
              RttMode up_mode);

void rtt_write_id(char (&id)[16]);

template <size_t Up, size_t Down>
void rtt_init(RttControlBlock<Up, Down>& block, char* up_ring, uint32_t up_size, char* down_ring, uint32_t down_size,
              RttMode up_mode) {
  block = {};
  block.max_up_buffers = static_cast<int32_t>(Up);
  block.max_down_buffers = static_cast<int32_t>(Down);
  block.up[0] = {"Terminal", up_ring, up_size, 0, 0, static_cast<uint32_t>(up_mode)};
  block.down[0] = {"Terminal", down_ring, down_size, 0, 0, static_cast<uint32_t>(RttMode::NoBlockSkip)};
  rtt_write_id(block.id);
}

}  // namespace ember::alif
