// Turns a plan's value table into EValues: tensors pointing at constants,
// planned buffers or nothing yet (inputs); scalars; lists materialised from
// their value indices. Every index, size and offset is checked.
#pragma once
#include <cstddef>

#include "core/error.h"
#include "format/flatbuffer.h"
#include "runtime/evalue.h"
#include "runtime/memory_manager.h"
#include "runtime/program.h"

namespace ember {

// Method-allocator bytes parse_values will use for this value table.
Result<size_t> values_allocation_bytes(const fb::Vector& values);

Error parse_values(const Program& program, const fb::Vector& values, const MemoryManager& memory,
                   EValue* out);

// Rounds every allocation the method makes, so sizes can be computed up front.
constexpr size_t kMethodAlignment = 8;
constexpr size_t method_bytes(size_t n) { return (n + kMethodAlignment - 1) / kMethodAlignment * kMethodAlignment; }

}  // namespace ember
