// Delegates: a backend turns a DelegateCall's payload into a handle once (init),
// runs it on each inference (execute), and releases it (destroy). Backends are
// registered by id ("EthosUBackend") into a registry the caller owns.
#pragma once
#include <cstdint>

#include "core/error.h"
#include "core/result.h"
#include "core/span.h"
#include "runtime/evalue.h"
#include "runtime/memory_allocator.h"

namespace ember {

struct CompileSpec {
  Span<const char> key;
  Span<const uint8_t> value;
};

// Each backend derives its own handle type from this.
struct DelegateHandle {};

struct BackendInitContext {
  MemoryAllocator* runtime_allocator = nullptr;  // lives as long as the method
};

struct BackendExecuteContext {
  MemoryAllocator* temp_allocator = nullptr;  // scratch for this call, reset after it
};

class Backend {
 public:
  virtual const char* id() const = 0;
  // payload: the delegate's processed data (inline or from a segment), valid for
  // the program's lifetime.
  virtual Result<DelegateHandle*> init(BackendInitContext& context,
                                       Span<const uint8_t> payload,
                                       Span<const CompileSpec> compile_specs) = 0;
  // args: the delegate's inputs, then its outputs.
  virtual Error execute(BackendExecuteContext& context, DelegateHandle* handle,
                        Span<EValue*> args) = 0;
  virtual void destroy(DelegateHandle* handle) {}

 protected:
  ~Backend() = default;
};

}  // namespace ember
