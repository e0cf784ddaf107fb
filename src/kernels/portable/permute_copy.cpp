// aten::permute_copy.out(self, dims[], *, out) -> out. Any dtype, rank <= 16.
#include <cstring>

#include "kernels/common/kernel_args.h"
#include "kernels/portable/portable_kernels.h"

#if defined(__ARM_FEATURE_MVE)
#include <arm_mve.h>
#endif

namespace ember::kernels {
namespace {

// count elements of `Element` from `from` (every `stride` elements) to consecutive `to`.
template <typename Element>
void strided_row(const uint8_t* from, size_t stride, size_t count, uint8_t* to) {
  const auto* in = reinterpret_cast<const Element*>(from);
  auto* out = reinterpret_cast<Element*>(to);
  size_t i = 0;
#if defined(__ARM_FEATURE_MVE)
  if constexpr (sizeof(Element) == 4) {  // float, int32: four per gather (offsets in elements)
    if (stride <= UINT32_MAX / 16) {  // lane 3's byte offset fits 32 bits
      const uint32x4_t offsets = vmulq_n_u32(vidupq_n_u32(0, 1), static_cast<uint32_t>(stride));
      for (; i < count; i += 4) {
        const mve_pred16_t p = vctp32q(static_cast<uint32_t>(count - i));
        vstrwq_p_u32(reinterpret_cast<uint32_t*>(out + i),
                     vldrwq_gather_shifted_offset_z_u32(reinterpret_cast<const uint32_t*>(in + i * stride), offsets, p), p);
      }
      return;
    }
  }
#endif
  for (; i < count; ++i) out[i] = in[i * stride];
}

}  // namespace

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
    switch (elem) {
      case 1: strided_row<uint8_t>(source, row_stride, row, target); break;
      case 2: strided_row<uint16_t>(source, row_stride, row, target); break;
      case 4: strided_row<uint32_t>(source, row_stride, row, target); break;
      case 8: strided_row<uint64_t>(source, row_stride, row, target); break;
      default:
        for (size_t j = 0; j < row; ++j) std::memcpy(target + j * elem, source + j * row_stride * elem, elem);
    }
    for (uint32_t d = rank > 0 ? rank - 1 : 0; d-- > 0;) {  // odometer over the output index but its last dim
      if (++index[d] < static_cast<size_t>(out->sizes[d])) break;
      index[d] = 0;
    }
  }
  return Error::Ok;
}

}  // namespace ember::kernels
