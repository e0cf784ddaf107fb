// cortex_m::pad: constant padding of an int8 tensor; pre_pad / post_pad hold four
// entries in memory order (N, H, W, C for a channels-last tensor), the last `rank`
// of which apply.
#include <cstring>

#include "kernels/cortex_m/args.h"
#include "kernels/cortex_m/cortex_m_kernels.h"
#include "kernels/cortex_m/ops.h"

namespace ember::kernels::cortex_m {

namespace {

int32_t padded(const Pad4& p, int32_t d) { return p.before[d] + p.in_extent[d] + p.after[d]; }

template <typename Fill, typename Copy>
void pad_rows(const Pad4& p, const int8_t* in, int8_t* out, Fill fill, Copy copy) {
  const size_t row = static_cast<size_t>(padded(p, 3));
  for (int32_t i0 = 0; i0 < padded(p, 0); ++i0) {
    for (int32_t i1 = 0; i1 < padded(p, 1); ++i1) {
      for (int32_t i2 = 0; i2 < padded(p, 2); ++i2) {
        const int32_t j0 = i0 - p.before[0], j1 = i1 - p.before[1], j2 = i2 - p.before[2];
        if (j0 < 0 || j0 >= p.in_extent[0] || j1 < 0 || j1 >= p.in_extent[1] || j2 < 0 || j2 >= p.in_extent[2]) {
          fill(out, row);
        } else {
          const int8_t* from = in + ((static_cast<size_t>(j0) * p.in_extent[1] + j1) * p.in_extent[2] + j2) * p.in_extent[3];
          fill(out, static_cast<size_t>(p.before[3]));
          copy(out + p.before[3], from, static_cast<size_t>(p.in_extent[3]));
          fill(out + p.before[3] + p.in_extent[3], static_cast<size_t>(p.after[3]));
        }
        out += row;
      }
    }
  }
}

}  // namespace

void pad_reference(const Pad4& p, const int8_t* in, int8_t* out) {
  pad_rows(
      p, in, out, [&p](int8_t* to, size_t n) { for (size_t i = 0; i < n; ++i) to[i] = p.value; },
      [](int8_t* to, const int8_t* from, size_t n) { for (size_t i = 0; i < n; ++i) to[i] = from[i]; });
}

#if defined(__ARM_FEATURE_MVE)
void pad_mve(const Pad4& p, const int8_t* in, int8_t* out) {
  const int8x16_t value = vdupq_n_s8(p.value);
  pad_rows(
      p, in, out,
      [value](int8_t* to, size_t n) {
        for (size_t i = 0; i < n; i += 16) vstrbq_p_s8(to + i, value, vctp8q(static_cast<uint32_t>(n - i)));
      },
      [](int8_t* to, const int8_t* from, size_t n) {
        for (size_t i = 0; i < n; i += 16) {
          const mve_pred16_t lanes = vctp8q(static_cast<uint32_t>(n - i));
          vstrbq_p_s8(to + i, vldrbq_z_s8(from + i, lanes), lanes);
        }
      });
}
void pad(const Pad4& p, const int8_t* in, int8_t* out) { pad_mve(p, in, out); }
#else
void pad(const Pad4& p, const int8_t* in, int8_t* out) { pad_reference(p, in, out); }
#endif

// (input, pre_pad, post_pad, pad_value, *, out)
Error pad_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "cortex_m::pad.out";
  EMBER_TRY(expect_count(kOp, args, 6));
  EMBER_TRY_ASSIGN(Tensor* input, tensor_arg(kOp, args, 0));
  EMBER_TRY_ASSIGN(Span<const int64_t> pre, int_list_arg(kOp, args, 1));
  EMBER_TRY_ASSIGN(Span<const int64_t> post, int_list_arg(kOp, args, 2));
  EMBER_TRY_ASSIGN(int64_t value, int_arg(kOp, args, 3));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(kOp, args, 4));
  const uint32_t rank = input->rank;
  if (input->dtype != ScalarType::Char || out->dtype != ScalarType::Char || rank < 1 || rank > 4 ||
      out->rank != rank || pre.size != 4 || post.size != 4 || value < INT8_MIN || value > INT8_MAX) {
    EMBER_LOG_ERROR("%s: needs int8 tensors of rank 1..4, four pads each side, an int8 value", kOp);
    return Error::InvalidArgument;
  }
  // Upstream reads the pads in NHWC order whenever a 4-D tensor may be channels-last
  // (one channel, or one pixel): the same bytes either way.
  static constexpr uint8_t kNhwc[4] = {0, 2, 3, 1};
  const bool nhwc = rank == 4 && (input->sizes[1] == 1 || (input->sizes[2] == 1 && input->sizes[3] == 1) ||
                                  has_memory_order(*input, kNhwc));
  const uint8_t* order = nhwc ? kNhwc : input->dim_order;
  if (!has_memory_order(*input, order) || !has_memory_order(*out, order)) {
    EMBER_LOG_ERROR("%s: input and out differ in dim order", kOp);
    return Error::NotSupported;
  }
  Pad4 p{{1, 1, 1, 1}, {0, 0, 0, 0}, {0, 0, 0, 0}, static_cast<int8_t>(value)};
  for (uint32_t i = 0; i < rank; ++i) {  // memory order, innermost last
    const uint32_t d = order ? order[i] : i;
    const uint32_t slot = 4 - rank + i;
    if (pre[slot] < 0 || post[slot] < 0 || input->sizes[d] + pre[slot] + post[slot] != out->sizes[d]) {
      return bad_argument(kOp, 1, "and post_pad do not take input to out's shape");
    }
    p.in_extent[slot] = input->sizes[d];
    p.before[slot] = static_cast<int32_t>(pre[slot]);
    p.after[slot] = static_cast<int32_t>(post[slot]);
  }
  pad(p, input->data_as<const int8_t>(), out->data_as<int8_t>());
  return Error::Ok;
}

}  // namespace ember::kernels::cortex_m
