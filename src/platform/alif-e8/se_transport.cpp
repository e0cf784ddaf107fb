#include "se_transport.h"

namespace ember::board {

using alif::se::Status;

SeResult se_call(SeTransport& t, const alif::se::Request& request) {
  const size_t bytes = alif::se::encode(request, t.message, alif::se::kMaxMessageBytes);
  t.clean(t.message, bytes);
  if (!t.sender.request_access(t.poll_limit)) {
    t.sender.release_access();
    return {Status::AccessNotReady, request.service, 0};
  }
  t.sender.send(t.message_address);
  const bool taken = t.sender.wait_taken(t.poll_limit);
  t.sender.release_access();
  if (!taken) return {Status::NotAccepted, request.service, 0};
  const uint32_t reply_word = t.receiver.receive(t.poll_limit);
  if (reply_word == 0) return {Status::NoReply, request.service, 0};
  if (reply_word != t.message_address) return {Status::ForeignReply, request.service, reply_word};

  t.invalidate(t.message, bytes);
  const alif::se::Reply reply = alif::se::decode_reply(request, t.message);
  const Status status = alif::se::check_reply(request, reply);
  switch (status) {
    case Status::Ok: return {status, request.service, 0};
    case Status::TransportError: return {status, request.service, reply.transport_error};
    case Status::WrongService: return {status, request.service, reply.service};
    default: return {status, request.service, reply.service_error};
  }
}

SeResult se_wait_for_heartbeat(SeTransport& t, uint32_t attempts) {
  SeResult last{Status::NoReply, alif::se::Service::Heartbeat, 0};
  for (uint32_t attempt = 0; attempt < attempts; ++attempt) {
    last = se_call(t, alif::se::heartbeat());
    if (last.status == Status::Ok) return last;
  }
  return {Status::HeartbeatTimeout, alif::se::Service::Heartbeat, static_cast<uint32_t>(last.status)};
}

}  // namespace ember::board
