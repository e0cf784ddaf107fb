#include "rtt_ring.h"

#include <cstring>

namespace ember::alif {

uint32_t rtt_ring_copy(char* ring, uint32_t size, uint32_t write_offset, const char* data, uint32_t count) {
  uint32_t until_end = size - write_offset;
  uint32_t first = count < until_end ? count : until_end;
  std::memcpy(ring + write_offset, data, first);
  std::memcpy(ring, data + first, count - first);
  uint32_t next = write_offset + count;
  return next >= size ? next - size : next;
}

RttWriteResult rtt_write(RttBuffer& up, const char* text, size_t length, const RttWaitPolicy& policy) {
  volatile uint32_t& read_offset = up.read_offset;  // moved by the debugger
  volatile uint32_t& write_offset = up.write_offset;
  volatile uint32_t& flags = up.flags;
  RttWriteResult result{0, 0};
  if (up.size == 0) {  // a fault before console_init(): nowhere to write yet
    result.dropped = static_cast<uint32_t>(length);
    return result;
  }
  uint32_t stalled_since = policy.cycles();
  uint32_t stalled_polls = 0;  // bounds the wait too when the cycle counter does not run
  while (length > 0) {
    const auto mode = static_cast<RttMode>(flags & kRttModeMask);
    const uint32_t free_space = rtt_free_space(up.size, write_offset, read_offset);
    const uint32_t count = rtt_bytes_to_write(mode, free_space, static_cast<uint32_t>(length));
    if (count > 0) {
      const uint32_t next = rtt_ring_copy(up.buffer, up.size, write_offset, text, count);
      __atomic_thread_fence(__ATOMIC_RELEASE);  // data before the offset that publishes it
      write_offset = next;
      result.written += count;
      text += count;
      length -= count;
      stalled_since = policy.cycles();
      stalled_polls = 0;
    }
    const bool may_wait = mode == RttMode::BlockIfFull && policy.debugger_attached() &&
                          ++stalled_polls < policy.stall_limit_cycles &&
                          policy.cycles() - stalled_since < policy.stall_limit_cycles;
    if (length > 0 && !may_wait) {
      result.dropped += static_cast<uint32_t>(length);
      return result;
    }
  }
  return result;
}

void rtt_write_id(char (&id)[16]) {
  // Built from two halves so the complete id never sits anywhere else in RAM
  // (a debugger would find that copy first); the first byte is written last.
  static constexpr char kTail[] = "EGGER RTT";
  std::memset(id, 0, sizeof(id));
  std::memcpy(id + 1, kTail, sizeof(kTail) - 1);
  __atomic_signal_fence(__ATOMIC_SEQ_CST);
  id[0] = 'S';
}

}  // namespace ember::alif
