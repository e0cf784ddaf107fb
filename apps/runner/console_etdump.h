// The runner's ETDump over the console (`ember run --board qemu-an547 --etdump
// FILE`): the first inference's events as the host tool records them for its
// ETDump (apps/host/etdump_events.h): one per CPU kernel call and per delegate
// call, timed with the board's cycle counter, and one per NPU operation inside
// a delegate call, with the NPU's own cycle count for it. Printed as lines
// between two markers, which the `ember` command turns into upstream's binary
// ETDump:
//   etdump begin cpu_hz=<counter Hz> npu_macs=<MACs>
//   etdump call <instruction> <start> <end> <name>      (counter ticks)
//   etdump npu <instruction> <index> <npu cycles> <name>
//   etdump end events=<printed> dropped=<not recorded>
// Fixed capacity, no heap: events past it are counted as dropped.
#pragma once
#include <cstddef>
#include <cstdint>

#include "ethosu/delegate/ethosu_backend.h"
#include "runtime/method.h"

namespace ember::runner {

class ConsoleEtdump final : public Method::CallObserver {
 public:
  ConsoleEtdump(const Method& method, const ethosu::EthosUBackend& npu, uint32_t (*clock)())
      : method_(method), npu_(npu), clock_(clock) {}
  void begin(uint32_t pc) override;
  void end(uint32_t pc) override;
  void print(uint32_t clock_hz) const;

 private:
  static constexpr size_t kMaxEvents = 256;
  struct Event {
    uint32_t instruction;
    int32_t npu_index;  // -1: a kernel or delegate call
    uint32_t start, end;  // a call: counter ticks; an NPU operation: end = its NPU cycles
    const char* name;     // a call: kernel name or backend id
    const char* overload; // a kernel call: its overload, else nullptr
    char npu_name[24];    // an NPU operation
  };
  void add(const Event& event);

  const Method& method_;
  const ethosu::EthosUBackend& npu_;
  uint32_t (*clock_)();
  uint32_t call_start_ = 0;
  Event events_[kMaxEvents] = {};
  size_t count_ = 0;
  size_t dropped_ = 0;
};

}  // namespace ember::runner
