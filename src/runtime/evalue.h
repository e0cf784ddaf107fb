// EValue: one entry of a method's value table (the arguments of every kernel and
// delegate call). Lists are materialised at load time from the program's value
// indices, so kernels read plain arrays.
#pragma once
#include <cstddef>
#include <cstdint>

#include "core/span.h"
#include "runtime/tensor.h"

namespace ember {

enum class Tag : uint8_t {
  None, Int, Double, Bool, String, Tensor, IntList, DoubleList, BoolList, TensorList,
  OptionalTensorList,
};

const char* to_string(Tag tag);

struct EValue {
  Tag tag = Tag::None;
  union Payload {
    int64_t as_int;
    double as_double;
    bool as_bool;
    Span<const char> as_string;
    Tensor* as_tensor;
    Span<const int64_t> as_int_list;
    Span<const double> as_double_list;
    Span<const bool> as_bool_list;
    Span<Tensor* const> as_tensor_list;           // OptionalTensorList: nullptr = None
    Payload() : as_int(0) {}
  } payload;

  bool is_none() const { return tag == Tag::None; }
  bool is_tensor() const { return tag == Tag::Tensor; }
  bool is_int() const { return tag == Tag::Int; }
  bool is_double() const { return tag == Tag::Double; }
  bool is_bool() const { return tag == Tag::Bool; }
};

}  // namespace ember
