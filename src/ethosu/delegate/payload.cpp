#include "ethosu/delegate/payload.h"

#include <cstring>

#include "core/log.h"

namespace ember::ethosu {
namespace {

constexpr size_t kHeaderBytes = 32;  // char name[16], u32 size, 12 reserved
constexpr const char* kBlockOrder[] = {"vela_bin_stream", "cmd_data", "weight_data", "scratch_size",
                                       "inputs", "outputs", "vela_end_stream"};
constexpr size_t kBlockCount = sizeof(kBlockOrder) / sizeof(kBlockOrder[0]);

Error invalid(const char* what, size_t at) {
  EMBER_LOG_ERROR("Ethos-U payload: %s (byte %u)", what, static_cast<unsigned>(at));
  return Error::DelegateInvalidPayload;
}

template <typename T>
T load(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

Error parse_io(Span<const uint8_t> block, PayloadIo* out, uint32_t* count, size_t at) {
  if (block.size < 4) return invalid("I/O block shorter than its count", at);
  int32_t n = load<int32_t>(block.data);
  constexpr size_t kEntryBytes = sizeof(PayloadIo);
  if (n < 0 || static_cast<uint32_t>(n) > kMaxPayloadIo || 4 + n * kEntryBytes > block.size) {
    return invalid("I/O count out of range", at);
  }
  for (int32_t i = 0; i < n; ++i) {
    std::memcpy(&out[i], block.data + 4 + i * kEntryBytes, kEntryBytes);
    const PayloadIo& io = out[i];
    if (io.element_size != 1 && io.element_size != 2 && io.element_size != 4) {
      return invalid("I/O element size is not 1, 2 or 4", at);
    }
    for (int32_t d : io.shape) {
      if (d < 0) return invalid("negative I/O dimension", at);
    }
    if (io.offset < 0) return invalid("negative I/O offset", at);
  }
  *count = static_cast<uint32_t>(n);
  return Error::Ok;
}

}  // namespace

Result<Payload> parse_payload(Span<const uint8_t> data) {
  if (reinterpret_cast<uintptr_t>(data.data) % 16 != 0) return invalid("payload not 16-byte aligned", 0);
  Payload payload;
  Span<const uint8_t> blocks[kBlockCount];
  size_t pos = 0;
  for (size_t b = 0; b < kBlockCount; ++b) {
    if (data.size - pos < kHeaderBytes) return invalid("payload ends before its last block", pos);
    char name[17] = {};
    std::memcpy(name, data.data + pos, 16);
    if (std::strcmp(name, kBlockOrder[b]) != 0) {
      EMBER_LOG_ERROR("Ethos-U payload: block '%s' where '%s' belongs", name, kBlockOrder[b]);
      return Error::DelegateInvalidPayload;
    }
    uint32_t size = load<uint32_t>(data.data + pos + 16);
    size_t padded = (static_cast<size_t>(size) + 15) / 16 * 16;
    if (padded > data.size - pos - kHeaderBytes) return invalid("block runs past the payload", pos);
    blocks[b] = Span<const uint8_t>(data.data + pos + kHeaderBytes, size);
    pos += kHeaderBytes + padded;
  }
  if (blocks[0].size != 0 || blocks[6].size != 0) return invalid("start or end marker has data", 0);
  payload.command_stream = blocks[1];
  payload.weights = blocks[2];
  const Span<const uint8_t>& cmd = payload.command_stream;
  if (cmd.size < 16 || cmd.size % 4 != 0 ||
      (std::memcmp(cmd.data, "COP1", 4) != 0 && std::memcmp(cmd.data, "COP2", 4) != 0)) {
    return invalid("command stream has no COP1/COP2 header", 0);
  }
  if (blocks[3].size != 4) return invalid("scratch_size is not 4 bytes", 0);
  payload.scratch_size = load<uint32_t>(blocks[3].data);
  EMBER_TRY(parse_io(blocks[4], payload.inputs, &payload.input_count, 0));
  EMBER_TRY(parse_io(blocks[5], payload.outputs, &payload.output_count, 0));
  for (uint32_t i = 0; i < payload.input_count + payload.output_count; ++i) {
    const PayloadIo& io = i < payload.input_count ? payload.inputs[i] : payload.outputs[i - payload.input_count];
    uint64_t bytes = static_cast<uint64_t>(io.element_size);
    for (int32_t d : io.shape) bytes *= static_cast<uint64_t>(d);
    if (static_cast<uint64_t>(io.offset) + bytes > payload.scratch_size) return invalid("I/O outside the scratch arena", 0);
  }
  return payload;
}

}  // namespace ember::ethosu
