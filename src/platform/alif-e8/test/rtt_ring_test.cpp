#include "rtt_ring.h"

#include <cstddef>
#include <cstring>

#include "testing/test.h"

using namespace ember::alif;

EMBER_TEST(rtt_free_space_keeps_one_byte_empty) {
  EXPECT_EQ(rtt_free_space(16, 0, 0), 15u);
  EXPECT_EQ(rtt_free_space(16, 10, 10), 15u);
  EXPECT_EQ(rtt_free_space(16, 15, 0), 0u);
  EXPECT_EQ(rtt_free_space(16, 4, 5), 0u);
  EXPECT_EQ(rtt_free_space(16, 4, 10), 5u);
  EXPECT_EQ(rtt_free_space(16, 10, 4), 9u);
}

EMBER_TEST(rtt_copy_wraps_at_the_end_of_the_ring) {
  char ring[8];
  std::memset(ring, '.', sizeof(ring));
  uint32_t next = rtt_ring_copy(ring, 8, 5, "abcde", 5);
  EXPECT_EQ(next, 2u);
  EXPECT_TRUE(std::memcmp(ring, "de...abc", 8) == 0);
  next = rtt_ring_copy(ring, 8, next, "XYZ", 3);
  EXPECT_EQ(next, 5u);
  EXPECT_TRUE(std::memcmp(ring, "deXYZabc", 8) == 0);
}

EMBER_TEST(rtt_copy_that_ends_exactly_at_the_end_wraps_the_offset_to_zero) {
  char ring[4] = {};
  EXPECT_EQ(rtt_ring_copy(ring, 4, 1, "xyz", 3), 0u);
  EXPECT_TRUE(std::memcmp(ring + 1, "xyz", 3) == 0);
}

EMBER_TEST(rtt_modes_decide_how_much_is_written) {
  EXPECT_EQ(rtt_bytes_to_write(RttMode::NoBlockSkip, 5, 6), 0u);
  EXPECT_EQ(rtt_bytes_to_write(RttMode::NoBlockSkip, 5, 5), 5u);
  EXPECT_EQ(rtt_bytes_to_write(RttMode::NoBlockTrim, 5, 6), 5u);
  EXPECT_EQ(rtt_bytes_to_write(RttMode::BlockIfFull, 0, 6), 0u);
  EXPECT_EQ(rtt_bytes_to_write(RttMode::BlockIfFull, 9, 6), 6u);
}

EMBER_TEST(rtt_control_block_has_the_id_and_buffer_zero) {
  static RttControlBlock<1, 1> block;
  static char up[64], down[16];
  rtt_init(block, up, sizeof(up), down, sizeof(down), RttMode::NoBlockTrim);
  EXPECT_TRUE(std::memcmp(block.id, "SEGGER RTT\0\0\0\0\0\0", 16) == 0);
  EXPECT_EQ(block.max_up_buffers, 1);
  EXPECT_EQ(block.max_down_buffers, 1);
  EXPECT_TRUE(block.up[0].buffer == up);
  EXPECT_EQ(block.up[0].size, 64u);
  EXPECT_EQ(block.up[0].write_offset, 0u);
  EXPECT_EQ(block.up[0].flags, 1u);
  EXPECT_TRUE(block.down[0].buffer == down);
  EXPECT_EQ(block.down[0].size, 16u);
}

EMBER_TEST(rtt_control_block_layout_follows_segger) {
  // id[16], MaxNumUpBuffers, MaxNumDownBuffers, then the descriptors.
  using Block = RttControlBlock<2, 1>;
  EXPECT_EQ(offsetof(Block, max_up_buffers), 16u);
  EXPECT_EQ(offsetof(Block, max_down_buffers), 20u);
  EXPECT_EQ(offsetof(Block, up), 24u);
  EXPECT_EQ(offsetof(Block, down), 24u + 2 * sizeof(RttBuffer));
  EXPECT_EQ(offsetof(RttBuffer, buffer), sizeof(void*));
  EXPECT_EQ(offsetof(RttBuffer, size), 2 * sizeof(void*));
  EXPECT_EQ(offsetof(RttBuffer, write_offset), 2 * sizeof(void*) + 4);
  EXPECT_EQ(offsetof(RttBuffer, read_offset), 2 * sizeof(void*) + 8);
  EXPECT_EQ(offsetof(RttBuffer, flags), 2 * sizeof(void*) + 12);
}

// rtt_write with nobody reading the ring: no debugger (drops at once) and a
// debugger that stopped reading (waits stall_limit cycles, then drops). Each
// ends, with the dropped bytes counted, instead of waiting forever.
namespace {

bool g_attached = false;
uint32_t g_now = 0;
uint32_t g_cycle_reads = 0;
bool attached() { return g_attached; }
uint32_t clock_ticks() {
  ++g_cycle_reads;
  return g_now += 100;
}

struct Ring {
  char data[16];
  RttBuffer up{"Terminal", data, sizeof(data), 0, 0, static_cast<uint32_t>(RttMode::BlockIfFull)};
};

}  // namespace

EMBER_TEST(rtt_write_without_a_debugger_drops_what_does_not_fit) {
  Ring ring;
  g_attached = false;
  const RttWaitPolicy policy{attached, clock_ticks, 1000};
  RttWriteResult r = rtt_write(ring.up, "0123456789abcdefXYZ", 19, policy);
  EXPECT_EQ(r.written, 15u);  // one byte of the ring stays free
  EXPECT_EQ(r.dropped, 4u);
  EXPECT_TRUE(std::memcmp(ring.data, "0123456789abcde", 15) == 0);
  r = rtt_write(ring.up, "more", 4, policy);  // still nobody reading
  EXPECT_EQ(r.written, 0u);
  EXPECT_EQ(r.dropped, 4u);
}

EMBER_TEST(rtt_write_waits_for_a_stalled_debugger_only_until_the_stall_limit) {
  Ring ring;
  g_attached = true;
  g_now = 0xFFFFFF00u;  // the cycle counter wraps during the wait
  g_cycle_reads = 0;
  const RttWaitPolicy policy{attached, clock_ticks, 5000};
  RttWriteResult r = rtt_write(ring.up, "0123456789abcdefXYZ", 19, policy);
  EXPECT_EQ(r.written, 15u);
  EXPECT_EQ(r.dropped, 4u);
  EXPECT_TRUE(g_cycle_reads >= 50 && g_cycle_reads < 60);  // about 5000 / 100 polls, not forever
}

EMBER_TEST(rtt_write_never_drops_in_skip_mode_what_fits) {
  Ring ring;
  ring.up.flags = static_cast<uint32_t>(RttMode::NoBlockSkip);
  g_attached = true;
  const RttWaitPolicy policy{attached, clock_ticks, 1000000};
  EXPECT_EQ(rtt_write(ring.up, "0123456789", 10, policy).written, 10u);
  RttWriteResult r = rtt_write(ring.up, "abcdefgh", 8, policy);  // 5 free: skip drops the whole message
  EXPECT_EQ(r.written, 0u);
  EXPECT_EQ(r.dropped, 8u);
  ring.up.read_offset = 10;  // the debugger read everything
  EXPECT_EQ(rtt_write(ring.up, "abcdefgh", 8, policy).written, 8u);
}

uint32_t stopped_clock() { return 1234; }

EMBER_TEST(rtt_write_ends_even_when_the_cycle_counter_does_not_run) {
  Ring ring;
  g_attached = true;
  const RttWaitPolicy policy{attached, stopped_clock, 10000};
  RttWriteResult r = rtt_write(ring.up, "0123456789abcdefXYZ", 19, policy);
  EXPECT_EQ(r.written, 15u);
  EXPECT_EQ(r.dropped, 4u);
}
