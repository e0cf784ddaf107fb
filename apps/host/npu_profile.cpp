#include "npu_profile.h"

#include <cstdio>

#include "ethosu/sim/op_name.h"
#include "json_writer.h"

namespace ember::tool {

std::string npu_operation_name(const ethosu::OpRecord& r) {
  char name[32];
  return ethosu::operation_name(r, name, sizeof(name));
}

namespace {

uint32_t recorded(const ethosu::RunStatistics& npu) { return npu.records ? npu.record_count : 0; }

}  // namespace

void print_npu_profile(const ethosu::RunStatistics& npu, double clock_mhz) {
  std::printf("%4s  %-18s %-14s %10s %10s %10s %10s %9s\n", "#", "operation", "OFM HxWxC", "MACs", "cycles",
              "read B", "written B", "us");
  const uint32_t n = recorded(npu);
  for (uint32_t i = 0; i < n; ++i) {
    const ethosu::OpRecord& r = npu.records[i];
    char shape[32] = "-";
    if (r.ofm_depth) std::snprintf(shape, sizeof(shape), "%dx%dx%d", r.ofm_height, r.ofm_width, r.ofm_depth);
    std::printf("%4u  %-18s %-14s %10llu %10llu %10llu %10llu %9.2f\n", i, npu_operation_name(r).c_str(), shape,
                static_cast<unsigned long long>(r.macs), static_cast<unsigned long long>(r.cycles),
                static_cast<unsigned long long>(r.bytes_read), static_cast<unsigned long long>(r.bytes_written),
                r.cycles / clock_mhz);
  }
  if (n < npu.operations) std::printf("(%u further operations not recorded)\n", npu.operations - n);
}

bool write_npu_profile_json(const std::string& path, const ethosu::RunStatistics& npu, uint32_t npu_macs,
                            double clock_mhz, std::string* error) {
  JsonWriter json;
  json.begin_object();
  json.value("npu_macs", static_cast<long long>(npu_macs));
  json.value("clock_mhz", clock_mhz);
  json.value("operations_run", static_cast<long long>(npu.operations));
  json.value("cycles", static_cast<long long>(npu.cycles));
  json.value("macs", static_cast<long long>(npu.macs));
  json.begin_array("operations");
  const uint32_t n = recorded(npu);
  for (uint32_t i = 0; i < n; ++i) {
    const ethosu::OpRecord& r = npu.records[i];
    json.begin_object();
    json.value("index", static_cast<long long>(i));
    json.value("operation", npu_operation_name(r));
    json.begin_array("ofm");
    for (int32_t d : {r.ofm_height, r.ofm_width, r.ofm_depth}) json.value(nullptr, static_cast<long long>(d));
    json.end_array();
    json.value("macs", static_cast<long long>(r.macs));
    json.value("cycles", static_cast<long long>(r.cycles));
    json.value("npu_cycles", static_cast<long long>(r.npu_cycles));
    json.value("memory_cycles", static_cast<long long>(r.memory_cycles));
    json.value("transpose_piece", r.transpose_piece);
    json.value("bytes_read", static_cast<long long>(r.bytes_read));
    json.value("bytes_written", static_cast<long long>(r.bytes_written));
    json.end_object();
  }
  json.end_array();
  json.end_object();
  std::FILE* f = std::fopen(path.c_str(), "w");
  bool ok = f && std::fputs(json.text().c_str(), f) >= 0;
  if (f) ok = std::fclose(f) == 0 && ok;
  if (!ok) *error = "cannot write " + path;
  return ok;
}

bool write_npu_trace(const std::string& path, const ethosu::RunStatistics& npu, double clock_mhz, std::string* error) {
  std::FILE* f = std::fopen(path.c_str(), "w");
  if (!f) {
    *error = "cannot write " + path;
    return false;
  }
  std::fprintf(f, "{\"displayTimeUnit\": \"ns\", \"traceEvents\": [\n");
  std::fprintf(f, "{\"name\": \"process_name\", \"ph\": \"M\", \"pid\": 1, \"args\": {\"name\": \"Ethos-U55 (simulated)\"}}");
  double start_us = 0;
  const uint32_t n = recorded(npu);
  for (uint32_t i = 0; i < n; ++i) {
    const ethosu::OpRecord& r = npu.records[i];
    const double duration_us = r.cycles / clock_mhz;
    std::fprintf(f,
                 ",\n{\"name\": \"%s\", \"cat\": \"npu\", \"ph\": \"X\", \"pid\": 1, \"tid\": 1, \"ts\": %.4f, "
                 "\"dur\": %.4f, \"args\": {\"index\": %u, \"ofm\": [%d, %d, %d], \"macs\": %llu, \"cycles\": %llu, "
                 "\"bytes_read\": %llu, \"bytes_written\": %llu}}",
                 npu_operation_name(r).c_str(), start_us, duration_us, i, r.ofm_height, r.ofm_width, r.ofm_depth,
                 static_cast<unsigned long long>(r.macs), static_cast<unsigned long long>(r.cycles),
                 static_cast<unsigned long long>(r.bytes_read), static_cast<unsigned long long>(r.bytes_written));
    start_us += duration_us;
  }
  std::fprintf(f, "\n]}\n");
  const bool ok = std::fclose(f) == 0;
  if (!ok) *error = "cannot write " + path;
  return ok;
}

}  // namespace ember::tool
