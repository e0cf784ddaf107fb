// Binary int8 kernels over broadcast operands (numpy rules, each tensor in its own
// dim order): the work is cut into runs along out's innermost memory dimension,
// where `a` steps by one element and `b` by one or zero. When `a` is the broadcast
// operand of a run the operands are passed swapped (`swapped` = true).
#pragma once
#include <cstddef>
#include <cstdint>

#include "kernels/common/kernel_args.h"

namespace ember::kernels::cortex_m {

struct BinaryRun {
  const int8_t* a;
  const int8_t* b;
  size_t b_step;
  int8_t* out;
  size_t n;
  bool swapped;
};

namespace broadcast_detail {

// Element strides of out's dimensions in t (right-aligned; 0 where t broadcasts).
inline bool strides_in(const Tensor& t, const Tensor& out, int64_t* strides) {
  const uint32_t lead = out.rank - t.rank;
  int64_t own[kMaxTensorRank];
  int64_t stride = 1;
  for (uint32_t i = t.rank; i-- > 0;) {
    const uint32_t d = t.dim_order ? t.dim_order[i] : i;
    own[d] = stride;
    stride *= t.sizes[d];
  }
  for (uint32_t d = 0; d < out.rank; ++d) {
    if (d < lead) { strides[d] = 0; continue; }
    const int32_t size = t.sizes[d - lead];
    if (size != out.sizes[d] && size != 1) return false;
    strides[d] = size == 1 ? 0 : own[d - lead];
  }
  return true;
}

}  // namespace broadcast_detail

template <typename Fn>
Error for_each_run(const char* op, const Tensor& a, const Tensor& b, const Tensor& out, Fn fn) {
  if (a.dtype != ScalarType::Char || b.dtype != ScalarType::Char || out.dtype != ScalarType::Char) {
    EMBER_LOG_ERROR("%s: operands and out must be int8", op);
    return Error::InvalidType;
  }
  int64_t sa[kMaxTensorRank], sb[kMaxTensorRank], so[kMaxTensorRank];
  if (a.rank > out.rank || b.rank > out.rank || !broadcast_detail::strides_in(a, out, sa) ||
      !broadcast_detail::strides_in(b, out, sb) || !broadcast_detail::strides_in(out, out, so)) {
    EMBER_LOG_ERROR("%s: operand shapes do not broadcast to out's", op);
    return Error::InvalidShape;
  }
  const auto* pa = a.data_as<const int8_t>();
  const auto* pb = b.data_as<const int8_t>();
  auto* po = out.data_as<int8_t>();
  if (out.rank == 0) {
    fn(BinaryRun{pa, pb, 1, po, 1, false});
    return Error::Ok;
  }
  uint32_t order[kMaxTensorRank];
  for (uint32_t i = 0; i < out.rank; ++i) order[i] = out.dim_order ? out.dim_order[i] : i;
  const uint32_t inner = order[out.rank - 1];
  const bool a_runs = sa[inner] == 1 && sb[inner] <= 1;
  const bool b_runs = sb[inner] == 1 && sa[inner] == 0;
  const size_t run = (a_runs || b_runs) ? static_cast<size_t>(out.sizes[inner]) : 1;
  const uint32_t loops = run > 1 || out.sizes[inner] == 1 ? out.rank - 1 : out.rank;
  uint32_t index[kMaxTensorRank] = {};
  for (size_t done = 0; done < out.numel(); done += run) {
    int64_t oa = 0, ob = 0, oo = 0;
    for (uint32_t i = 0; i < loops; ++i) {
      oa += index[i] * sa[order[i]];
      ob += index[i] * sb[order[i]];
      oo += index[i] * so[order[i]];
    }
    if (b_runs && run > 1) {
      fn(BinaryRun{pb + ob, pa + oa, 0, po + oo, run, true});
    } else {
      fn(BinaryRun{pa + oa, pb + ob, static_cast<size_t>(sb[inner]), po + oo, run, false});
    }
    for (uint32_t i = loops; i-- > 0;) {
      if (++index[i] < static_cast<uint32_t>(out.sizes[order[i]])) break;
      index[i] = 0;
    }
  }
  return Error::Ok;
}

}  // namespace ember::kernels::cortex_m
