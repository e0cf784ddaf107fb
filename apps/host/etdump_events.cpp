#include "etdump_events.h"

#include <algorithm>
#include <cstdio>

#include "json_writer.h"
#include "npu_profile.h"
#include "registry.h"

namespace ember::tool {

unsigned long long EtdumpRecorder::now_ns() const {
  return static_cast<unsigned long long>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - origin_).count());
}

void EtdumpRecorder::begin(uint32_t) { call_start_ = now_ns(); }

void EtdumpRecorder::end(uint32_t pc) {
  const unsigned long long stop = now_ns();
  const int id = static_cast<int>(pc);
  if (const KernelEntry* kernel = method_.called_kernel(pc)) {
    events_.push_back({std::string(kernel->name) + "." + kernel->overload, id, -1, call_start_, stop});
    return;
  }
  const char* backend = method_.called_backend(pc);
  if (!backend) return;
  events_.push_back({backend, id, -1, call_start_, stop});
  if (std::string(backend) != "EthosUBackend") return;
  const ethosu::RunStatistics& npu = ethos_u_backend().statistics();
  const uint32_t recorded = npu.records ? npu.record_count : 0;
  unsigned long long at = call_start_;
  for (uint32_t i = 0; i < recorded; ++i) {
    const unsigned long long duration = static_cast<unsigned long long>(npu.records[i].cycles * 1e3 / npu_clock_mhz_);
    events_.push_back({npu_operation_name(npu.records[i]), id, static_cast<int>(i), at, at + duration});
    at += duration;
  }
}

bool EtdumpRecorder::write_json(const std::string& path, std::string* error) const {
  JsonWriter j;
  j.begin_object();
  j.value("version", 0LL);
  j.begin_array("run_data");
  j.begin_object();
  j.value("name", "forward");
  j.value("bundled_input_index", -1LL);
  j.begin_array("allocators");
  j.end_array();
  j.begin_array("events");
  for (const Event& e : events_) {
    j.begin_object();
    j.begin_object("profile_event");
    j.value("name", e.name);
    j.value("chain_index", 0LL);
    j.value("instruction_id", static_cast<long long>(e.instruction_id));
    // Inside a delegate: named "#3 CONV", the Inspector's name for a delegated event.
    if (e.delegate_debug_id >= 0) j.value("delegate_debug_id_str", "#" + std::to_string(e.delegate_debug_id) + " " + e.name);
    j.value("start_time", static_cast<long long>(e.start_ns));
    j.value("end_time", static_cast<long long>(e.end_ns));
    j.end_object();
    j.end_object();
  }
  j.end_array();
  j.end_object();
  j.end_array();
  j.end_object();
  std::FILE* f = std::fopen(path.c_str(), "w");
  const bool ok = f && std::fputs(j.text().c_str(), f) >= 0;
  if (f && std::fclose(f) != 0) *error = "cannot write " + path;
  if (!ok) *error = "cannot write " + path;
  return ok && error->empty();
}

}  // namespace ember::tool
