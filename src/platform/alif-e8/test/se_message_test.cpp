#include "se_message.h"

#include <cstring>

#include "testing/test.h"

using namespace ember::alif;

EMBER_TEST(heartbeat_is_a_bare_header) {
  uint8_t out[se::kMaxMessageBytes];
  std::memset(out, 0xEE, sizeof(out));
  EXPECT_EQ(se::encode(se::heartbeat(), out, sizeof(out)), 8u);
  const uint8_t expected[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  EXPECT_TRUE(std::memcmp(out, expected, 8) == 0);
  EXPECT_EQ(out[8], 0xEE);
}

EMBER_TEST(memory_power_request_encodes_service_307_and_the_mask) {
  uint8_t out[se::kMaxMessageBytes];
  uint32_t mask = se::kPowerSram0 | se::kPowerSram1;
  EXPECT_EQ(mask, 0x03u);
  EXPECT_EQ(se::encode(se::memory_power(mask), out, sizeof(out)), 16u);
  const uint8_t expected[16] = {0x33, 0x01, 0, 0, 0, 0, 0, 0, 0x03, 0, 0, 0, 0, 0, 0, 0};
  EXPECT_TRUE(std::memcmp(out, expected, 16) == 0);
}

EMBER_TEST(run_profile_requests_carry_eleven_words_and_the_error_word) {
  uint8_t out[se::kMaxMessageBytes];
  EXPECT_EQ(se::encode(se::get_run_profile(), out, sizeof(out)), 56u);
  EXPECT_EQ(out[0] | (out[1] << 8), 310);
  uint32_t profile[se::kRunProfileWords];
  for (uint32_t i = 0; i < se::kRunProfileWords; ++i) profile[i] = 0x01010101u * (i + 1);
  EXPECT_EQ(se::encode(se::set_run_profile(profile, 0x1F), out, sizeof(out)), 56u);
  EXPECT_EQ(out[0] | (out[1] << 8), 311);
  uint32_t read_back[se::kRunProfileWords];
  se::decode_run_profile(out, read_back);
  for (uint32_t i = 0; i < se::kRunProfileWords; ++i) {
    EXPECT_EQ(read_back[i], i == se::kRunProfileMemoryBlocks ? (profile[i] | 0x1Fu) : profile[i]);
  }
  EXPECT_EQ(out[52] | out[53] | out[54] | out[55], 0);  // the error word, written by the SE
}

EMBER_TEST(clock_enable_request_encodes_service_702) {
  uint8_t out[se::kMaxMessageBytes];
  EXPECT_EQ(se::encode(se::clock_enable(se::kClockSram1, true), out, sizeof(out)), 20u);
  const uint8_t expected[20] = {0xBE, 0x02, 0, 0, 0, 0, 0, 0, 10, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0};
  EXPECT_TRUE(std::memcmp(out, expected, 20) == 0);
}

EMBER_TEST(encode_refuses_a_buffer_too_small) {
  uint8_t out[12];
  EXPECT_EQ(se::encode(se::memory_power(1), out, sizeof(out)), 0u);
}

EMBER_TEST(reply_errors_come_from_the_header_and_the_last_payload_word) {
  se::Request request = se::memory_power(3);
  uint8_t message[se::kMaxMessageBytes];
  se::encode(request, message, sizeof(message));
  se::Reply ok = se::decode_reply(request, message);
  EXPECT_EQ(ok.service, 307u);
  EXPECT_TRUE(se::check_reply(request, ok) == se::Status::Ok);

  message[12] = 0x05;  // resp_error
  se::Reply service_error = se::decode_reply(request, message);
  EXPECT_EQ(service_error.service_error, 5u);
  EXPECT_TRUE(se::check_reply(request, service_error) == se::Status::ServiceError);

  message[4] = 0x02;  // header error code
  message[5] = 0x01;
  se::Reply transport_error = se::decode_reply(request, message);
  EXPECT_EQ(transport_error.transport_error, 0x0102u);
  EXPECT_TRUE(se::check_reply(request, transport_error) == se::Status::TransportError);

  message[0] = 0x00;  // another service id
  EXPECT_TRUE(se::check_reply(request, se::decode_reply(request, message)) == se::Status::WrongService);
}

EMBER_TEST(every_status_has_a_name) {
  for (int s = 0; s <= static_cast<int>(se::Status::HeartbeatTimeout); ++s) {
    EXPECT_TRUE(std::strcmp(se::to_string(static_cast<se::Status>(s)), "unknown") != 0);
  }
}
