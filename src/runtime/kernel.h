// CPU kernels: a function per operator overload, found by "namespace::name" and
// overload ("out", or "" for the default). Registration is explicit, into a
// registry the caller owns (no global constructors).
#pragma once
#include <cstddef>

#include "core/error.h"
#include "core/span.h"
#include "runtime/evalue.h"
#include "runtime/memory_allocator.h"

namespace ember {

struct KernelContext {
  MemoryAllocator* temp = nullptr;  // scratch for this call, reset after it
};

// args: every schema argument in order, then the return value (for .out ops the
// out tensor appears twice), as in the program's KernelCall.
using KernelFn = Error (*)(KernelContext& context, Span<EValue*> args);

struct KernelEntry {
  const char* name;      // e.g. "quantized_decomposed::quantize_per_tensor"
  const char* overload;  // e.g. "out"
  KernelFn fn;
};

}  // namespace ember
