#include "ethosu/sim/op_name.h"

#include <cstdio>

namespace ember::ethosu {

const char* operation_name(const OpRecord& record, char* out, size_t size) {
  static const char* const kPool[] = {"POOL max", "POOL average", "POOL reduce_sum"};
  static const char* const kElementwise[] = {"ELEMENTWISE mul", "ELEMENTWISE add", "ELEMENTWISE sub",
                                             "ELEMENTWISE min", "ELEMENTWISE max", "ELEMENTWISE lrelu",
                                             "ELEMENTWISE abs", "ELEMENTWISE clz", "ELEMENTWISE shr",
                                             "ELEMENTWISE shl"};
  const char* name = nullptr;
  switch (static_cast<Operation>(record.operation)) {
    case Operation::Conv: name = "CONV"; break;
    case Operation::Depthwise: name = "DEPTHWISE"; break;
    case Operation::Pool: name = record.mode < 3 ? kPool[record.mode] : "POOL"; break;
    case Operation::Elementwise: name = record.mode < 10 ? kElementwise[record.mode] : "ELEMENTWISE"; break;
    case Operation::DmaStart: name = "DMA"; break;
    default:
      if (record.operation == 7) name = "RESIZE";  // the Ethos-U85's NPU_OP_RESIZE
      break;
  }
  if (name) std::snprintf(out, size, "%s", name);
  else std::snprintf(out, size, "OP %u", static_cast<unsigned>(record.operation));
  return out;
}

}  // namespace ember::ethosu
