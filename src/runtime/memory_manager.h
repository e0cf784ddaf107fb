// The memory a method runs in, all of it given by the caller:
// - planned buffers: one span per entry of non_const_buffer_sizes[1..], where the
//   exporter placed every activation, input and output;
// - the method allocator: the value table, tensors, lists, instruction arguments
//   and delegate state, allocated once at load;
// - the temp allocator: scratch for one kernel or delegate call, reset after it.
#pragma once
#include <cstdint>

#include "core/span.h"
#include "runtime/memory_allocator.h"

namespace ember {

struct MemoryManager {
  MemoryAllocator* method_allocator = nullptr;
  Span<Span<uint8_t>> planned_buffers;
  MemoryAllocator* temp_allocator = nullptr;
};

}  // namespace ember
