// `ember run --profile`, `--profile-json FILE` and `--trace FILE`: the simulated
// NPU's operations of the last inference as a table, as JSON (`ember report`
// reads it) and as Chrome trace events (Perfetto opens it), timed by the cycle
// estimate at the target's NPU clock.
#pragma once
#include <string>

#include "ethosu/delegate/ethosu_backend.h"

namespace ember::tool {

// "CONV", "POOL max", "ELEMENTWISE add", ...
std::string npu_operation_name(const ethosu::OpRecord& record);
void print_npu_profile(const ethosu::RunStatistics& npu, double clock_mhz);
bool write_npu_profile_json(const std::string& path, const ethosu::RunStatistics& npu, uint32_t npu_macs,
                            double clock_mhz, std::string* error);
bool write_npu_trace(const std::string& path, const ethosu::RunStatistics& npu, double clock_mhz, std::string* error);

}  // namespace ember::tool
