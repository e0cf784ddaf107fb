// Everything the host tools can run: kernel tables and delegate backends.
// New kernel sets and backends are added here, one line each.
#pragma once
#include "runtime/backend_registry.h"
#include "runtime/kernel_registry.h"

namespace ember::tool {

Error register_all(KernelRegistry* kernels, BackendRegistry* backends);

}  // namespace ember::tool
