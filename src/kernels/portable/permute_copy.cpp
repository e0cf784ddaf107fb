// aten::permute_copy.out(self, dims[], *, out) -> out. Any dtype, rank <= 16.
#include <cstring>

#include "kernels/common/kernel_args.h"
#include "kernels/portable/portable_kernels.h"

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
  const size_t elem = element_size(input->dtype);
  const auto* in = static_cast<const uint8_t*>(input->data);
  auto* o = static_cast<uint8_t*>(out->data);
  size_t index[kMaxTensorRank] = {};
  for (size_t i = 0, n = out->numel(); i < n; ++i) {
    size_t from = 0;
    for (uint32_t d = 0; d < rank; ++d) from += index[d] * in_strides[perm[d]];
    std::memcpy(o + i * elem, in + from * elem, elem);
    for (uint32_t d = rank; d-- > 0;) {  // odometer over the output index
      if (++index[d] < static_cast<size_t>(out->sizes[d])) break;
      index[d] = 0;
    }
  }
  return Error::Ok;
}

}  // namespace ember::kernels
