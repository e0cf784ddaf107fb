// dim_order_ops::_clone_dim_order.out(self, *, non_blocking, dim_order?, out) -> out:
// the same logical tensor rewritten in out's memory order (e.g. NHWC -> NCHW before
// a flatten). Any dtype, rank <= 16.
#include "kernels/common/kernel_args.h"
#include "kernels/portable/portable_kernels.h"

namespace ember::kernels {
namespace {

// Element strides of each logical dimension for a tensor laid out in its dim order.
void strides_of(const Tensor& t, size_t* strides) {
  size_t stride = 1;
  for (uint32_t i = t.rank; i-- > 0;) {
    const uint32_t d = t.dim_order ? t.dim_order[i] : i;
    strides[d] = stride;
    stride *= static_cast<size_t>(t.sizes[d]);
  }
}

}  // namespace

Error clone_dim_order_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "dim_order_ops::_clone_dim_order.out";
  EMBER_TRY(expect_count(kOp, args, 5));
  EMBER_TRY_ASSIGN(Tensor* input, tensor_arg(kOp, args, 0));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(kOp, args, 3));
  if (input->dtype != out->dtype || !same_shape(*input, *out)) {
    EMBER_LOG_ERROR("%s: input and out differ in dtype or shape", kOp);
    return Error::InvalidShape;
  }
  if (!args[2]->is_none()) {  // the requested order must be out's
    EMBER_TRY_ASSIGN(Span<const int64_t> order, int_list_arg(kOp, args, 2));
    bool matches = order.size == out->rank;
    for (uint32_t d = 0; matches && d < out->rank; ++d) {
      matches = order[d] == (out->dim_order ? out->dim_order[d] : d);
    }
    if (!matches) return bad_argument(kOp, 2, "differs from out's dim order");
  }
  const uint32_t rank = input->rank;
  size_t in_strides[kMaxTensorRank], out_strides[kMaxTensorRank];
  strides_of(*input, in_strides);
  strides_of(*out, out_strides);
  const size_t elem = element_size(input->dtype);
  const auto* in = static_cast<const uint8_t*>(input->data);
  auto* o = static_cast<uint8_t*>(out->data);
  uint32_t index[kMaxTensorRank] = {};
  for (size_t n = input->numel(); n > 0; --n) {
    size_t from = 0, to = 0;
    for (uint32_t d = 0; d < rank; ++d) {
      from += index[d] * in_strides[d];
      to += index[d] * out_strides[d];
    }
    for (size_t b = 0; b < elem; ++b) o[to * elem + b] = in[from * elem + b];
    for (uint32_t d = rank; d-- > 0;) {  // next logical index
      if (++index[d] < static_cast<uint32_t>(input->sizes[d])) break;
      index[d] = 0;
    }
  }
  return Error::Ok;
}

}  // namespace ember::kernels
