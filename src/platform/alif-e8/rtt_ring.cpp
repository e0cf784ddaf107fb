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
