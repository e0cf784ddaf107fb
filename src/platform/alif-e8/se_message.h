// Secure Enclave service messages (polled over MHUv2): an 8-byte header
// {u16 service_id; u16 flags; u16 error_code; u16 pad} and u32 payload words,
// little-endian, the service's own error code in the last payload word.
#pragma once
#include <cstddef>
#include <cstdint>

namespace ember::alif::se {

enum class Service : uint16_t { Heartbeat = 0, MemoryPower = 307, ClockEnable = 702 };

// Memory power request bits.
constexpr uint32_t kPowerSram0 = 1u << 0;
constexpr uint32_t kPowerSram1 = 1u << 1;
constexpr uint32_t kIsolationSram0 = 1u << 2;
constexpr uint32_t kIsolationSram1 = 1u << 3;
constexpr uint32_t kPowerMram = 1u << 4;

// Clock enable ids.
constexpr uint32_t kClockSram0 = 9;
constexpr uint32_t kClockSram1 = 10;

constexpr size_t kHeaderBytes = 8;
constexpr size_t kMaxPayloadWords = 3;
constexpr size_t kMaxMessageBytes = kHeaderBytes + 4 * kMaxPayloadWords;

struct Request {
  Service service;
  uint32_t payload[kMaxPayloadWords];
  uint32_t payload_words;  // the last one is the service's reply error (when there is a payload)
};

Request heartbeat();
Request memory_power(uint32_t mask);
Request clock_enable(uint32_t clock, bool enable);

// Writes the message; returns its size, 0 when capacity is too small.
size_t encode(const Request& request, uint8_t* out, size_t capacity);

struct Reply {
  uint16_t service;
  uint16_t transport_error;  // the header's error code
  uint32_t service_error;    // the payload's response word (0 for a heartbeat)
};

Reply decode_reply(const Request& sent, const uint8_t* message);

// Why a call failed, by name.
enum class Status {
  Ok,
  AccessNotReady,     // ACCESS_READY never came after ACCESS_REQUEST
  NotAccepted,        // the sender channel stayed set: the SE did not take the message
  NoReply,            // no reply on the receiver channel
  ForeignReply,       // the reply named another buffer than ours
  WrongService,       // the reply's service id is not the one sent
  TransportError,     // the header's error code
  ServiceError,       // the service's own error word
  HeartbeatTimeout,   // no heartbeat succeeded
};

const char* to_string(Status status);

// The status of a decoded reply to `sent`.
Status check_reply(const Request& sent, const Reply& reply);

}  // namespace ember::alif::se
