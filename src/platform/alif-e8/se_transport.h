// Secure Enclave requests over an MHUv2 sender/receiver pair, polled, in the
// spec's sequence: clean the message, ACCESS_REQUEST, wait ACCESS_READY, CH_SET =
// the message's global address, wait until the SE took it, drop the request;
// the reply is the same address on the receiver: clear, invalidate, read the
// error codes. Frames, buffer and cache hooks are given, so a host test drives
// it on register blocks in memory (test/se_transport_test.cpp).
#pragma once
#include <cstddef>
#include <cstdint>

#include "mhu.h"
#include "se_message.h"

namespace ember::board {

struct SeTransport {
  MhuSender sender;
  MhuReceiver receiver;
  uint8_t* message;          // 4-byte aligned, se::kMaxMessageBytes long
  uint32_t message_address;  // where the SE reads it (the global map)
  uint32_t poll_limit;       // polls per step before it counts as timed out
  void (*clean)(const void* address, size_t bytes);
  void (*invalidate)(void* address, size_t bytes);
};

struct SeResult {
  alif::se::Status status;
  alif::se::Service service;  // the request that failed
  uint32_t detail;            // the error code, the unexpected reply word, or the last heartbeat's status
};

SeResult se_call(SeTransport& transport, const alif::se::Request& request);
// Heartbeats until one is answered.
SeResult se_wait_for_heartbeat(SeTransport& transport, uint32_t attempts);

}  // namespace ember::board
