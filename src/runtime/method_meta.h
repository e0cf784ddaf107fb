// What a method needs before it is loaded: its inputs and outputs, the size of
// each planned buffer, and the bytes of the method allocator the runtime itself
// uses (delegates may add their own: Method::load reports the shortfall).
#pragma once
#include <cstddef>
#include <cstdint>

#include "core/result.h"
#include "runtime/program.h"
#include "runtime/scalar_type.h"

namespace ember {

struct TensorInfo {
  ScalarType dtype = ScalarType::Float;
  uint32_t rank = 0;
  const int32_t* sizes = nullptr;
  const uint8_t* dim_order = nullptr;  // rank entries (memory order of the dims); nullptr = contiguous
  size_t nbytes = 0;
};

class MethodMeta {
 public:
  static Result<MethodMeta> of(const Program& program, const char* method_name);

  size_t input_count() const { return inputs_.size(); }
  size_t output_count() const { return outputs_.size(); }
  Result<TensorInfo> input(size_t i) const { return tensor_info(inputs_, i); }
  Result<TensorInfo> output(size_t i) const { return tensor_info(outputs_, i); }
  size_t planned_buffer_count() const;
  Result<size_t> planned_buffer_size(size_t i) const;
  size_t instruction_count() const { return instructions_.size(); }
  size_t delegate_count() const { return delegates_.size(); }
  // Bytes of the method allocator used by the runtime's own structures.
  size_t method_allocator_bytes() const { return method_allocator_bytes_; }

 private:
  Result<TensorInfo> tensor_info(const fb::Vector& indices, size_t i) const;

  fb::Table plan_;
  fb::Vector values_, inputs_, outputs_, buffer_sizes_, instructions_, delegates_;
  size_t method_allocator_bytes_ = 0;
};

}  // namespace ember
