#include "runtime/method_meta.h"

#include "core/log.h"
#include "format/schema.h"
#include "runtime/backend.h"
#include "runtime/evalue.h"
#include "runtime/method.h"
#include "runtime/values.h"

namespace ember {

namespace S = schema;

namespace {

// Mirrors Method::load's allocations (all rounded to kMethodAlignment).
Result<size_t> instruction_bytes(const fb::Table& plan, size_t* delegate_count) {
  EMBER_TRY_ASSIGN(fb::Vector chains, fb::optional_vector(plan, S::ExecutionPlan::chains, 4));
  EMBER_TRY_ASSIGN(fb::Vector delegates, fb::optional_vector(plan, S::ExecutionPlan::delegates, 4));
  *delegate_count = delegates.size();
  size_t bytes = method_bytes(delegates.size() * sizeof(Method::Delegate));
  for (uint32_t i = 0; i < delegates.size(); ++i) {
    EMBER_TRY_ASSIGN(fb::Table entry, delegates.table(i));
    EMBER_TRY_ASSIGN(fb::Vector specs, fb::optional_vector(entry, S::BackendDelegate::compile_specs, 4));
    bytes += method_bytes(specs.size() * sizeof(CompileSpec));
  }
  if (chains.size() == 0) return bytes;
  EMBER_TRY_ASSIGN(fb::Table chain, chains.table(0));
  EMBER_TRY_ASSIGN(fb::Vector instructions, fb::optional_vector(chain, S::Chain::instructions, 4));
  bytes += method_bytes(instructions.size() * sizeof(Method::Step));
  for (uint32_t i = 0; i < instructions.size(); ++i) {
    EMBER_TRY_ASSIGN(fb::Table instruction, instructions.table(i));
    auto type = static_cast<S::InstructionType>(instruction.scalar<uint8_t>(S::Instruction::args_type));
    if (type != S::InstructionType::KernelCall && type != S::InstructionType::DelegateCall) continue;
    EMBER_TRY_ASSIGN(fb::Table call, instruction.table(S::Instruction::args));
    EMBER_TRY_ASSIGN(fb::Vector args, fb::optional_vector(call, S::KernelCall::args, 4));
    bytes += method_bytes(args.size() * sizeof(EValue*));
  }
  return bytes;
}

}  // namespace

Result<MethodMeta> MethodMeta::of(const Program& program, const char* method_name) {
  MethodMeta meta;
  EMBER_TRY_ASSIGN(meta.plan_, program.find_method(method_name));
  EMBER_TRY_ASSIGN(meta.values_, fb::optional_vector(meta.plan_, S::ExecutionPlan::values, 4));
  EMBER_TRY_ASSIGN(meta.inputs_, fb::optional_vector(meta.plan_, S::ExecutionPlan::inputs, 4));
  EMBER_TRY_ASSIGN(meta.outputs_, fb::optional_vector(meta.plan_, S::ExecutionPlan::outputs, 4));
  EMBER_TRY_ASSIGN(meta.buffer_sizes_, fb::optional_vector(meta.plan_, S::ExecutionPlan::non_const_buffer_sizes, 8));
  EMBER_TRY_ASSIGN(fb::Vector chains, fb::optional_vector(meta.plan_, S::ExecutionPlan::chains, 4));
  if (chains.size() > 0) {
    EMBER_TRY_ASSIGN(fb::Table chain, chains.table(0));
    EMBER_TRY_ASSIGN(meta.instructions_, fb::optional_vector(chain, S::Chain::instructions, 4));
  }
  EMBER_TRY_ASSIGN(meta.delegates_, fb::optional_vector(meta.plan_, S::ExecutionPlan::delegates, 4));
  EMBER_TRY_ASSIGN(size_t value_bytes, values_allocation_bytes(meta.values_));
  size_t delegate_count = 0;
  EMBER_TRY_ASSIGN(size_t step_bytes, instruction_bytes(meta.plan_, &delegate_count));
  meta.method_allocator_bytes_ = value_bytes + step_bytes;
  return meta;
}

size_t MethodMeta::planned_buffer_count() const {
  return buffer_sizes_.size() > 0 ? buffer_sizes_.size() - 1 : 0;
}

Result<size_t> MethodMeta::planned_buffer_size(size_t i) const {
  if (i + 1 >= buffer_sizes_.size()) return Error::IndexOutOfRange;
  int64_t size = buffer_sizes_.scalar<int64_t>(static_cast<uint32_t>(i + 1));
  // A size the target cannot address (above 4 GiB on the M55) is malformed, not truncated.
  if (size < 0 || static_cast<uint64_t>(size) > static_cast<uint64_t>(static_cast<size_t>(-1))) {
    return Error::InvalidProgram;
  }
  return static_cast<size_t>(size);
}

Result<TensorInfo> MethodMeta::tensor_info(const fb::Vector& indices, size_t i) const {
  if (i >= indices.size()) return Error::IndexOutOfRange;
  int32_t index = indices.scalar<int32_t>(static_cast<uint32_t>(i));
  if (index < 0 || static_cast<uint32_t>(index) >= values_.size()) return Error::InvalidProgram;
  EMBER_TRY_ASSIGN(fb::Table value, values_.table(static_cast<uint32_t>(index)));
  if (static_cast<S::ValueType>(value.scalar<uint8_t>(S::EValue::val_type)) != S::ValueType::Tensor) {
    return Error::InvalidType;
  }
  EMBER_TRY_ASSIGN(fb::Table tensor, value.table(S::EValue::val));
  EMBER_TRY_ASSIGN(fb::Vector sizes, tensor.vector(S::Tensor::sizes, 4));
  TensorInfo info;
  info.dtype = static_cast<ScalarType>(tensor.scalar<int8_t>(S::Tensor::scalar_type));
  info.rank = sizes.size();
  EMBER_TRY_ASSIGN(info.sizes, sizes.data<int32_t>());
  EMBER_TRY_ASSIGN(info.nbytes, checked_nbytes(info.sizes, info.rank, info.dtype));
  EMBER_TRY_ASSIGN(fb::Vector dim_order, fb::optional_vector(tensor, S::Tensor::dim_order, 1));
  if (dim_order.size() != 0) {
    if (dim_order.size() != info.rank) return Error::InvalidProgram;
    EMBER_TRY_ASSIGN(info.dim_order, dim_order.data<uint8_t>());
  }
  return info;
}

}  // namespace ember
