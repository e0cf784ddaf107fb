// The NPU's share of one inference, over all of the program's Ethos-U delegates:
// the backend's statistics describe its last delegate run only, and a program
// the partitioner split (a CPU operator between NPU parts) runs several.
#pragma once
#include <vector>

#include "ethosu/delegate/ethosu_backend.h"
#include "runtime/method.h"

namespace ember::tool {

class NpuInferenceLog final : public Method::CallObserver {
 public:
  // next: an observer the calls are passed on to (or nullptr).
  NpuInferenceLog(const Method& method, const ethosu::EthosUBackend& backend) : method_(method), backend_(backend) {}
  void set_next(Method::CallObserver* next) { next_ = next; }
  void clear();
  void begin(uint32_t pc) override;
  void end(uint32_t pc) override;

  uint32_t delegate_runs() const { return delegate_runs_; }
  // Sums of the inference's delegate runs; records point into this log.
  const ethosu::RunStatistics& statistics() const { return total_; }

 private:
  const Method& method_;
  const ethosu::EthosUBackend& backend_;
  Method::CallObserver* next_ = nullptr;
  uint32_t delegate_runs_ = 0;
  std::vector<ethosu::OpRecord> records_;
  ethosu::RunStatistics total_;
};

}  // namespace ember::tool
