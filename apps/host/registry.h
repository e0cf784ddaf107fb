// Everything the host tools can run: kernel tables and delegate backends.
// New kernel sets and backends are added here, one line each.
#pragma once
#include <cstddef>

#include "ethosu/delegate/ethosu_backend.h"
#include "runtime/backend_registry.h"
#include "runtime/kernel_registry.h"

namespace ember::tool {

Error register_all(KernelRegistry* kernels, BackendRegistry* backends);
// The Ethos-U backend the host tools run delegates on (the simulator).
const ethosu::EthosUBackend& ethos_u_backend();
uint32_t ethos_u_backend_macs();
// The simulated NPU's name, "Ethos-U55" or "Ethos-U85" (the last program's).
const char* ethos_u_backend_product();
// Bytes of the largest Ethos-U85 chained result so far (the firmware's chain scratch).
size_t ethos_u_chain_peak_bytes();
// Bytes of the most decoded weights one operation so far held (the firmware's weight scratch).
size_t ethos_u_weight_peak_bytes();
// The memories the simulated NPU's cycle model charges (before a program loads).
void set_npu_memory(const ethosu::MemorySystem& memory);

}  // namespace ember::tool
