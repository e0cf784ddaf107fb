// The Secure Enclave request sequence on MHU register blocks in memory: what
// the M55 writes, and how each way the SE can fail to answer is named.
#include "se_transport.h"

#include <cstring>

#include "testing/test.h"

using namespace ember::board;
namespace se = ember::alif::se;

namespace {

constexpr uint32_t kMessageAddress = 0x58800040;  // a DTCM buffer's global alias

int g_cleaned = 0;
int g_invalidated = 0;
void count_clean(const void*, size_t) { ++g_cleaned; }
void count_invalidate(void*, size_t) { ++g_invalidated; }

struct FakeSe {
  MhuSenderRegisters sender{};
  MhuReceiverRegisters receiver{};
  alignas(4) uint8_t message[se::kMaxMessageBytes] = {};

  // The registers as an SE that takes every message and answers at once leaves them.
  FakeSe() {
    sender.access_ready = 1;
    sender.ch_st = 0;
    receiver.ch_st = kMessageAddress;
  }
  SeTransport transport() {
    g_cleaned = g_invalidated = 0;
    return {MhuSender(&sender), MhuReceiver(&receiver), message, kMessageAddress, 16, count_clean, count_invalidate};
  }
};

}  // namespace

EMBER_TEST(se_call_sends_the_message_address_and_reads_the_reply) {
  FakeSe fake;
  SeTransport t = fake.transport();
  SeResult result = se_call(t, se::memory_power(0x03));
  EXPECT_TRUE(result.status == se::Status::Ok);
  EXPECT_EQ(fake.sender.ch_set, kMessageAddress);
  EXPECT_EQ(fake.sender.access_request, 0u);  // released after the SE took it
  EXPECT_EQ(fake.receiver.ch_clr, 0xFFFFFFFFu);
  EXPECT_EQ(g_cleaned, 1);
  EXPECT_EQ(g_invalidated, 1);
  const uint8_t expected[] = {0x33, 0x01, 0, 0, 0, 0, 0, 0, 0x03, 0, 0, 0};
  EXPECT_TRUE(std::memcmp(fake.message, expected, sizeof(expected)) == 0);
}

EMBER_TEST(se_call_names_each_missing_step) {
  FakeSe not_ready;
  not_ready.sender.access_ready = 0;
  SeTransport t1 = not_ready.transport();
  EXPECT_TRUE(se_call(t1, se::heartbeat()).status == se::Status::AccessNotReady);
  EXPECT_EQ(not_ready.sender.access_request, 0u);
  EXPECT_EQ(not_ready.sender.ch_set, 0u);  // nothing sent without access

  FakeSe not_taken;
  not_taken.sender.ch_st = 1;
  SeTransport t2 = not_taken.transport();
  EXPECT_TRUE(se_call(t2, se::heartbeat()).status == se::Status::NotAccepted);
  EXPECT_EQ(not_taken.sender.access_request, 0u);

  FakeSe silent;
  silent.receiver.ch_st = 0;
  SeTransport t3 = silent.transport();
  EXPECT_TRUE(se_call(t3, se::heartbeat()).status == se::Status::NoReply);

  FakeSe foreign;
  foreign.receiver.ch_st = 0x12345678;
  SeTransport t4 = foreign.transport();
  SeResult result = se_call(t4, se::heartbeat());
  EXPECT_TRUE(result.status == se::Status::ForeignReply);
  EXPECT_EQ(result.detail, 0x12345678u);
  EXPECT_EQ(g_invalidated, 0);  // a reply for someone else is not read
}

EMBER_TEST(heartbeat_gives_up_after_the_attempts_with_the_last_reason) {
  FakeSe silent;
  silent.receiver.ch_st = 0;
  SeTransport t = silent.transport();
  SeResult result = se_wait_for_heartbeat(t, 5);
  EXPECT_TRUE(result.status == se::Status::HeartbeatTimeout);
  EXPECT_TRUE(static_cast<se::Status>(result.detail) == se::Status::NoReply);
  EXPECT_EQ(g_cleaned, 5);
}

EMBER_TEST(heartbeat_stops_at_the_first_answer) {
  FakeSe fake;
  SeTransport t = fake.transport();
  EXPECT_TRUE(se_wait_for_heartbeat(t, 5).status == se::Status::Ok);
  EXPECT_EQ(g_cleaned, 1);
}
