#include "npu_memory.h"

#include <cstdio>

namespace ember::tool {
namespace {

// ethosu_memory_mode's codes (npu_memory.py MEMORY_MODE_CODES).
constexpr const char* kModes[] = {"Sram_Only", "Shared_Sram", "Dedicated_Sram"};

bool port_of(const std::map<std::string, double>& constants, const std::string& area, ethosu::MemoryPort* port,
             std::string* error) {
  double values[4];
  const char* names[] = {"bytes_per_cycle", "burst_bytes", "read_latency", "write_latency"};
  for (int i = 0; i < 4; ++i) {
    const std::string key = "ethosu_" + area + "_" + names[i];
    auto found = constants.find(key);
    if (found == constants.end()) {
      *error = "the program records its memory mode but not " + key;
      return false;
    }
    values[i] = found->second;
    const bool positive = i < 2;  // bandwidth and burst; latencies may be 0
    if (!(values[i] >= 0 && values[i] < 1e6) || (positive && values[i] <= 0)) {
      *error = "the program's " + key + " is out of range";
      return false;
    }
  }
  *port = {values[0], static_cast<int32_t>(values[2]), static_cast<int32_t>(values[3]), static_cast<int32_t>(values[1])};
  // Transactions in flight (the U85's model): absent from programs exported
  // before they were recorded, which then get Vela's default of 1.
  int32_t* limits[] = {&port->ports_used, &port->max_reads, &port->max_writes};
  const char* limit_names[] = {"ports_used", "max_reads", "max_writes"};
  for (int i = 0; i < 3; ++i) {
    auto found = constants.find("ethosu_" + area + "_" + limit_names[i]);
    if (found == constants.end()) continue;
    if (!(found->second >= 1 && found->second < 1e6)) {
      *error = "the program's ethosu_" + area + "_" + limit_names[i] + " is out of range";
      return false;
    }
    *limits[i] = static_cast<int32_t>(found->second);
  }
  return true;
}

}  // namespace

bool npu_memory_of(const std::map<std::string, double>& constants, NpuMemory* out, std::string* error) {
  auto mode = constants.find("ethosu_memory_mode");
  if (mode == constants.end()) {
    out->system = ethosu::e8_sram_only();
    out->description = "not recorded in the program (upstream's flow): every region in SRAM assumed (Sram_Only)";
    return true;
  }
  const double code = mode->second;
  if (!(code >= 0 && code < 3) || code != static_cast<int>(code)) {
    *error = "the program's ethosu_memory_mode " + std::to_string(code) + " is none of Sram_Only (0), Shared_Sram (1), Dedicated_Sram (2)";
    return false;
  }
  ethosu::MemoryPort arena, constant;
  if (!port_of(constants, "arena", &arena, error) || !port_of(constants, "const", &constant, error)) return false;
  const bool same_memory = code == 0;
  out->system = ethosu::two_area_memory(arena, constant, same_memory);
  char line[160];
  std::snprintf(line, sizeof line, "%s as exported: weights at %g B/cycle (%s), feature maps at %g B/cycle",
                kModes[static_cast<int>(code)], constant.bytes_per_cycle,
                same_memory ? "the same memory" : "their own memory", arena.bytes_per_cycle);
  out->description = line;
  return true;
}

}  // namespace ember::tool
