#include "sram_power.h"

#include <initializer_list>

namespace ember::board {
namespace {

using alif::se::Status;

// The SE calls of one way; Ok when all of them were answered without an error.
SeResult run_profile(SeTransport& t, SramPowerReport& report) {
  const alif::se::Request get = alif::se::get_run_profile();
  SeResult result = se_call(t, get);
  if (result.status != Status::Ok) return result;
  uint32_t profile[alif::se::kRunProfileWords];
  alif::se::decode_run_profile(t.message, profile);
  report.memory_blocks_before = profile[alif::se::kRunProfileMemoryBlocks];
  report.memory_blocks_after = report.memory_blocks_before | kRunProfileSrams;
  return se_call(t, alif::se::set_run_profile(profile, kRunProfileSrams));
}

SeResult memory_power(SeTransport& t) {
  SeResult result = se_call(t, alif::se::memory_power(kMemoryPowerSrams));
  // The SE host library ignores this service's error word: only the probe tells.
  if (result.status == Status::ServiceError) result.status = Status::Ok;
  for (uint32_t clock : {alif::se::kClockSram0, alif::se::kClockSram1}) {
    if (result.status != Status::Ok) return result;
    result = se_call(t, alif::se::clock_enable(clock, true));
  }
  return result;
}

}  // namespace

const char* to_string(SramPowerPath path) {
  switch (path) {
    case SramPowerPath::RunProfile: return "run profile (services 310/311, memory_blocks)";
    case SramPowerPath::MemoryPower: return "memory power (service 307, mask 0x03) + clocks (702)";
    case SramPowerPath::Se1107Workaround: return "SE 1.107 workaround (0x1A60A004 bits 8, 9, 12, 13 cleared)";
    case SramPowerPath::None: return "none: SRAM0/SRAM1 stayed dark";
  }
  return "unknown";
}

SramPowerReport power_srams(SeTransport& t, const SramPowerHooks& hooks, SramPowerPath first) {
  SramPowerReport report{SramPowerPath::None, {false, false}, {Status::Ok, alif::se::Service::Heartbeat, 0}, 0, 0, 0};
  const uint32_t start = static_cast<uint32_t>(first) % kSramPowerPathCount;
  for (uint32_t i = 0; i < kSramPowerPathCount; ++i) {
    const auto path = static_cast<SramPowerPath>((start + i) % kSramPowerPathCount);
    ++report.ways_tried;
    SeResult result{Status::Ok, alif::se::Service::Heartbeat, 0};
    if (path == SramPowerPath::RunProfile) result = run_profile(t, report);
    if (path == SramPowerPath::MemoryPower) result = memory_power(t);
    if (path == SramPowerPath::Se1107Workaround) hooks.se1107_workaround();
    if (result.status != Status::Ok) {
      report.failed_call = result;
      continue;
    }
    report.banks = hooks.probe(path);
    if (report.banks.sram0 && report.banks.sram1) {
      report.path = path;
      return report;
    }
  }
  return report;
}

}  // namespace ember::board
