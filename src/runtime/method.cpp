#include "runtime/method.h"

#include <cstring>

#include "core/log.h"
#include "format/schema.h"
#include "runtime/shape_text.h"
#include "runtime/values.h"

namespace ember {

namespace S = schema;

namespace {

Error malformed(const char* what, uint32_t index) {
  EMBER_LOG_ERROR("malformed program: %s (%u)", what, static_cast<unsigned>(index));
  return Error::InvalidProgram;
}

template <typename T>
T* allocate(MemoryAllocator* allocator, size_t count, const char* what) {
  if (count == 0) return nullptr;
  void* p = allocator->allocate(method_bytes(count * sizeof(T)), kMethodAlignment);
  if (!p) {
    EMBER_LOG_ERROR("method allocator too small for %s: %u more bytes needed", what,
                    static_cast<unsigned>(allocator->missing()));
  }
  return static_cast<T*>(p);
}

Result<Span<const int32_t>> value_indices(const fb::Table& plan, int slot, uint32_t value_count) {
  EMBER_TRY_ASSIGN(fb::Vector v, fb::optional_vector(plan, slot, 4));
  EMBER_TRY_ASSIGN(const int32_t* data, v.data<int32_t>());
  for (uint32_t i = 0; i < v.size(); ++i) {
    if (data[i] < 0 || static_cast<uint32_t>(data[i]) >= value_count) return malformed("input/output index", i);
  }
  return Span<const int32_t>(data, v.size());
}

}  // namespace

Error Method::load(const Program& program, const char* name, const MemoryManager& memory,
                   const KernelRegistry& kernels, const BackendRegistry& backends) {
  unload();
  if (!memory.method_allocator || !memory.temp_allocator) return Error::InvalidArgument;
  method_allocator_ = memory.method_allocator;
  temp_allocator_ = memory.temp_allocator;
  EMBER_TRY_ASSIGN(fb::Table plan, program.find_method(name));

  EMBER_TRY_ASSIGN(fb::Vector sizes, fb::optional_vector(plan, S::ExecutionPlan::non_const_buffer_sizes, 8));
  for (uint32_t i = 1; i < sizes.size(); ++i) {
    int64_t need = sizes.scalar<int64_t>(i);
    size_t have = i - 1 < memory.planned_buffers.size ? memory.planned_buffers[i - 1].size : 0;
    if (need < 0 || static_cast<uint64_t>(need) > have) {
      EMBER_LOG_ERROR("planned buffer %u needs %lld bytes, %u given", static_cast<unsigned>(i - 1),
                      static_cast<long long>(need), static_cast<unsigned>(have));
      return Error::OutOfMemory;
    }
  }

  EMBER_TRY_ASSIGN(fb::Vector values, fb::optional_vector(plan, S::ExecutionPlan::values, 4));
  value_count_ = values.size();
  values_ = allocate<EValue>(method_allocator_, value_count_, "the value table");
  if (!values_ && value_count_) return Error::OutOfMemory;
  EMBER_TRY(parse_values(program, values, memory, values_));
  EMBER_TRY_ASSIGN(inputs_, value_indices(plan, S::ExecutionPlan::inputs, value_count_));
  EMBER_TRY_ASSIGN(outputs_, value_indices(plan, S::ExecutionPlan::outputs, value_count_));
  EMBER_TRY(load_delegates(program, plan, backends));
  return load_instructions(plan, kernels);
}

void Method::unload() {
  for (uint32_t i = 0; i < delegate_count_; ++i) {
    if (delegates_[i].handle) delegates_[i].backend->destroy(delegates_[i].handle);
  }
  delegate_count_ = 0;
  step_count_ = 0;
  value_count_ = 0;
}

Error Method::load_delegates(const Program& program, const fb::Table& plan, const BackendRegistry& backends) {
  EMBER_TRY_ASSIGN(fb::Vector list, fb::optional_vector(plan, S::ExecutionPlan::delegates, 4));
  delegates_ = allocate<Delegate>(method_allocator_, list.size(), "delegates");
  if (!delegates_ && list.size()) return Error::OutOfMemory;
  for (uint32_t i = 0; i < list.size(); ++i) {
    EMBER_TRY_ASSIGN(fb::Table entry, list.table(i));
    EMBER_TRY_ASSIGN(Span<const char> id, entry.string(S::BackendDelegate::id));
    Backend* backend = backends.find(id);
    if (!backend) {
      EMBER_LOG_ERROR("no backend %.*s registered (delegate %u)", static_cast<int>(id.size), id.data,
                      static_cast<unsigned>(i));
      return Error::BackendMissing;
    }
    EMBER_TRY_ASSIGN(fb::Table processed, entry.table(S::BackendDelegate::processed));
    EMBER_TRY_ASSIGN(Span<const uint8_t> payload,
                     program.delegate_data(processed.scalar<int8_t>(S::DelegateDataReference::location),
                                           processed.scalar<uint32_t>(S::DelegateDataReference::index)));
    EMBER_TRY_ASSIGN(fb::Vector spec_list, fb::optional_vector(entry, S::BackendDelegate::compile_specs, 4));
    CompileSpec* specs = allocate<CompileSpec>(method_allocator_, spec_list.size(), "compile specs");
    if (!specs && spec_list.size()) return Error::OutOfMemory;
    for (uint32_t s = 0; s < spec_list.size(); ++s) {
      EMBER_TRY_ASSIGN(fb::Table spec, spec_list.table(s));
      EMBER_TRY_ASSIGN(specs[s].key, spec.string(S::CompileSpec::key));
      EMBER_TRY_ASSIGN(fb::Vector value, fb::optional_vector(spec, S::CompileSpec::value, 1));
      specs[s].value = value.bytes();
    }
    BackendInitContext context{method_allocator_};
    Result<DelegateHandle*> handle = backend->init(context, payload, Span<const CompileSpec>(specs, spec_list.size()));
    if (!handle.ok()) {
      EMBER_LOG_ERROR("backend %s could not initialise delegate %u: %s", backend->id(), static_cast<unsigned>(i),
                      to_string(handle.error()));
      return handle.error();
    }
    delegates_[i] = Delegate{backend, *handle};
    delegate_count_ = i + 1;
  }
  return Error::Ok;
}

Result<Span<EValue*>> Method::load_args(const fb::Table& call, int slot) {
  EMBER_TRY_ASSIGN(fb::Vector list, fb::optional_vector(call, slot, 4));
  EValue** args = allocate<EValue*>(method_allocator_, list.size(), "instruction arguments");
  if (!args && list.size()) return Error::OutOfMemory;
  for (uint32_t i = 0; i < list.size(); ++i) {
    int32_t index = list.scalar<int32_t>(i);
    if (index < 0 || static_cast<uint32_t>(index) >= value_count_) return malformed("argument value index", i);
    args[i] = &values_[index];
  }
  return Span<EValue*>(args, list.size());
}

Error Method::load_step(const fb::Table& instruction, const fb::Vector& operators,
                        const KernelRegistry& kernels, Step* step) {
  *step = Step{};
  step->type = instruction.scalar<uint8_t>(S::Instruction::args_type);
  EMBER_TRY_ASSIGN(fb::Table call, instruction.table(S::Instruction::args));
  auto check_value = [&](int32_t index) {
    return index >= 0 && static_cast<uint32_t>(index) < value_count_;
  };
  switch (static_cast<S::InstructionType>(step->type)) {
    case S::InstructionType::KernelCall: {
      int32_t op = call.scalar<int32_t>(S::KernelCall::op_index);
      if (op < 0 || static_cast<uint32_t>(op) >= operators.size()) return malformed("operator index", op);
      EMBER_TRY_ASSIGN(fb::Table op_table, operators.table(op));
      EMBER_TRY_ASSIGN(Span<const char> name, op_table.string(S::Operator::name));
      Span<const char> overload;
      if (op_table.has(S::Operator::overload)) {
        EMBER_TRY_ASSIGN(overload, op_table.string(S::Operator::overload));
      }
      step->kernel = kernels.find(name, overload);
      if (!step->kernel) {
        EMBER_LOG_ERROR("missing operator %.*s.%.*s: no kernel registered", static_cast<int>(name.size),
                        name.data, static_cast<int>(overload.size), overload.data);
        return Error::OperatorMissing;
      }
      EMBER_TRY_ASSIGN(step->args, load_args(call, S::KernelCall::args));
      return Error::Ok;
    }
    case S::InstructionType::DelegateCall: {
      int32_t index = call.scalar<int32_t>(S::DelegateCall::delegate_index);
      if (index < 0 || static_cast<uint32_t>(index) >= delegate_count_) return malformed("delegate index", index);
      step->delegate = static_cast<uint32_t>(index);
      EMBER_TRY_ASSIGN(step->args, load_args(call, S::DelegateCall::args));
      return Error::Ok;
    }
    case S::InstructionType::MoveCall:
      step->a = call.scalar<int32_t>(S::MoveCall::move_from);
      step->b = call.scalar<int32_t>(S::MoveCall::move_to);
      return check_value(step->a) && check_value(step->b) ? Error::Ok : malformed("move value index", 0);
    case S::InstructionType::JumpFalseCall:
      step->a = call.scalar<int32_t>(S::JumpFalseCall::cond_value_index);
      step->b = call.scalar<int32_t>(S::JumpFalseCall::destination_instruction);
      return check_value(step->a) ? Error::Ok : malformed("jump condition index", 0);
    case S::InstructionType::FreeCall:
      step->a = call.scalar<int32_t>(S::FreeCall::value_index);
      return check_value(step->a) ? Error::Ok : malformed("free value index", 0);
    default:
      return malformed("instruction type", step->type);
  }
}

Error Method::load_instructions(const fb::Table& plan, const KernelRegistry& kernels) {
  EMBER_TRY_ASSIGN(fb::Vector chains, fb::optional_vector(plan, S::ExecutionPlan::chains, 4));
  if (chains.size() != 1) {
    EMBER_LOG_ERROR("methods with %u chains are not supported (1 expected)", static_cast<unsigned>(chains.size()));
    return chains.size() == 0 ? Error::InvalidProgram : Error::NotSupported;
  }
  EMBER_TRY_ASSIGN(fb::Table chain, chains.table(0));
  EMBER_TRY_ASSIGN(fb::Vector instructions, fb::optional_vector(chain, S::Chain::instructions, 4));
  EMBER_TRY_ASSIGN(fb::Vector operators, fb::optional_vector(plan, S::ExecutionPlan::operators, 4));
  steps_ = allocate<Step>(method_allocator_, instructions.size(), "instructions");
  if (!steps_ && instructions.size()) return Error::OutOfMemory;
  for (uint32_t i = 0; i < instructions.size(); ++i) {
    EMBER_TRY_ASSIGN(fb::Table instruction, instructions.table(i));
    EMBER_TRY(load_step(instruction, operators, kernels, &steps_[i]));
    if (steps_[i].type == static_cast<uint8_t>(S::InstructionType::JumpFalseCall) &&
        (steps_[i].b < 0 || static_cast<uint32_t>(steps_[i].b) > instructions.size())) {
      return malformed("jump destination", i);
    }
  }
  step_count_ = instructions.size();
  return Error::Ok;
}

Error Method::set_input(size_t i, const void* data, size_t nbytes, ScalarType dtype, Span<const int32_t> sizes) {
  if (i >= inputs_.size) {
    EMBER_LOG_ERROR("input %u: the method has %u inputs", static_cast<unsigned>(i), static_cast<unsigned>(inputs_.size));
    return Error::IndexOutOfRange;
  }
  EValue& value = values_[inputs_[i]];
  if (!value.is_tensor()) {
    EMBER_LOG_ERROR("input %u is a %s, not a tensor", static_cast<unsigned>(i), to_string(value.tag));
    return Error::InvalidType;
  }
  Tensor& tensor = *value.payload.as_tensor;
  if (dtype != tensor.dtype) {
    EMBER_LOG_ERROR("input %u: dtype %s given, the program takes %s", static_cast<unsigned>(i),
                    to_string(dtype), to_string(tensor.dtype));
    return Error::InvalidType;
  }
  bool same_shape = sizes.size == tensor.rank;
  for (uint32_t d = 0; same_shape && d < tensor.rank; ++d) same_shape = sizes[d] == tensor.sizes[d];
  if (!same_shape || nbytes != tensor.nbytes()) {
    char want[96];
    char got[96];
    format_shape(Span<const int32_t>(tensor.sizes, tensor.rank), want, sizeof(want));
    format_shape(sizes, got, sizeof(got));
    EMBER_LOG_ERROR("input %u: shape %s given, the program takes %s", static_cast<unsigned>(i), got, want);
    return Error::InvalidShape;
  }
  if (nbytes == 0) return Error::Ok;  // an empty tensor: nothing to copy (data may be null)
  if (tensor.data) {
    std::memcpy(tensor.data, data, nbytes);
  } else if (reinterpret_cast<uintptr_t>(data) % element_size(dtype) != 0) {
    EMBER_LOG_ERROR("input %u: data at %p is not aligned to its %u-byte elements", static_cast<unsigned>(i), data,
                    static_cast<unsigned>(element_size(dtype)));
    return Error::InvalidArgument;
  } else {
    tensor.data = const_cast<void*>(data);  // not planned: the caller's buffer is used in place
  }
  return Error::Ok;
}

Error Method::run_kernel(const Step& step, uint32_t pc) {
  for (EValue* arg : step.args) {
    if (arg->is_tensor() && !arg->payload.as_tensor->data && arg->payload.as_tensor->numel() != 0) {
      EMBER_LOG_ERROR("instruction %u (%s.%s): a tensor argument has no memory (input not set?)",
                      static_cast<unsigned>(pc), step.kernel->name, step.kernel->overload);
      return Error::InvalidArgument;
    }
  }
  KernelContext context{temp_allocator_};
  Error error = step.kernel->fn(context, step.args);
  temp_allocator_->reset();
  if (error != Error::Ok) {
    EMBER_LOG_ERROR("instruction %u: kernel %s.%s failed: %s", static_cast<unsigned>(pc), step.kernel->name,
                    step.kernel->overload, to_string(error));
  }
  return error;
}

Error Method::run_delegate(const Step& step, uint32_t pc) {
  const Delegate& d = delegates_[step.delegate];
  BackendExecuteContext context{temp_allocator_};
  Error error = d.backend->execute(context, d.handle, step.args);
  temp_allocator_->reset();
  if (error != Error::Ok) {
    EMBER_LOG_ERROR("instruction %u: delegate %s failed: %s", static_cast<unsigned>(pc), d.backend->id(),
                    to_string(error));
  }
  return error;
}

const KernelEntry* Method::called_kernel(uint32_t pc) const {
  if (pc >= step_count_ || static_cast<S::InstructionType>(steps_[pc].type) != S::InstructionType::KernelCall) {
    return nullptr;
  }
  return steps_[pc].kernel;
}

const char* Method::called_backend(uint32_t pc) const {
  if (pc >= step_count_ || static_cast<S::InstructionType>(steps_[pc].type) != S::InstructionType::DelegateCall ||
      steps_[pc].delegate >= delegate_count_) {
    return nullptr;
  }
  return delegates_[steps_[pc].delegate].backend->id();
}

Error Method::execute() {
  uint32_t pc = 0;
  for (uint32_t steps = 0; pc < step_count_; ++steps) {
    if (steps == kMaxStepsPerExecute) {
      EMBER_LOG_ERROR("execution stopped after %u instructions: a jump loop?", static_cast<unsigned>(steps));
      return Error::InvalidProgram;
    }
    const Step& step = steps_[pc];
    switch (static_cast<S::InstructionType>(step.type)) {
      case S::InstructionType::KernelCall:
      case S::InstructionType::DelegateCall: {
        if (observer_) observer_->begin(pc);
        const bool kernel = static_cast<S::InstructionType>(step.type) == S::InstructionType::KernelCall;
        const Error called = kernel ? run_kernel(step, pc) : run_delegate(step, pc);
        if (observer_) observer_->end(pc);
        if (called != Error::Ok) return called;
        ++pc;
        break;
      }
      case S::InstructionType::MoveCall:
        values_[step.b] = values_[step.a];
        ++pc;
        break;
      case S::InstructionType::JumpFalseCall: {
        const EValue& condition = values_[step.a];
        if (!condition.is_bool()) {
          EMBER_LOG_ERROR("instruction %u: jump condition is a %s, not a bool", static_cast<unsigned>(pc),
                          to_string(condition.tag));
          return Error::InvalidType;
        }
        pc = condition.payload.as_bool ? pc + 1 : static_cast<uint32_t>(step.b);
        break;
      }
      case S::InstructionType::FreeCall:
        if (values_[step.a].is_tensor()) values_[step.a].payload.as_tensor->data = nullptr;
        ++pc;
        break;
      default:
        return Error::Internal;
    }
  }
  return Error::Ok;
}

}  // namespace ember
