#include "se_message.h"

namespace ember::alif::se {
namespace {

void put16(uint8_t* out, uint16_t value) {
  out[0] = static_cast<uint8_t>(value);
  out[1] = static_cast<uint8_t>(value >> 8);
}

void put32(uint8_t* out, uint32_t value) {
  put16(out, static_cast<uint16_t>(value));
  put16(out + 2, static_cast<uint16_t>(value >> 16));
}

uint16_t get16(const uint8_t* in) { return static_cast<uint16_t>(in[0] | (in[1] << 8)); }

uint32_t get32(const uint8_t* in) { return get16(in) | (static_cast<uint32_t>(get16(in + 2)) << 16); }

}  // namespace

Request heartbeat() { return {Service::Heartbeat, {}, 0}; }

Request memory_power(uint32_t mask) { return {Service::MemoryPower, {mask, 0}, 2}; }

Request clock_enable(uint32_t clock, bool enable) {
  return {Service::ClockEnable, {clock, enable ? 1u : 0u}, 3};
}

Request get_run_profile() {
  Request request{Service::GetRunProfile, {}, kRunProfileWords + 1};
  return request;
}

Request set_run_profile(const uint32_t (&profile)[kRunProfileWords], uint32_t extra_memory_blocks) {
  Request request{Service::SetRunProfile, {}, kRunProfileWords + 1};
  for (size_t i = 0; i < kRunProfileWords; ++i) request.payload[i] = profile[i];
  request.payload[kRunProfileMemoryBlocks] |= extra_memory_blocks;
  return request;
}

void decode_run_profile(const uint8_t* message, uint32_t (&profile)[kRunProfileWords]) {
  for (size_t i = 0; i < kRunProfileWords; ++i) profile[i] = get32(message + kHeaderBytes + 4 * i);
}

size_t encode(const Request& request, uint8_t* out, size_t capacity) {
  size_t bytes = kHeaderBytes + 4 * request.payload_words;
  if (request.payload_words > kMaxPayloadWords || bytes > capacity) return 0;
  put16(out, static_cast<uint16_t>(request.service));
  put16(out + 2, 0);  // flags
  put16(out + 4, 0);  // error code, written by the SE
  put16(out + 6, 0);  // pad
  for (uint32_t i = 0; i < request.payload_words; ++i) put32(out + kHeaderBytes + 4 * i, request.payload[i]);
  return bytes;
}

Reply decode_reply(const Request& sent, const uint8_t* message) {
  uint32_t service_error =
      sent.payload_words == 0 ? 0 : get32(message + kHeaderBytes + 4 * (sent.payload_words - 1));
  return {get16(message), get16(message + 4), service_error};
}

Status check_reply(const Request& sent, const Reply& reply) {
  if (reply.service != static_cast<uint16_t>(sent.service)) return Status::WrongService;
  if (reply.transport_error != 0) return Status::TransportError;
  if (reply.service_error != 0) return Status::ServiceError;
  return Status::Ok;
}

const char* to_string(Status status) {
  switch (status) {
    case Status::Ok: return "ok";
    case Status::AccessNotReady: return "MHU access not ready (ACCESS_READY never set)";
    case Status::NotAccepted: return "message not accepted (sender CH_ST stayed set)";
    case Status::NoReply: return "no reply (receiver CH_ST stayed 0)";
    case Status::ForeignReply: return "reply for another buffer";
    case Status::WrongService: return "reply for another service";
    case Status::TransportError: return "SE transport error (header error code)";
    case Status::ServiceError: return "SE service error (response word)";
    case Status::HeartbeatTimeout: return "no heartbeat answered";
  }
  return "unknown";
}

}  // namespace ember::alif::se
