// A short name for one simulated NPU operation ("CONV", "POOL max",
// "ELEMENTWISE add"), as `ember run --profile`, the ETDump and the runner
// firmware's console ETDump show it.
#pragma once
#include <cstddef>

#include "ethosu/sim/simulator.h"

namespace ember::ethosu {

// Writes the name into out (always terminated, cut to size); returns out.
const char* operation_name(const OpRecord& record, char* out, size_t size);

}  // namespace ember::ethosu
