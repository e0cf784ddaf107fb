// dim_order_ops::_clone_dim_order.out and _to_dim_order_copy.out(self, *,
// non_blocking, dim_order?, out) -> out: the same logical tensor rewritten in out's
// memory order (e.g. NHWC -> NCHW before a flatten); _to_dim_order_copy also
// converts the dtype (float32, float64, int8/16/32/64, uint8, bool; C++ casts, as
// upstream: float to int truncates). Rank <= 16.
#include <cstring>

#include "kernels/portable/portable_kernels.h"
#include "kernels/portable/strided_row.h"
#include "kernels/portable/tensor_walk.h"

namespace ember::kernels {
namespace {

// Calls fn(T{}) with T the C++ type of dtype; false for a dtype not listed.
template <typename Fn>
bool with_type(ScalarType dtype, Fn fn) {
  switch (dtype) {
    case ScalarType::Float: fn(float{}); return true;
    case ScalarType::Double: fn(double{}); return true;
    case ScalarType::Long: fn(int64_t{}); return true;
    case ScalarType::Int: fn(int32_t{}); return true;
    case ScalarType::Short: fn(int16_t{}); return true;
    case ScalarType::Char: fn(int8_t{}); return true;
    case ScalarType::Byte: fn(uint8_t{}); return true;
    case ScalarType::Bool: fn(bool{}); return true;
    default: return false;
  }
}

Error dim_order_copy(const char* op, Span<EValue*> args, bool convert) {
  EMBER_TRY(expect_count(op, args, 5));
  EMBER_TRY_ASSIGN(Tensor* input, tensor_arg(op, args, 0));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(op, args, 3));
  if ((!convert && input->dtype != out->dtype) || !same_shape(*input, *out)) {
    EMBER_LOG_ERROR("%s: input and out differ in %s", op, convert ? "shape" : "dtype or shape");
    return Error::InvalidShape;
  }
  if (!args[2]->is_none()) {  // the requested order must be out's
    EMBER_TRY_ASSIGN(Span<const int64_t> order, int_list_arg(op, args, 2));
    bool matches = order.size == out->rank;
    for (uint32_t d = 0; matches && d < out->rank; ++d) {
      matches = order[d] == (out->dim_order ? out->dim_order[d] : d);
    }
    if (!matches) return bad_argument(op, 2, "differs from out's dim order");
  }
  const uint32_t rank = input->rank;
  size_t in_strides[kMaxTensorRank], out_strides[kMaxTensorRank];
  memory_strides(*input, in_strides);
  memory_strides(*out, out_strides);
  // Visits every logical index: fn(input element offset, out element offset).
  auto walk = [&](auto fn) {
    uint32_t index[kMaxTensorRank] = {};
    for (size_t n = input->numel(); n > 0; --n) {
      size_t from = 0, to = 0;
      for (uint32_t d = 0; d < rank; ++d) {
        from += index[d] * in_strides[d];
        to += index[d] * out_strides[d];
      }
      fn(from, to);
      for (uint32_t d = rank; d-- > 0;) {  // next logical index
        if (++index[d] < static_cast<uint32_t>(input->sizes[d])) break;
        index[d] = 0;
      }
    }
  };
  if (input->dtype == out->dtype) {  // row by row along out's innermost memory dim
    const size_t elem = element_size(input->dtype);
    const auto* in = static_cast<const uint8_t*>(input->data);
    auto* o = static_cast<uint8_t*>(out->data);
    if (rank == 0) {
      std::memcpy(o, in, elem);
      return Error::Ok;
    }
    const uint32_t inner = out->dim_order ? out->dim_order[rank - 1] : rank - 1;
    const size_t row = static_cast<size_t>(input->sizes[inner]);
    uint32_t index[kMaxTensorRank] = {};
    for (size_t n = row ? input->numel() / row : 0; n > 0; --n) {
      size_t from = 0, to = 0;
      for (uint32_t d = 0; d < rank; ++d) {
        from += index[d] * in_strides[d];
        to += index[d] * out_strides[d];
      }
      strided_row(elem, in + from * elem, in_strides[inner], row, o + to * elem);
      for (uint32_t d = rank; d-- > 0;) {  // next logical index, the inner dim left at 0
        if (d == inner) continue;
        if (++index[d] < static_cast<uint32_t>(input->sizes[d])) break;
        index[d] = 0;
      }
    }
    return Error::Ok;
  }
  bool known = false;
  with_type(input->dtype, [&](auto from_type) {
    known = with_type(out->dtype, [&](auto to_type) {
      using From = decltype(from_type);
      using To = decltype(to_type);
      const From* in = input->data_as<const From>();
      To* o = out->data_as<To>();
      walk([&](size_t from, size_t to) { o[to] = static_cast<To>(in[from]); });
    });
  });
  if (!known) {
    EMBER_LOG_ERROR("%s: cannot convert %s to %s", op, to_string(input->dtype), to_string(out->dtype));
    return Error::InvalidType;
  }
  return Error::Ok;
}

}  // namespace

Error clone_dim_order_out(KernelContext&, Span<EValue*> args) {
  return dim_order_copy("dim_order_ops::_clone_dim_order.out", args, false);
}
Error to_dim_order_copy_out(KernelContext&, Span<EValue*> args) {
  return dim_order_copy("dim_order_ops::_to_dim_order_copy.out", args, true);
}

}  // namespace ember::kernels
