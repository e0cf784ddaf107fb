#include "runtime/values.h"

#include "core/log.h"
#include "format/schema.h"

namespace ember {
namespace {

namespace S = schema;
using S::ValueType;

Error malformed_value(uint32_t index, const char* what) {
  EMBER_LOG_ERROR("malformed program: value %u: %s", static_cast<unsigned>(index), what);
  return Error::InvalidProgram;
}

template <typename T>
T* allocate(MemoryAllocator* allocator, size_t count, uint32_t value_index) {
  void* p = allocator->allocate(method_bytes(count * sizeof(T)), kMethodAlignment);
  if (!p) {
    EMBER_LOG_ERROR("method allocator too small: value %u needs %u more bytes", static_cast<unsigned>(value_index),
                    static_cast<unsigned>(allocator->missing()));
  }
  return static_cast<T*>(p);
}

Error parse_tensor(const Program& program, const fb::Table& t, const MemoryManager& memory,
                   uint32_t index, Tensor* tensor) {
  tensor->dtype = static_cast<ScalarType>(t.scalar<int8_t>(S::Tensor::scalar_type));
  if (element_size(tensor->dtype) == 0) {
    EMBER_LOG_ERROR("value %u: tensor dtype %d is not supported", static_cast<unsigned>(index),
                    static_cast<int>(tensor->dtype));
    return Error::NotSupported;
  }
  EMBER_TRY_ASSIGN(fb::Vector sizes, t.vector(S::Tensor::sizes, 4));
  EMBER_TRY_ASSIGN(fb::Vector dim_order, fb::optional_vector(t, S::Tensor::dim_order, 1));
  if (sizes.size() > kMaxTensorRank) return malformed_value(index, "tensor rank above 16");
  if (dim_order.size() != sizes.size()) return malformed_value(index, "dim_order length differs from rank");
  tensor->rank = sizes.size();
  EMBER_TRY_ASSIGN(tensor->sizes, sizes.data<int32_t>());
  EMBER_TRY_ASSIGN(tensor->dim_order, dim_order.data<uint8_t>());
  uint32_t seen = 0;
  for (uint32_t d = 0; d < tensor->rank; ++d) {
    if (tensor->sizes[d] < 0) return malformed_value(index, "negative tensor size");
    if (tensor->dim_order[d] >= tensor->rank || (seen & (1u << tensor->dim_order[d]))) {
      return malformed_value(index, "dim_order is not a permutation");
    }
    seen |= 1u << tensor->dim_order[d];
  }
  if (t.scalar<int32_t>(S::Tensor::storage_offset) != 0) return malformed_value(index, "storage_offset is not 0");
  Result<size_t> checked = checked_nbytes(tensor->sizes, tensor->rank, tensor->dtype);
  if (!checked.ok()) return malformed_value(index, "tensor larger than this target's address space");
  size_t nbytes = *checked;

  if (t.has(S::Tensor::extra_tensor_info)) {
    EMBER_TRY_ASSIGN(fb::Table extra, t.table(S::Tensor::extra_tensor_info));
    if (extra.scalar<int8_t>(S::ExtraTensorInfo::location) == static_cast<int8_t>(S::TensorDataLocation::External)) {
      EMBER_LOG_ERROR("value %u: tensor data in an external .ptd file is not supported", static_cast<unsigned>(index));
      return Error::NotSupported;
    }
  }
  uint32_t buffer_index = t.scalar<uint32_t>(S::Tensor::data_buffer_idx);
  if (t.has(S::Tensor::allocation_info)) {
    if (buffer_index != 0) {
      EMBER_LOG_ERROR("value %u: mutable tensors with initial data are not supported", static_cast<unsigned>(index));
      return Error::NotSupported;
    }
    EMBER_TRY_ASSIGN(fb::Table alloc, t.table(S::Tensor::allocation_info));
    uint32_t memory_id = alloc.scalar<uint32_t>(S::AllocationDetails::memory_id);
    uint64_t offset = alloc.scalar<uint32_t>(S::AllocationDetails::memory_offset_low) |
                      (uint64_t{alloc.scalar<uint32_t>(S::AllocationDetails::memory_offset_high)} << 32);
    if (memory_id == 0 || memory_id > memory.planned_buffers.size) {
      return malformed_value(index, "memory_id names no planned buffer");
    }
    Span<uint8_t> buffer = memory.planned_buffers[memory_id - 1];
    if (offset > buffer.size || nbytes > buffer.size - offset) {
      EMBER_LOG_ERROR("value %u: planned at %llu + %llu bytes, past planned buffer %u (%u bytes)",
                      static_cast<unsigned>(index), static_cast<unsigned long long>(offset),
                      static_cast<unsigned long long>(nbytes), static_cast<unsigned>(memory_id - 1),
                      static_cast<unsigned>(buffer.size));
      return Error::InvalidProgram;
    }
    tensor->data = buffer.data + offset;
  } else if (buffer_index > 0) {
    EMBER_TRY_ASSIGN(const uint8_t* constant, program.constant_data(buffer_index, nbytes));
    tensor->data = const_cast<uint8_t*>(constant);  // read-only: kernels never write inputs
  } else {
    tensor->data = nullptr;  // an input, set later
  }
  // Kernels read elements in place: their data must be naturally aligned
  // (upstream aligns buffers to 16; a malformed file may not).
  if (reinterpret_cast<uintptr_t>(tensor->data) % element_size(tensor->dtype) != 0) {
    return malformed_value(index, "tensor data is not aligned to its element size");
  }
  return Error::Ok;
}

// Value index list -> the values they name, checked for kind.
Error resolve_indices(const fb::Vector& items, const EValue* values, uint32_t value_count,
                      uint32_t index, Tag want, bool allow_none, size_t* count) {
  *count = items.size();
  for (uint32_t i = 0; i < items.size(); ++i) {
    int64_t item = items.element_size_bytes() == 8 ? items.scalar<int64_t>(i) : items.scalar<int32_t>(i);
    if (allow_none && item == -1) continue;  // upstream writes None in an optional list as -1
    if (item < 0 || item >= value_count) return malformed_value(index, "list item is not a value index");
    Tag tag = values[item].tag;
    if (tag != want && !(allow_none && tag == Tag::None)) return malformed_value(index, "list item of the wrong kind");
  }
  return Error::Ok;
}

Error parse_list(const fb::Table& payload, ValueType type, uint32_t index, EValue* values,
                 uint32_t value_count, MemoryAllocator* allocator) {
  EValue& v = values[index];
  switch (type) {
    case ValueType::IntList: {
      EMBER_TRY_ASSIGN(fb::Vector items, fb::optional_vector(payload, S::List::items, 8));
      size_t n = 0;
      EMBER_TRY(resolve_indices(items, values, value_count, index, Tag::Int, false, &n));
      int64_t* out = allocate<int64_t>(allocator, n, index);
      if (!out) return Error::OutOfMemory;
      for (uint32_t i = 0; i < n; ++i) out[i] = values[items.scalar<int64_t>(i)].payload.as_int;
      v.tag = Tag::IntList;
      v.payload.as_int_list = Span<const int64_t>(out, n);
      return Error::Ok;
    }
    case ValueType::TensorList:
    case ValueType::OptionalTensorList: {
      bool optional = type == ValueType::OptionalTensorList;
      EMBER_TRY_ASSIGN(fb::Vector items, fb::optional_vector(payload, S::List::items, 4));
      size_t n = 0;
      EMBER_TRY(resolve_indices(items, values, value_count, index, Tag::Tensor, optional, &n));
      Tensor** out = allocate<Tensor*>(allocator, n, index);
      if (!out && n) return Error::OutOfMemory;
      for (uint32_t i = 0; i < n; ++i) {
        const int32_t item = items.scalar<int32_t>(i);
        out[i] = item >= 0 && values[item].tag == Tag::Tensor ? values[item].payload.as_tensor : nullptr;
      }
      v.tag = optional ? Tag::OptionalTensorList : Tag::TensorList;
      v.payload.as_tensor_list = Span<Tensor* const>(out, n);
      return Error::Ok;
    }
    default:
      return Error::Internal;
  }
}

bool is_index_list(ValueType type) {
  return type == ValueType::IntList || type == ValueType::TensorList || type == ValueType::OptionalTensorList;
}

}  // namespace

Result<size_t> values_allocation_bytes(const fb::Vector& values) {
  size_t bytes = method_bytes(values.size() * sizeof(EValue));
  for (uint32_t i = 0; i < values.size(); ++i) {
    EMBER_TRY_ASSIGN(fb::Table value, values.table(i));
    auto type = static_cast<ValueType>(value.scalar<uint8_t>(S::EValue::val_type));
    if (type == ValueType::Tensor) bytes += method_bytes(sizeof(Tensor));
    if (!is_index_list(type)) continue;
    EMBER_TRY_ASSIGN(fb::Table payload, value.table(S::EValue::val));
    uint32_t element = type == ValueType::IntList ? 8 : 4;
    EMBER_TRY_ASSIGN(fb::Vector items, fb::optional_vector(payload, S::List::items, element));
    bytes += method_bytes(items.size() * (type == ValueType::IntList ? sizeof(int64_t) : sizeof(Tensor*)));
  }
  return bytes;
}

Error parse_values(const Program& program, const fb::Vector& values, const MemoryManager& memory,
                   EValue* out) {
  const uint32_t count = values.size();
  // Pass 1: everything but the lists, which refer to other values.
  for (uint32_t i = 0; i < count; ++i) {
    out[i] = EValue();
    EMBER_TRY_ASSIGN(fb::Table value, values.table(i));
    auto type = static_cast<ValueType>(value.scalar<uint8_t>(S::EValue::val_type));
    if (type == ValueType::None || type == ValueType::Null) continue;
    if (is_index_list(type)) continue;
    EMBER_TRY_ASSIGN(fb::Table payload, value.table(S::EValue::val));
    EValue& v = out[i];
    switch (type) {
      case ValueType::Int:
        v.tag = Tag::Int;
        v.payload.as_int = payload.scalar<int64_t>(S::ScalarValue::value);
        break;
      case ValueType::Bool:
        v.tag = Tag::Bool;
        v.payload.as_bool = payload.scalar<uint8_t>(S::ScalarValue::value) != 0;
        break;
      case ValueType::Double:
        v.tag = Tag::Double;
        v.payload.as_double = payload.scalar<double>(S::ScalarValue::value);
        break;
      case ValueType::String: {
        EMBER_TRY_ASSIGN(Span<const char> text, payload.string(S::ScalarValue::value));
        v.tag = Tag::String;
        v.payload.as_string = text;
        break;
      }
      case ValueType::DoubleList: {
        EMBER_TRY_ASSIGN(fb::Vector items, fb::optional_vector(payload, S::List::items, 8));
        EMBER_TRY_ASSIGN(const double* data, items.data<double>());
        v.tag = Tag::DoubleList;
        v.payload.as_double_list = Span<const double>(data, items.size());
        break;
      }
      case ValueType::BoolList: {
        EMBER_TRY_ASSIGN(fb::Vector items, fb::optional_vector(payload, S::List::items, 1));
        EMBER_TRY_ASSIGN(const bool* data, items.data<bool>());
        v.tag = Tag::BoolList;
        v.payload.as_bool_list = Span<const bool>(data, items.size());
        break;
      }
      case ValueType::Tensor: {
        Tensor* tensor = allocate<Tensor>(memory.method_allocator, 1, i);
        if (!tensor) return Error::OutOfMemory;
        *tensor = Tensor();
        EMBER_TRY(parse_tensor(program, payload, memory, i, tensor));
        v.tag = Tag::Tensor;
        v.payload.as_tensor = tensor;
        break;
      }
      default:
        return malformed_value(i, "unknown value type");
    }
  }
  // Pass 2: lists.
  for (uint32_t i = 0; i < count; ++i) {
    EMBER_TRY_ASSIGN(fb::Table value, values.table(i));
    auto type = static_cast<ValueType>(value.scalar<uint8_t>(S::EValue::val_type));
    if (!is_index_list(type)) continue;
    EMBER_TRY_ASSIGN(fb::Table payload, value.table(S::EValue::val));
    EMBER_TRY(parse_list(payload, type, i, out, count, memory.method_allocator));
  }
  return Error::Ok;
}

}  // namespace ember
