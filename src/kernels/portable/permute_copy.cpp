// aten::permute_copy.out(self, dims[], *, out) -> out. Any dtype, rank <= 16.

#include "kernels/common/kernel_args.h"
#include "kernels/portable/portable_kernels.h"
#include "kernels/portable/strided_row.h"

namespace ember::kernels {

Error permute_copy_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "aten::permute_copy.out";
  EMBER_TRY(expect_count(kOp, args, 4));
  EMBER_TRY_ASSIGN(Tensor* input, tensor_arg(kOp, args, 0));
  EMBER_TRY_ASSIGN(Span<const int64_t> dims, int_list_arg(kOp, args, 1));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(kOp, args, 2));
  EMBER_TRY(expect_tensor(kOp, *input, input->dtype, 0, "input"));
  EMBER_TRY(expect_tensor(kOp, *out, input->dtype, input->rank, "out"));
  const uint32_t rank = input->rank;
  if (dims.size != rank) return bad_argument(kOp, 1, "has the wrong length");
  uint32_t perm[kMaxTensorRank];
  uint32_t seen = 0;
  for (uint32_t d = 0; d < rank; ++d) {
    int64_t p = dims[d] < 0 ? dims[d] + rank : dims[d];
    if (p < 0 || p >= rank || (seen & (1u << p))) return bad_argument(kOp, 1, "is not a permutation");
    seen |= 1u << p;
    perm[d] = static_cast<uint32_t>(p);
    if (out->sizes[d] != input->sizes[p]) {
      EMBER_LOG_ERROR("%s: out dimension %u is %d, expected %d", kOp, static_cast<unsigned>(d),
                      static_cast<int>(out->sizes[d]), static_cast<int>(input->sizes[p]));
      return Error::InvalidShape;
    }
  }
  // Input strides, in elements, read in the output's dimension order.
  size_t in_strides[kMaxTensorRank];
  size_t stride = 1;
  for (uint32_t d = rank; d-- > 0;) {
    in_strides[d] = stride;
    stride *= static_cast<size_t>(input->sizes[d]);
  }
  // Row by row along the output's last dim: one input stride per row.
  const size_t elem = element_size(input->dtype);
  const auto* in = static_cast<const uint8_t*>(input->data);
  auto* o = static_cast<uint8_t*>(out->data);
  const size_t row = rank == 0 ? 1 : static_cast<size_t>(out->sizes[rank - 1]);
  const size_t row_stride = rank == 0 ? 1 : in_strides[perm[rank - 1]];
  const size_t n = out->numel();
  size_t index[kMaxTensorRank] = {};
  for (size_t i = 0; i < n && row > 0; i += row) {
    size_t from = 0;
    for (uint32_t d = 0; d + 1 < rank; ++d) from += index[d] * in_strides[perm[d]];
    const uint8_t* source = in + from * elem;
    uint8_t* target = o + i * elem;
    strided_row(elem, source, row_stride, row, target);
    for (uint32_t d = rank > 0 ? rank - 1 : 0; d-- > 0;) {  // odometer over the output index but its last dim
      if (++index[d] < static_cast<size_t>(out->sizes[d])) break;
      index[d] = 0;
    }
  }
  return Error::Ok;
}

}  // namespace ember::kernels
