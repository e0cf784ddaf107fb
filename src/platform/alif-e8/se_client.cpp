#include "se_client.h"

#include <initializer_list>

#include "address_map.h"
#include "board_facts.h"
#include "mhu.h"
#include "platform/board.h"
#include "soc_facts.h"

namespace ember::board {
namespace {

// The SE reads the message through the global map (the DTCM alias).
alignas(alif::kCacheLineBytes) uint8_t g_message[alif::se::kMaxMessageBytes];

SeResult call(const alif::se::Request& request) {
  using alif::se::Status;
  size_t bytes = alif::se::encode(request, g_message, sizeof(g_message));
  auto address = static_cast<uint32_t>(platform::npu_address(g_message));
  platform::cache_clean(g_message, bytes);

  MhuSender sender(kSeSenderFrame);
  MhuReceiver receiver(kSeReceiverFrame);
  if (!sender.request_access(kSePollLimit)) {
    sender.release_access();
    return {Status::AccessNotReady, request.service, 0};
  }
  sender.send(address);
  bool taken = sender.wait_taken(kSePollLimit);
  sender.release_access();
  if (!taken) return {Status::NotAccepted, request.service, 0};
  uint32_t reply_word = receiver.receive(kSePollLimit);
  if (reply_word == 0) return {Status::NoReply, request.service, 0};
  if (reply_word != address) return {Status::ForeignReply, request.service, reply_word};

  platform::cache_invalidate(g_message, bytes);
  alif::se::Reply reply = alif::se::decode_reply(request, g_message);
  Status status = alif::se::check_reply(request, reply);
  uint32_t detail = status == Status::TransportError ? reply.transport_error
                    : status == Status::WrongService ? reply.service
                                                     : reply.service_error;
  return {status, request.service, status == Status::Ok ? 0 : detail};
}

}  // namespace

SeResult se_wait_for_heartbeat() {
  SeResult last{};
  for (uint32_t attempt = 0; attempt < kSeHeartbeatAttempts; ++attempt) {
    last = call(alif::se::heartbeat());
    if (last.status == alif::se::Status::Ok) return last;
  }
  return {alif::se::Status::HeartbeatTimeout, alif::se::Service::Heartbeat, static_cast<uint32_t>(last.status)};
}

SeResult se_power_srams() {
  SeResult result = call(alif::se::memory_power(kSramPowerMask));
  if (result.status != alif::se::Status::Ok) return result;
  for (uint32_t clock : {alif::se::kClockSram0, alif::se::kClockSram1}) {
    result = call(alif::se::clock_enable(clock, true));
    if (result.status != alif::se::Status::Ok) return result;
  }
  return result;
}

}  // namespace ember::board
