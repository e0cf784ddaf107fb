// cortex_m::transpose: out = input.permute(perm), in out's memory order, as a
// strided read of the input (rank <= 4 in memory order).
#include "kernels/cortex_m/args.h"
#include "kernels/cortex_m/cortex_m_kernels.h"
#include "kernels/cortex_m/ops.h"

namespace ember::kernels::cortex_m {

void strided_copy_reference(const Strided4& s, const int8_t* in, int8_t* out) {
  for (int32_t i0 = 0; i0 < s.extent[0]; ++i0) {
    for (int32_t i1 = 0; i1 < s.extent[1]; ++i1) {
      for (int32_t i2 = 0; i2 < s.extent[2]; ++i2) {
        const int8_t* from = in + i0 * s.in_stride[0] + i1 * s.in_stride[1] + i2 * s.in_stride[2];
        for (int32_t i3 = 0; i3 < s.extent[3]; ++i3) *out++ = from[i3 * s.in_stride[3]];
      }
    }
  }
}

#if defined(__ARM_FEATURE_MVE)
// The innermost dimension: a contiguous copy, or four strided bytes per gather.
void strided_copy_mve(const Strided4& s, const int8_t* in, int8_t* out) {
  const int32_t n = s.extent[3];
  const uint32x4_t offsets = vmulq_n_u32(vidupq_n_u32(0, 1), static_cast<uint32_t>(s.in_stride[3]));
  for (int32_t i0 = 0; i0 < s.extent[0]; ++i0) {
    for (int32_t i1 = 0; i1 < s.extent[1]; ++i1) {
      for (int32_t i2 = 0; i2 < s.extent[2]; ++i2) {
        const int8_t* from = in + i0 * s.in_stride[0] + i1 * s.in_stride[1] + i2 * s.in_stride[2];
        if (s.in_stride[3] == 1) {
          for (int32_t i = 0; i < n; i += 16) {
            const mve_pred16_t lanes = vctp8q(static_cast<uint32_t>(n - i));
            vstrbq_p_s8(out + i, vldrbq_z_s8(from + i, lanes), lanes);
          }
        } else {
          for (int32_t i = 0; i < n; i += 4) {
            const mve_pred16_t lanes = vctp32q(static_cast<uint32_t>(n - i));
            const int32x4_t v = vldrbq_gather_offset_z_s32(from + i * s.in_stride[3], offsets, lanes);
            vstrbq_p_s32(out + i, v, lanes);
          }
        }
        out += n;
      }
    }
  }
}
void strided_copy(const Strided4& s, const int8_t* in, int8_t* out) { strided_copy_mve(s, in, out); }
#else
void strided_copy(const Strided4& s, const int8_t* in, int8_t* out) { strided_copy_reference(s, in, out); }
#endif

namespace {

// Element strides of each logical dimension of t, from its dim order.
void logical_strides(const Tensor& t, int32_t* strides) {
  int32_t stride = 1;
  for (uint32_t i = t.rank; i-- > 0;) {
    const uint32_t d = t.dim_order ? t.dim_order[i] : i;
    strides[d] = stride;
    stride *= t.sizes[d];
  }
}

}  // namespace

// (input, perm, *, out)
Error transpose_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "cortex_m::transpose.out";
  EMBER_TRY(expect_count(kOp, args, 4));
  EMBER_TRY_ASSIGN(Tensor* input, tensor_arg(kOp, args, 0));
  EMBER_TRY_ASSIGN(Span<const int64_t> perm, int_list_arg(kOp, args, 1));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(kOp, args, 2));
  const uint32_t rank = input->rank;
  if (input->dtype != ScalarType::Char || out->dtype != ScalarType::Char || out->rank != rank || rank > 4 ||
      perm.size != rank) {
    EMBER_LOG_ERROR("%s: needs int8 tensors of equal rank <= 4 and a permutation of that length", kOp);
    return Error::InvalidShape;
  }
  int32_t in_strides[4];
  logical_strides(*input, in_strides);
  uint32_t seen = 0;
  Strided4 s{{1, 1, 1, 1}, {0, 0, 0, 0}};
  for (uint32_t i = 0; i < rank; ++i) {  // out's memory order, innermost last
    const uint32_t d = out->dim_order ? out->dim_order[i] : i;
    const int64_t from = perm[d] < 0 ? perm[d] + rank : perm[d];
    if (from < 0 || from >= rank || (seen & (1u << from)) || out->sizes[d] != input->sizes[from]) {
      return bad_argument(kOp, 1, "is not a permutation matching out's shape");
    }
    seen |= 1u << from;
    s.extent[4 - rank + i] = out->sizes[d];
    s.in_stride[4 - rank + i] = in_strides[from];
  }
  strided_copy(s, input->data_as<const int8_t>(), out->data_as<int8_t>());
  return Error::Ok;
}

}  // namespace ember::kernels::cortex_m
