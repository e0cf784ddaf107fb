// The _copy forms of view operations the edge dialect uses, and the operators that
// only move elements: view/squeeze/unsqueeze (same bytes), expand, select, slice,
// cat, split_with_sizes, repeat, constant_pad_nd, index (one index tensor),
// index_select, embedding. Any dtype (elements are copied as bytes); contiguous tensors.
#include <cstring>

#include "kernels/portable/portable_kernels.h"
#include "kernels/portable/strided_row.h"
#include "kernels/portable/tensor_walk.h"

namespace ember::kernels {
namespace {

Error expect_copyable(const char* op, const Tensor& in, const Tensor& out) {
  EMBER_TRY(expect_same_dtype(op, in, out, "input and out"));
  if (!is_contiguous(in) || !is_contiguous(out)) {
    EMBER_LOG_ERROR("%s: input or out is not contiguous (dim order)", op);
    return Error::NotSupported;
  }
  return Error::Ok;
}

// view_copy, squeeze_copy, unsqueeze_copy: out holds input's bytes as they are.
Error same_bytes(const char* op, Span<EValue*> args, size_t count, size_t out_index) {
  EMBER_TRY(expect_count(op, args, count));
  EMBER_TRY_ASSIGN(Tensor* in, tensor_arg(op, args, 0));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(op, args, out_index));
  EMBER_TRY(expect_copyable(op, *in, *out));
  EMBER_TRY(expect_numel(op, *in, *out));
  if (in->data != out->data) std::memmove(out->data, in->data, in->nbytes());
  return Error::Ok;
}

// Copies out's elements from `in`, element i of out at in + offset(i) bytes.
// Used by expand and repeat: out index -> input index, dim by dim.
template <typename Source>
void gather(const Tensor& in, const Tensor& out, Source source) {
  const size_t elem = element_size(in.dtype);
  const auto* x = static_cast<const uint8_t*>(in.data);
  auto* y = static_cast<uint8_t*>(out.data);
  size_t index[kMaxTensorRank] = {};
  for (size_t i = 0, n = out.numel(); i < n; ++i) {
    std::memcpy(y + i * elem, x + source(index) * elem, elem);
    for (uint32_t d = out.rank; d-- > 0;) {
      if (++index[d] < static_cast<size_t>(out.sizes[d])) break;
      index[d] = 0;
    }
  }
}

// Copies `rows` blocks: block r of `bytes` bytes from src + r * src_pitch to dst + r * dst_pitch.
void copy_rows(const uint8_t* src, size_t src_pitch, uint8_t* dst, size_t dst_pitch, size_t rows, size_t bytes) {
  for (size_t r = 0; r < rows; ++r) std::memcpy(dst + r * dst_pitch, src + r * src_pitch, bytes);
}

// Copies out's elements in index order, element `index` of out from in's element at
// `index` with index[dim] replaced by selected(index[dim]); in and out in any dim order.
template <typename Selected>
void select_along(const Tensor& in, uint32_t dim, Selected selected, Tensor& out) {
  size_t in_strides[kMaxTensorRank], out_strides[kMaxTensorRank];
  memory_strides(in, in_strides);
  memory_strides(out, out_strides);
  const size_t elem = element_size(in.dtype);
  const auto* x = static_cast<const uint8_t*>(in.data);
  auto* y = static_cast<uint8_t*>(out.data);
  size_t index[kMaxTensorRank] = {};
  for (size_t i = 0, n = out.numel(); i < n; ++i) {
    size_t from = 0, to = 0;
    for (uint32_t d = 0; d < out.rank; ++d) {
      from += (d == dim ? selected(index[d]) : index[d]) * in_strides[d];
      to += index[d] * out_strides[d];
    }
    std::memcpy(y + to * elem, x + from * elem, elem);
    for (uint32_t d = out.rank; d-- > 0;) {
      if (++index[d] < static_cast<size_t>(out.sizes[d])) break;
      index[d] = 0;
    }
  }
}

}  // namespace

Error view_copy_out(KernelContext&, Span<EValue*> args) { return same_bytes("aten::view_copy.out", args, 4, 2); }
Error squeeze_copy_dims_out(KernelContext&, Span<EValue*> args) {
  return same_bytes("aten::squeeze_copy.dims_out", args, 4, 2);
}
Error unsqueeze_copy_out(KernelContext&, Span<EValue*> args) {
  return same_bytes("aten::unsqueeze_copy.out", args, 4, 2);
}

// expand_copy.out(self, size[], *, implicit, out): numpy broadcasting of self to out.
Error expand_copy_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "aten::expand_copy.out";
  EMBER_TRY(expect_count(kOp, args, 5));
  EMBER_TRY_ASSIGN(Tensor* in, tensor_arg(kOp, args, 0));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(kOp, args, 3));
  EMBER_TRY(expect_copyable(kOp, *in, *out));
  size_t strides[kMaxTensorRank];
  if (!broadcast_strides(*in, *out, strides)) {
    EMBER_LOG_ERROR("%s: input does not broadcast to out", kOp);
    return Error::InvalidShape;
  }
  // Row by row along out's last dim (input stride 0 where it broadcasts).
  const uint32_t rank = out->rank;
  const size_t elem = element_size(out->dtype);
  const size_t row = rank == 0 ? 1 : static_cast<size_t>(out->sizes[rank - 1]);
  const size_t row_stride = rank == 0 ? 0 : strides[rank - 1];
  const auto* from = static_cast<const uint8_t*>(in->data);
  auto* to = static_cast<uint8_t*>(out->data);
  size_t index[kMaxTensorRank] = {};
  for (size_t i = 0, n = out->numel(); i < n && row > 0; i += row) {
    size_t at = 0;
    for (uint32_t d = 0; d + 1 < rank; ++d) at += index[d] * strides[d];
    strided_row(elem, from + at * elem, row_stride, row, to + i * elem);
    for (uint32_t d = rank > 0 ? rank - 1 : 0; d-- > 0;) {  // odometer over out's index but its last dim
      if (++index[d] < static_cast<size_t>(out->sizes[d])) break;
      index[d] = 0;
    }
  }
  return Error::Ok;
}

// repeat.out(self, repeats[], *, out): out dim d is self's (right-aligned) times repeats[d].
Error repeat_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "aten::repeat.out";
  EMBER_TRY(expect_count(kOp, args, 4));
  EMBER_TRY_ASSIGN(Tensor* in, tensor_arg(kOp, args, 0));
  EMBER_TRY_ASSIGN(Span<const int64_t> repeats, int_list_arg(kOp, args, 1));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(kOp, args, 2));
  EMBER_TRY(expect_copyable(kOp, *in, *out));
  if (repeats.size != out->rank || in->rank > out->rank) return bad_argument(kOp, 1, "(repeats) has the wrong length");
  const uint32_t lead = out->rank - in->rank;
  size_t in_strides[kMaxTensorRank] = {};
  size_t stride = 1;
  for (uint32_t d = out->rank; d-- > lead;) {
    const int32_t size = in->sizes[d - lead];
    if (repeats[d] < 0 || out->sizes[d] != size * repeats[d]) return bad_argument(kOp, 1, "(repeats) does not give out's shape");
    in_strides[d] = stride;
    stride *= static_cast<size_t>(size);
  }
  gather(*in, *out, [&](const size_t* index) {
    size_t at = 0;
    for (uint32_t d = lead; d < out->rank; ++d) at += (index[d] % static_cast<size_t>(in->sizes[d - lead])) * in_strides[d];
    return at;
  });
  return Error::Ok;
}

// select_copy.int_out(self, dim, index, *, out)
Error select_copy_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "aten::select_copy.int_out";
  EMBER_TRY(expect_count(kOp, args, 5));
  EMBER_TRY_ASSIGN(Tensor* in, tensor_arg(kOp, args, 0));
  if (in->rank == 0) return bad_argument(kOp, 0, "is 0-d");
  EMBER_TRY_ASSIGN(uint32_t dim, dim_arg(kOp, args, 1, in->rank));
  EMBER_TRY_ASSIGN(int64_t index, int_arg(kOp, args, 2));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(kOp, args, 3));
  EMBER_TRY(expect_copyable(kOp, *in, *out));
  const int64_t size = in->sizes[dim];
  if (index < -size || index >= size) return bad_argument(kOp, 2, "(index) is out of range");
  if (index < 0) index += size;
  const size_t elem = element_size(in->dtype), inner = size_product(*in, dim + 1, in->rank) * elem;
  const size_t outer = size_product(*in, 0, dim);
  if (out->nbytes() != outer * inner) return bad_argument(kOp, 3, "(out) does not hold the selected slice");
  copy_rows(static_cast<const uint8_t*>(in->data) + index * inner, size * inner, static_cast<uint8_t*>(out->data), inner,
            outer, inner);
  return Error::Ok;
}

// slice_copy.Tensor_out(self, dim, start?, end?, step, *, out): out's size along
// dim says how many elements; start is clamped into the dim as PyTorch does.
Error slice_copy_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "aten::slice_copy.Tensor_out";
  EMBER_TRY(expect_count(kOp, args, 7));
  EMBER_TRY_ASSIGN(Tensor* in, tensor_arg(kOp, args, 0));
  if (in->rank == 0) return bad_argument(kOp, 0, "is 0-d");
  EMBER_TRY_ASSIGN(uint32_t dim, dim_arg(kOp, args, 1, in->rank));
  int64_t start = 0;
  if (!args[2]->is_none()) { EMBER_TRY_ASSIGN(start, int_arg(kOp, args, 2)); }
  EMBER_TRY_ASSIGN(int64_t step, int_arg(kOp, args, 4));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(kOp, args, 5));
  EMBER_TRY(expect_copyable(kOp, *in, *out));
  if (step < 1) return bad_argument(kOp, 4, "(step) is below 1");
  const int64_t size = in->sizes[dim];
  if (start < 0) start += size;
  start = start < 0 ? 0 : start > size ? size : start;
  if (out->rank != in->rank) return bad_argument(kOp, 5, "(out) has another rank");
  const int64_t count = out->sizes[dim];
  if (count > 0 && start + (count - 1) * step >= size) return bad_argument(kOp, 5, "(out) is longer than the slice");
  const size_t elem = element_size(in->dtype), inner = size_product(*in, dim + 1, in->rank) * elem;
  const size_t outer = size_product(*in, 0, dim);
  const auto* x = static_cast<const uint8_t*>(in->data);
  auto* y = static_cast<uint8_t*>(out->data);
  for (int64_t k = 0; k < count; ++k) {
    copy_rows(x + (start + k * step) * inner, size * inner, y + k * inner, count * inner, outer, inner);
  }
  return Error::Ok;
}

// Elements before and after `dim` in t's memory order (its dim order): a block of
// `dim` is contiguous `inner` elements, repeated `outer` times.
void memory_split(const Tensor& t, uint32_t dim, size_t* outer, size_t* inner) {
  *outer = *inner = 1;
  bool after = false;
  for (uint32_t i = 0; i < t.rank; ++i) {
    const uint32_t d = t.dim_order ? t.dim_order[i] : i;
    if (d == dim) { after = true; continue; }
    *(after ? inner : outer) *= static_cast<size_t>(t.sizes[d]);
  }
}

// cat.out(tensors[], dim, *, out). 1-D empty inputs are skipped, as in PyTorch. Any
// dim order that every input shares with out (NHWC from the Cortex-M flow).
Error cat_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "aten::cat.out";
  EMBER_TRY(expect_count(kOp, args, 4));
  if (args[0]->tag != Tag::TensorList) return bad_argument(kOp, 0, "is not a tensor list");
  const Span<Tensor* const> tensors = args[0]->payload.as_tensor_list;
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(kOp, args, 2));
  if (out->rank == 0) return bad_argument(kOp, 2, "(out) is 0-d");
  EMBER_TRY_ASSIGN(uint32_t dim, dim_arg(kOp, args, 1, out->rank));
  const size_t elem = element_size(out->dtype);
  size_t outer, inner;
  memory_split(*out, dim, &outer, &inner);
  inner *= elem;
  const size_t out_pitch = static_cast<size_t>(out->sizes[dim]) * inner;
  size_t at = 0;
  for (size_t t = 0; t < tensors.size; ++t) {
    const Tensor& in = *tensors[t];
    if (in.rank == 1 && in.sizes[0] == 0) continue;
    EMBER_TRY(expect_same_dtype(kOp, in, *out, "input and out"));
    if (in.rank != out->rank || !has_memory_order(in, out->dim_order)) {
      return bad_argument(kOp, 0, "holds a tensor of another rank or dim order than out");
    }
    const size_t bytes = static_cast<size_t>(in.sizes[dim]) * inner;
    if (at + bytes > out_pitch) return bad_argument(kOp, 2, "(out) is too small along dim");
    copy_rows(static_cast<const uint8_t*>(in.data), bytes, static_cast<uint8_t*>(out->data) + at, out_pitch, outer, bytes);
    at += bytes;
  }
  if (at != out_pitch) return bad_argument(kOp, 2, "(out) is larger than the inputs along dim");
  return Error::Ok;
}

// split_with_sizes_copy.out(self, split_sizes[], dim, *, out[])
Error split_with_sizes_copy_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "aten::split_with_sizes_copy.out";
  if (args.size < 4) return expect_count(kOp, args, 4);
  EMBER_TRY_ASSIGN(Tensor* in, tensor_arg(kOp, args, 0));
  if (in->rank == 0) return bad_argument(kOp, 0, "is 0-d");
  EMBER_TRY_ASSIGN(Span<const int64_t> sizes, int_list_arg(kOp, args, 1));
  EMBER_TRY_ASSIGN(uint32_t dim, dim_arg(kOp, args, 2, in->rank));
  if (args[3]->tag != Tag::TensorList) return bad_argument(kOp, 3, "is not a tensor list");
  const Span<Tensor* const> outs = args[3]->payload.as_tensor_list;
  if (outs.size != sizes.size) return bad_argument(kOp, 3, "has another length than split_sizes");
  const size_t elem = element_size(in->dtype), inner = size_product(*in, dim + 1, in->rank) * elem;
  const size_t outer = size_product(*in, 0, dim), in_pitch = static_cast<size_t>(in->sizes[dim]) * inner;
  size_t at = 0;
  for (size_t k = 0; k < outs.size; ++k) {
    Tensor& out = *outs[k];
    EMBER_TRY(expect_copyable(kOp, *in, out));
    const size_t bytes = static_cast<size_t>(sizes[k]) * inner;
    if (sizes[k] < 0 || out.rank != in->rank || out.sizes[dim] != sizes[k] || at + bytes > in_pitch) {
      return bad_argument(kOp, 1, "(split_sizes) does not match the outs");
    }
    copy_rows(static_cast<const uint8_t*>(in->data) + at, in_pitch, static_cast<uint8_t*>(out.data), bytes, outer, bytes);
    at += bytes;
  }
  if (at != in_pitch) return bad_argument(kOp, 1, "(split_sizes) does not add up to the dim");
  return Error::Ok;
}

// constant_pad_nd.out(self, pad[], value, *, out): pad holds (before, after) pairs
// from the last dim backwards; non-negative.
Error constant_pad_nd_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "aten::constant_pad_nd.out";
  EMBER_TRY(expect_count(kOp, args, 5));
  EMBER_TRY_ASSIGN(Tensor* in, tensor_arg(kOp, args, 0));
  EMBER_TRY_ASSIGN(Span<const int64_t> pad, int_list_arg(kOp, args, 1));
  EMBER_TRY_ASSIGN(double value, scalar_arg(kOp, args, 2));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(kOp, args, 3));
  EMBER_TRY(expect_tensor(kOp, *in, ScalarType::Float, 0, "input"));
  EMBER_TRY(expect_tensor(kOp, *out, ScalarType::Float, in->rank, "out"));
  if (pad.size % 2 || pad.size / 2 > in->rank) return bad_argument(kOp, 1, "(pad) has the wrong length");
  int64_t before[kMaxTensorRank] = {};
  for (uint32_t d = 0; d < in->rank; ++d) {
    const size_t pair = in->rank - 1 - d;
    int64_t lo = 0, hi = 0;
    if (pair < pad.size / 2) { lo = pad[2 * pair]; hi = pad[2 * pair + 1]; }
    if (lo < 0 || hi < 0) return bad_argument(kOp, 1, "(pad) is negative");
    if (out->sizes[d] != in->sizes[d] + lo + hi) return bad_argument(kOp, 3, "(out) does not have the padded shape");
    before[d] = lo;
  }
  const float fill = static_cast<float>(value);
  const float* x = in->data_as<const float>();
  float* y = out->data_as<float>();
  size_t index[kMaxTensorRank] = {};
  size_t in_strides[kMaxTensorRank];
  size_t stride = 1;
  for (uint32_t d = in->rank; d-- > 0;) { in_strides[d] = stride; stride *= static_cast<size_t>(in->sizes[d]); }
  for (size_t i = 0, n = out->numel(); i < n; ++i) {
    size_t at = 0;
    bool inside = true;
    for (uint32_t d = 0; d < in->rank && inside; ++d) {
      const int64_t src = static_cast<int64_t>(index[d]) - before[d];
      inside = src >= 0 && src < in->sizes[d];
      at += static_cast<size_t>(src) * in_strides[d];
    }
    y[i] = inside ? x[at] : fill;
    for (uint32_t d = out->rank; d-- > 0;) {
      if (++index[d] < static_cast<size_t>(out->sizes[d])) break;
      index[d] = 0;
    }
  }
  return Error::Ok;
}

// index.Tensor_out(self, indices?[], *, out): leading None entries, then one int64
// index tensor for dim d: out = self[:, ..., idx, ...], shape sizes[:d] + idx + sizes[d+1:].
Error index_tensor_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "aten::index.Tensor_out";
  EMBER_TRY(expect_count(kOp, args, 4));
  EMBER_TRY_ASSIGN(Tensor* in, tensor_arg(kOp, args, 0));
  if (args[1]->tag != Tag::OptionalTensorList && args[1]->tag != Tag::TensorList) {
    return bad_argument(kOp, 1, "is not a list of optional tensors");
  }
  const Span<Tensor* const> indices = args[1]->payload.as_tensor_list;
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(kOp, args, 2));
  EMBER_TRY(expect_copyable(kOp, *in, *out));
  uint32_t dim = 0;
  while (dim < indices.size && !indices[dim]) ++dim;
  if (dim == indices.size || dim >= in->rank) return bad_argument(kOp, 1, "holds no index tensor");
  for (size_t k = dim + 1; k < indices.size; ++k) {
    if (indices[k]) return bad_argument(kOp, 1, "holds more than one index tensor (not supported)");
  }
  const Tensor& idx = *indices[dim];
  if (idx.dtype != ScalarType::Long || !is_contiguous(idx)) return bad_argument(kOp, 1, "(index) is not a contiguous int64 tensor");
  const size_t elem = element_size(in->dtype), inner = size_product(*in, dim + 1, in->rank) * elem;
  const size_t outer = size_product(*in, 0, dim), count = idx.numel();
  const int64_t size = in->sizes[dim];
  if (out->nbytes() != outer * count * inner) return bad_argument(kOp, 2, "(out) does not have the indexed shape");
  const int64_t* ix = idx.data_as<const int64_t>();
  for (size_t k = 0; k < count; ++k) {
    int64_t at = ix[k];
    if (at < -size || at >= size) return bad_argument(kOp, 1, "(index) is out of range");
    if (at < 0) at += size;
    copy_rows(static_cast<const uint8_t*>(in->data) + at * inner, size * inner,
              static_cast<uint8_t*>(out->data) + k * inner, count * inner, outer, inner);
  }
  return Error::Ok;
}

// index_select.out(self, dim, index, *, out): out = self's slices at index (int64 or
// int32, at most 1-D, each in [0, size)) along dim, shape sizes[:d] + [n] + sizes[d+1:];
// a 0-d self takes one index 0. Every index is checked before anything is written.
// Any dim order of self and out (upstream's Cortex-M flow hands it channels-last
// tensors): contiguous ones copy whole rows.
Error index_select_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "aten::index_select.out";
  EMBER_TRY(expect_count(kOp, args, 5));
  EMBER_TRY_ASSIGN(Tensor* in, tensor_arg(kOp, args, 0));
  EMBER_TRY_ASSIGN(uint32_t dim, dim_arg(kOp, args, 1, in->rank));
  EMBER_TRY_ASSIGN(Tensor* idx, tensor_arg(kOp, args, 2));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(kOp, args, 3));
  EMBER_TRY(expect_same_dtype(kOp, *in, *out, "input and out"));
  if (idx->dtype != ScalarType::Long && idx->dtype != ScalarType::Int) {
    EMBER_LOG_ERROR("%s: index is %s, expected int64 or int32", kOp, to_string(idx->dtype));
    return Error::InvalidType;
  }
  if (idx->rank > 1) return bad_argument(kOp, 2, "(index) has more than one dim");
  const size_t count = idx->numel();
  const int64_t size = in->rank == 0 ? 1 : in->sizes[dim];
  bool shape_ok = out->rank == in->rank && (in->rank > 0 || count == 1);
  for (uint32_t d = 0; shape_ok && d < in->rank; ++d) {
    shape_ok = out->sizes[d] == (d == dim ? static_cast<int64_t>(count) : in->sizes[d]);
  }
  if (!shape_ok) return bad_argument(kOp, 3, "(out) does not have the selected shape");
  auto index_at = [&](size_t k) -> size_t {
    const int64_t at = idx->dtype == ScalarType::Long ? idx->data_as<const int64_t>()[k]
                                                      : idx->data_as<const int32_t>()[k];
    return static_cast<size_t>(at);
  };
  for (size_t k = 0; k < count; ++k) {
    if (index_at(k) >= static_cast<size_t>(size)) return bad_argument(kOp, 2, "(index) is out of range");
  }
  if (!is_contiguous(*in) || !is_contiguous(*out)) {
    select_along(*in, dim, index_at, *out);
    return Error::Ok;
  }
  const size_t inner = size_product(*in, dim + 1, in->rank) * element_size(in->dtype);
  const size_t outer = in->rank == 0 ? 1 : size_product(*in, 0, dim);
  for (size_t k = 0; k < count; ++k) {
    copy_rows(static_cast<const uint8_t*>(in->data) + index_at(k) * inner, static_cast<size_t>(size) * inner,
              static_cast<uint8_t*>(out->data) + k * inner, count * inner, outer, inner);
  }
  return Error::Ok;
}

// embedding.out(weight [n, d], indices, padding_idx, scale_grad_by_freq, sparse, *, out [*indices, d])
Error embedding_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "aten::embedding.out";
  EMBER_TRY(expect_count(kOp, args, 7));
  EMBER_TRY_ASSIGN(Tensor* weight, tensor_arg(kOp, args, 0));
  EMBER_TRY_ASSIGN(Tensor* idx, tensor_arg(kOp, args, 1));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(kOp, args, 5));
  EMBER_TRY(expect_copyable(kOp, *weight, *out));
  if (weight->rank != 2) return bad_argument(kOp, 0, "(weight) is not 2-D");
  if (idx->dtype != ScalarType::Long || !is_contiguous(*idx)) return bad_argument(kOp, 1, "(indices) is not a contiguous int64 tensor");
  const size_t row = static_cast<size_t>(weight->sizes[1]) * element_size(weight->dtype);
  if (out->nbytes() != idx->numel() * row) return bad_argument(kOp, 5, "(out) does not have shape [*indices, d]");
  const int64_t* ix = idx->data_as<const int64_t>();
  for (size_t k = 0, n = idx->numel(); k < n; ++k) {
    if (ix[k] < 0 || ix[k] >= weight->sizes[0]) return bad_argument(kOp, 1, "(indices) is out of range");
    std::memcpy(static_cast<uint8_t*>(out->data) + k * row, static_cast<const uint8_t*>(weight->data) + ix[k] * row, row);
  }
  return Error::Ok;
}

}  // namespace ember::kernels
