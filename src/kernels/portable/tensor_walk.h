// What the portable kernels share beyond reading arguments: dims given as
// negative numbers, contiguous strides, numpy broadcasting, walking a tensor's
// index space. Every kernel here works on contiguous tensors unless it says so.
#pragma once
#include <cstddef>
#include <cstdint>

#include "kernels/common/kernel_args.h"

namespace ember::kernels {

// A dim argument in [-rank, rank) as a dim in [0, rank); rank 0 takes -1 and 0.
inline Result<uint32_t> dim_arg(const char* op, Span<EValue*> args, size_t i, uint32_t rank) {
  EMBER_TRY_ASSIGN(int64_t dim, int_arg(op, args, i));
  const int64_t bound = rank == 0 ? 1 : rank;
  if (dim < -bound || dim >= bound) return bad_argument(op, i, "(dim) is out of range");
  return static_cast<uint32_t>(dim < 0 ? dim + bound : dim);
}

inline Error expect_same_dtype(const char* op, const Tensor& a, const Tensor& b, const char* what) {
  if (a.dtype == b.dtype) return Error::Ok;
  EMBER_LOG_ERROR("%s: %s are %s and %s, expected one dtype", op, what, to_string(a.dtype), to_string(b.dtype));
  return Error::InvalidType;
}

inline Error expect_numel(const char* op, const Tensor& a, const Tensor& b) {
  if (a.numel() == b.numel()) return Error::Ok;
  EMBER_LOG_ERROR("%s: input has %u elements, out %u", op, static_cast<unsigned>(a.numel()),
                  static_cast<unsigned>(b.numel()));
  return Error::InvalidShape;
}

// Product of sizes[from, to).
inline size_t size_product(const Tensor& t, uint32_t from, uint32_t to) {
  size_t n = 1;
  for (uint32_t d = from; d < to; ++d) n *= static_cast<size_t>(t.sizes[d]);
  return n;
}

// Element strides of each logical dim of `t` laid out in its dim order.
inline void memory_strides(const Tensor& t, size_t* strides) {
  size_t stride = 1;
  for (uint32_t i = t.rank; i-- > 0;) {
    const uint32_t d = t.dim_order ? t.dim_order[i] : i;
    strides[d] = stride;
    stride *= static_cast<size_t>(t.sizes[d]);
  }
}

// The memory offset (in elements) of a tensor's element i in index order, for any
// dim order: for kernels that walk a tensor in index order whatever its layout.
class IndexOrder {
 public:
  explicit IndexOrder(const Tensor& t) : t_(t), contiguous_(is_contiguous(t)) { memory_strides(t, strides_); }
  size_t operator()(size_t i) const {
    if (contiguous_) return i;
    size_t offset = 0;
    for (uint32_t d = t_.rank; d-- > 0;) {
      const size_t size = static_cast<size_t>(t_.sizes[d]);
      offset += (i % size) * strides_[d];
      i /= size;
    }
    return offset;
  }

 private:
  const Tensor& t_;
  bool contiguous_;
  size_t strides_[kMaxTensorRank];
};

// Checks dtype and rank only: for kernels that index through memory_strides, so
// any dim order (NHWC from the Cortex-M flow) is read right.
inline Error expect_any_order(const char* op, const Tensor& t, ScalarType dtype, uint32_t rank, const char* name) {
  if (t.dtype != dtype || t.rank != rank) {
    EMBER_LOG_ERROR("%s: %s is %s of rank %u, expected %s of rank %u", op, name, to_string(t.dtype),
                    static_cast<unsigned>(t.rank), to_string(dtype), static_cast<unsigned>(rank));
    return t.dtype != dtype ? Error::InvalidType : Error::InvalidShape;
  }
  return Error::Ok;
}

// Element strides of `t` (in its dim order) seen through out's shape (numpy
// broadcasting: 0 where t has size 1 or lacks the dim). False if t does not
// broadcast to out.
inline bool broadcast_strides(const Tensor& t, const Tensor& out, size_t* strides) {
  if (t.rank > out.rank) return false;
  size_t own[kMaxTensorRank];
  memory_strides(t, own);
  for (uint32_t d = 0; d < out.rank; ++d) {
    const int64_t td = static_cast<int64_t>(d) - (out.rank - t.rank);
    const int32_t size = td >= 0 ? t.sizes[td] : 1;
    if (size != out.sizes[d] && size != 1) return false;
    strides[d] = size == 1 ? 0 : own[td];
  }
  return true;
}

// Channels-last by its dim order's label: (0, 2, 3, 1) or (0, 2, 3, 4, 1).
inline bool is_channels_last(const Tensor& t) {
  if ((t.rank != 4 && t.rank != 5) || !t.dim_order) return false;
  if (t.dim_order[0] != 0 || t.dim_order[t.rank - 1] != 1) return false;
  for (uint32_t i = 1; i + 1 < t.rank; ++i) {
    if (t.dim_order[i] != i + 1) return false;
  }
  return true;
}

// Calls row(i, offsets, steps, count) for each run of out's memory along its
// innermost dims: out's element i + c (in memory) pairs with element offsets[k] +
// c * steps[k] of operand k (broadcast: step 0). The dim orders taken are
// upstream's elementwise kernels' (tensors_have_same_dim_order): all default, or
// all channels-last. Where channels-last operands broadcast, upstream 1.4.1 writes
// out in NCHW order under a channels-last label; ember writes what the label says
// (torch's values).
template <size_t N, typename Row>
Error for_each_broadcast_row(const char* op, const Tensor* const (&operands)[N], const Tensor& out, Row row) {
  bool all_default = is_contiguous(out), all_channels_last = is_channels_last(out);
  for (const Tensor* t : operands) {
    all_default = all_default && is_contiguous(*t);
    all_channels_last = all_channels_last && is_channels_last(*t);
  }
  if (!all_default && !all_channels_last) {
    EMBER_LOG_ERROR("%s: operands and out mix dim orders (upstream's kernels take all default or all channels-last)",
                    op);
    return Error::NotSupported;
  }
  size_t strides[N][kMaxTensorRank];
  for (size_t k = 0; k < N; ++k) {
    if (!broadcast_strides(*operands[k], out, strides[k])) {
      EMBER_LOG_ERROR("%s: operand %u does not broadcast to out", op, static_cast<unsigned>(k));
      return Error::InvalidShape;
    }
  }
  const size_t n = out.numel();
  if (n == 0) return Error::Ok;
  uint32_t order[kMaxTensorRank];
  for (uint32_t j = 0; j < out.rank; ++j) order[j] = out.dim_order ? out.dim_order[j] : j;
  // The row: out's innermost memory dim, joined by the next ones out while every
  // operand steps through them as one run (all of a same-shape operand, the H x W
  // plane of a (N, C, 1, 1) one); the walk goes over the dims left, order[0, walked).
  uint32_t walked = out.rank;
  size_t count = 1, steps[N] = {};
  for (; walked > 0; --walked) {
    const uint32_t d = order[walked - 1];
    if (out.sizes[d] == 1) continue;
    bool joins = true;
    for (size_t k = 0; k < N; ++k) joins = joins && (count == 1 || strides[k][d] == steps[k] * count);
    if (!joins) break;
    if (count == 1) {
      for (size_t k = 0; k < N; ++k) steps[k] = strides[k][d];
    }
    count *= static_cast<size_t>(out.sizes[d]);
  }
  size_t index[kMaxTensorRank] = {};  // index[j]: along dim order[j]
  size_t offsets[N] = {};
  for (size_t i = 0; i < n; i += count) {
    row(i, static_cast<const size_t*>(offsets), static_cast<const size_t*>(steps), count);
    for (uint32_t j = walked; j-- > 0;) {
      const uint32_t d = order[j];
      for (size_t k = 0; k < N; ++k) offsets[k] += strides[k][d];
      if (++index[j] < static_cast<size_t>(out.sizes[d])) break;
      for (size_t k = 0; k < N; ++k) offsets[k] -= strides[k][d] * index[j];
      index[j] = 0;
    }
  }
  return Error::Ok;
}

// fn(i, offsets) for every element, as for_each_broadcast_row's rows.
template <size_t N, typename Fn>
Error for_each_broadcast(const char* op, const Tensor* const (&operands)[N], const Tensor& out, Fn fn) {
  return for_each_broadcast_row(op, operands, out, [&](size_t i, const size_t* at, const size_t* steps, size_t count) {
    size_t offsets[N];
    for (size_t k = 0; k < N; ++k) offsets[k] = at[k];
    for (size_t c = 0; c < count; ++c) {
      fn(i + c, static_cast<const size_t*>(offsets));
      for (size_t k = 0; k < N; ++k) offsets[k] += steps[k];
    }
  });
}

// Elementwise float map: any dim order shared by input and out.
template <typename Fn>
Error map_float(const char* op, Span<EValue*> args, size_t out_index, Fn fn) {
  EMBER_TRY_ASSIGN(Tensor* in, tensor_arg(op, args, 0));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(op, args, out_index));
  EMBER_TRY(expect_elementwise(op, *in, ScalarType::Float, *out, ScalarType::Float));
  const float* x = in->data_as<float>();
  float* y = out->data_as<float>();
  for (size_t i = 0, n = in->numel(); i < n; ++i) y[i] = fn(x[i]);
  return Error::Ok;
}

// NaN-propagating max and min, as PyTorch's maximum/minimum/clamp/amax; between
// equal values (+0 and -0) the first wins, as std::max/std::min.
inline float max_propagate_nan(float a, float b) { return a != a ? a : b != b ? b : (a < b ? b : a); }
inline float min_propagate_nan(float a, float b) { return a != a ? a : b != b ? b : (b < a ? b : a); }

}  // namespace ember::kernels
