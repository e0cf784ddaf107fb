#include "ethosu/delegate/cop_header.h"

#include <cstring>

#include "core/log.h"

namespace ember::ethosu {
namespace {

constexpr uint32_t kOptimizerConfig = 0x01;
constexpr uint32_t kCommandStream = 0x02;
constexpr uint32_t kNop = 0x05;

uint32_t word_at(Span<const uint8_t> bytes, size_t i) {
  uint32_t w;
  std::memcpy(&w, bytes.data + 4 * i, 4);
  return w;
}

Error invalid(const char* what) {
  EMBER_LOG_ERROR("Ethos-U command stream: %s", what);
  return Error::DelegateInvalidPayload;
}

}  // namespace

Result<CommandStream> parse_cop_header(Span<const uint8_t> cmd_data) {
  const size_t words = cmd_data.size / 4;
  if (words < 2 || (std::memcmp(cmd_data.data, "COP1", 4) != 0 && std::memcmp(cmd_data.data, "COP2", 4) != 0)) {
    return invalid("no COP1/COP2 header");
  }
  CommandStream result;
  bool have_config = false;
  for (size_t i = 1; i < words;) {
    const uint32_t tag = word_at(cmd_data, i);
    switch (tag & 0xFF) {
      case kNop:
        ++i;
        break;
      case kOptimizerConfig:
        if (i + 2 >= words) return invalid("truncated optimizer config");
        result.config = word_at(cmd_data, i + 1);
        result.arch_id = word_at(cmd_data, i + 2);
        have_config = true;
        i += 3;
        break;
      case kCommandStream: {
        const size_t length = (tag >> 16) | (((tag >> 8) & 0xFF) << 16);
        if (!have_config) return invalid("command stream before the optimizer config");
        if (length == 0 || length > words - i - 1) return invalid("command stream length past the data");
        result.words = Span<const uint8_t>(cmd_data.data + 4 * (i + 1), 4 * length);
        return result;
      }
      default:
        return invalid("unknown header record");
    }
  }
  return invalid("no command stream record");
}

}  // namespace ember::ethosu
