// `ember run --etdump`: the events of one inference in the JSON form of
// upstream's ETDump flatcc schema (executorch/devtools/etdump), which the
// `ember` command turns into the binary .etdp with the flatc that ships in the
// executorch package. One timed event per CPU kernel call (host wall clock) and
// per delegate call, and one per NPU operation inside it (the cycle model's
// estimate at the E8's NPU clock, laid end to end from the call's start).
#pragma once
#include <chrono>
#include <string>
#include <vector>

#include "runtime/method.h"

namespace ember::tool {

class EtdumpRecorder final : public Method::CallObserver {
 public:
  EtdumpRecorder(const Method& method, double npu_clock_mhz) : method_(method), npu_clock_mhz_(npu_clock_mhz) {}
  void begin(uint32_t pc) override;
  void end(uint32_t pc) override;
  bool write_json(const std::string& path, std::string* error) const;

 private:
  struct Event {
    std::string name;
    int instruction_id;
    int delegate_debug_id;  // -1: not inside a delegate
    unsigned long long start_ns, end_ns;
  };
  unsigned long long now_ns() const;

  const Method& method_;
  double npu_clock_mhz_;
  std::chrono::steady_clock::time_point origin_ = std::chrono::steady_clock::now();
  unsigned long long call_start_ = 0;
  std::vector<Event> events_;
};

}  // namespace ember::tool
