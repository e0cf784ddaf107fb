// Secure Enclave service messages (polled over MHUv2): an 8-byte header
// {u16 service_id; u16 flags; u16 error_code; u16 pad} and u32 payload words,
// little-endian, the service's own error code in the last payload word.
#pragma once
#include <cstddef>
#include <cstdint>

namespace ember::alif::se {

// Service ids: Alif's services_lib_ids.h (alif_ml-embedded-evaluation-kit
// b1b93fc0, source/hal/source/platform/alif/services_lib/include/).
enum class Service : uint16_t {
  Heartbeat = 0,
  MemoryPower = 307,    // SERVICE_POWER_MEMORY_POWER_REQ_ID
  GetRunProfile = 310,  // SERVICE_POWER_GET_RUN_REQ_ID
  SetRunProfile = 311,  // SERVICE_POWER_SET_RUN_REQ_ID
  ClockEnable = 702,
};

// Memory power request (307) bits (services_lib_api.h POWER_MEM_SRAM_*).
// The ISOLATION_ENABLE bits cut a bank off: a power-up request never sets them.
constexpr uint32_t kPowerSram0 = 1u << 0;
constexpr uint32_t kPowerSram1 = 1u << 1;
constexpr uint32_t kIsolationSram0 = 1u << 2;
constexpr uint32_t kIsolationSram1 = 1u << 3;
constexpr uint32_t kPowerMram = 1u << 4;

// Run profile (310 get / 311 set): 11 words in aipm_set_run_profile_svc_t's
// order, then the service's error word (services_lib_protocol.h).
constexpr size_t kRunProfileWords = 11;
constexpr size_t kRunProfileMemoryBlocks = 7;  // power_domains, dcdc_voltage, dcdc_mode, aon_clk_src,
                                               // run_clk_src, cpu_clk_freq, scaled_clk_freq, memory_blocks, ...
// memory_blocks bits on the E8 (aipm.h, EAGLE_DEVICE, which the evaluation kit
// defines for DevKit-e8): SRAM0 is four blocks SRAM0_1..SRAM0_4 (bits 0-3), SRAM1 bit 4.
constexpr uint32_t kRunProfileSram0Blocks = 0x0Fu;
constexpr uint32_t kRunProfileSram1Blocks = 1u << 4;

// Clock enable ids.
constexpr uint32_t kClockSram0 = 9;
constexpr uint32_t kClockSram1 = 10;

constexpr size_t kHeaderBytes = 8;
constexpr size_t kMaxPayloadWords = kRunProfileWords + 1;
constexpr size_t kMaxMessageBytes = kHeaderBytes + 4 * kMaxPayloadWords;

struct Request {
  Service service;
  uint32_t payload[kMaxPayloadWords];
  uint32_t payload_words;  // the last one is the service's reply error (when there is a payload)
};

Request heartbeat();
Request memory_power(uint32_t mask);
Request clock_enable(uint32_t clock, bool enable);
Request get_run_profile();
// The profile read by get_run_profile(), with memory_blocks |= blocks.
Request set_run_profile(const uint32_t (&profile)[kRunProfileWords], uint32_t extra_memory_blocks);
// The 11 profile words of a get_run_profile() reply.
void decode_run_profile(const uint8_t* message, uint32_t (&profile)[kRunProfileWords]);

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
