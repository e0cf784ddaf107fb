// A method ready to run: its values, resolved kernels and initialised delegates,
// all in memory the caller gave (MemoryManager). No heap, no exceptions.
//
//   Method method;
//   EMBER_TRY(method.load(program, "forward", memory, kernels, backends));
//   EMBER_TRY(method.set_input(0, data, nbytes, ScalarType::Float, sizes));
//   EMBER_TRY(method.execute());
//   const EValue* out = method.output(0);
#pragma once
#include <cstddef>
#include <cstdint>

#include "core/error.h"
#include "core/span.h"
#include "runtime/backend_registry.h"
#include "runtime/evalue.h"
#include "runtime/kernel_registry.h"
#include "runtime/memory_manager.h"
#include "runtime/program.h"

namespace ember {

class Method {
 public:
  // A jump loop in a malformed program must not hang the device.
  static constexpr uint32_t kMaxStepsPerExecute = 1u << 20;

  Method() = default;
  Method(const Method&) = delete;
  Method& operator=(const Method&) = delete;
  ~Method() { unload(); }

  // Allocates from memory.method_allocator (owned by the caller: reset it before
  // loading again, also after a failed load).
  Error load(const Program& program, const char* name, const MemoryManager& memory,
             const KernelRegistry& kernels, const BackendRegistry& backends);
  // Destroys the delegates; the method can be loaded again.
  void unload();

  size_t input_count() const { return inputs_.size; }
  size_t output_count() const { return outputs_.size; }
  const EValue* input(size_t i) const { return i < inputs_.size ? &values_[inputs_[i]] : nullptr; }
  const EValue* output(size_t i) const { return i < outputs_.size ? &values_[outputs_[i]] : nullptr; }

  // Copies `nbytes` of input i into its planned memory, after checking dtype
  // and shape against the program (Error::InvalidType / InvalidShape).
  Error set_input(size_t i, const void* data, size_t nbytes, ScalarType dtype, Span<const int32_t> sizes);
  Error execute();

  size_t instruction_count() const { return step_count_; }

  // Watches execute() call by call (`ember run --etdump` times each kernel and
  // delegate call with it). None by default: then execute() pays one branch.
  class CallObserver {
   public:
    virtual void begin(uint32_t pc) = 0;
    virtual void end(uint32_t pc) = 0;

   protected:
    ~CallObserver() = default;
  };
  void set_observer(CallObserver* observer) { observer_ = observer; }
  // What instruction pc calls: its kernel (nullptr unless a kernel call), or its
  // delegate's backend id (nullptr unless a delegate call).
  const KernelEntry* called_kernel(uint32_t pc) const;
  const char* called_backend(uint32_t pc) const;

  // One resolved instruction, and one initialised delegate; public so that
  // MethodMeta can size the method allocator exactly.
  struct Step {
    uint8_t type;               // schema::InstructionType
    const KernelEntry* kernel;  // KernelCall
    uint32_t delegate;          // DelegateCall
    Span<EValue*> args;         // KernelCall, DelegateCall
    int32_t a;                  // move_from, cond_value_index, value_index
    int32_t b;                  // move_to, destination_instruction
  };
  struct Delegate {
    Backend* backend;
    DelegateHandle* handle;
  };

 private:
  Error load_delegates(const Program& program, const fb::Table& plan, const BackendRegistry& backends);
  Error load_instructions(const fb::Table& plan, const KernelRegistry& kernels);
  Error load_step(const fb::Table& instruction, const fb::Vector& operators,
                  const KernelRegistry& kernels, Step* step);
  Result<Span<EValue*>> load_args(const fb::Table& call, int slot);
  Error run_kernel(const Step& step, uint32_t pc);
  Error run_delegate(const Step& step, uint32_t pc);

  EValue* values_ = nullptr;
  uint32_t value_count_ = 0;
  Span<const int32_t> inputs_;
  Span<const int32_t> outputs_;
  Step* steps_ = nullptr;
  uint32_t step_count_ = 0;
  Delegate* delegates_ = nullptr;
  uint32_t delegate_count_ = 0;
  MemoryAllocator* method_allocator_ = nullptr;
  MemoryAllocator* temp_allocator_ = nullptr;
  CallObserver* observer_ = nullptr;
};

}  // namespace ember
