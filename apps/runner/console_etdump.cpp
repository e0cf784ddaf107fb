#include "console_etdump.h"

#include <cstdio>
#include <cstring>

#include "ethosu/sim/op_name.h"

namespace ember::runner {

void ConsoleEtdump::add(const Event& event) {
  if (count_ < kMaxEvents) events_[count_++] = event;
  else ++dropped_;
}

void ConsoleEtdump::begin(uint32_t) { call_start_ = clock_(); }

void ConsoleEtdump::end(uint32_t pc) {
  const uint32_t stop = clock_();
  if (const KernelEntry* kernel = method_.called_kernel(pc)) {
    add({pc, -1, call_start_, stop, kernel->name, kernel->overload, {}});
    return;
  }
  const char* backend = method_.called_backend(pc);
  if (!backend) return;
  add({pc, -1, call_start_, stop, backend, nullptr, {}});
  if (std::strcmp(backend, npu_.id()) != 0) return;
  const ethosu::RunStatistics& npu = npu_.statistics();
  const uint32_t recorded = npu.records ? npu.record_count : 0;  // a board's NPU records none
  for (uint32_t i = 0; i < recorded; ++i) {
    Event op{pc, static_cast<int32_t>(i), 0, static_cast<uint32_t>(npu.records[i].cycles), nullptr, nullptr, {}};
    ethosu::operation_name(npu.records[i], op.npu_name, sizeof(op.npu_name));
    add(op);
  }
}

void ConsoleEtdump::print(uint32_t clock_hz) const {
  std::printf("etdump begin cpu_hz=%lu npu_macs=%lu\n", static_cast<unsigned long>(clock_hz),
              static_cast<unsigned long>(npu_.macs()));
  for (size_t i = 0; i < count_; ++i) {
    const Event& e = events_[i];
    if (e.npu_index < 0) {
      std::printf("etdump call %lu %lu %lu %s%s%s\n", static_cast<unsigned long>(e.instruction),
                  static_cast<unsigned long>(e.start), static_cast<unsigned long>(e.end), e.name,
                  e.overload ? "." : "", e.overload ? e.overload : "");
    } else {
      std::printf("etdump npu %lu %ld %lu %s\n", static_cast<unsigned long>(e.instruction), static_cast<long>(e.npu_index),
                  static_cast<unsigned long>(e.end), e.npu_name);
    }
  }
  std::printf("etdump end events=%lu dropped=%lu\n", static_cast<unsigned long>(count_),
              static_cast<unsigned long>(dropped_));
}

}  // namespace ember::runner
