#include "npu_inference_log.h"

#include <cstring>

namespace ember::tool {

void NpuInferenceLog::clear() {
  delegate_runs_ = 0;
  records_.clear();
  total_ = {};
}

void NpuInferenceLog::begin(uint32_t pc) {
  if (next_) next_->begin(pc);
}

void NpuInferenceLog::end(uint32_t pc) {
  if (next_) next_->end(pc);
  const char* backend = method_.called_backend(pc);
  if (!backend || std::strcmp(backend, backend_.id()) != 0) return;
  const ethosu::RunStatistics& run = backend_.statistics();
  delegate_runs_++;
  total_.cycles += run.cycles;
  total_.macs += run.macs;
  total_.operations += run.operations;
  if (run.records) records_.insert(records_.end(), run.records, run.records + run.record_count);
  total_.records = records_.data();
  total_.record_count = static_cast<uint32_t>(records_.size());
}

}  // namespace ember::tool
