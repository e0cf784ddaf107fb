// Reductions over a list of dims (empty or None: all dims), keepdim or not:
// sum, mean, amax, amin (NaN wins), any (bool), and argmax/argmin over one dim or the whole
// tensor (the first position of the extreme; NaN counts as the maximum and the
// minimum, as in PyTorch). Float input (amax/amin also int8: upstream's Cortex-M
// flow leaves them on the quantized values); the reduced elements are visited in
// index order with a float accumulator, as upstream's portable kernels do.
#include <type_traits>

#include "kernels/portable/float_rows.h"
#include "kernels/portable/portable_kernels.h"
#include "kernels/portable/tensor_walk.h"

namespace ember::kernels {
namespace {

struct ReducePlan {
  uint32_t kept[kMaxTensorRank], reduced[kMaxTensorRank];
  uint32_t kept_count = 0, reduced_count = 0;
  size_t strides[kMaxTensorRank];      // of the input's dims, in its memory
  size_t out_strides[kMaxTensorRank];  // of out's memory, by kept[j]'s place j
  size_t reduced_numel = 1;
};

// mask: bit d set when dim d is reduced; elements are visited in index order.
// any_order: input and out in any dim order (int8 amax/amin: the Cortex-M flow's
// tensors are channels-last); else both must be contiguous, as upstream's portable
// reductions refuse the channels-last input torch.export gives them.
Result<ReducePlan> plan(const char* op, const Tensor& in, uint32_t mask, const Tensor& out, bool keepdim,
                        bool any_order = false) {
  if (!any_order && (!is_contiguous(in) || !is_contiguous(out))) {
    EMBER_LOG_ERROR("%s: input or out is not contiguous (dim order)", op);
    return Error::NotSupported;
  }
  ReducePlan p;
  memory_strides(in, p.strides);
  size_t out_memory[kMaxTensorRank];
  memory_strides(out, out_memory);
  size_t kept_numel = 1;
  uint32_t out_dim = 0;
  bool shape_ok = true;
  for (uint32_t d = 0; d < in.rank; ++d) {
    if (mask & (1u << d)) {
      p.reduced[p.reduced_count++] = d;
      p.reduced_numel *= static_cast<size_t>(in.sizes[d]);
      if (keepdim) shape_ok = shape_ok && out_dim < out.rank && out.sizes[out_dim++] == 1;
    } else {
      p.kept[p.kept_count] = d;
      shape_ok = shape_ok && out_dim < out.rank && out.sizes[out_dim] == in.sizes[d];
      if (shape_ok) p.out_strides[p.kept_count] = out_memory[out_dim];
      ++p.kept_count;
      ++out_dim;
      kept_numel *= static_cast<size_t>(in.sizes[d]);
    }
  }
  if (!shape_ok || out_dim != out.rank || out.numel() != kept_numel) {
    EMBER_LOG_ERROR("%s: out shape does not match the reduced input", op);
    return Error::InvalidShape;
  }
  return p;
}

// For each out element in index order: r.begin(), r.visit(offset, k) for its k-th
// reduced input element in index order, r.end(offset of the out element).
template <typename Reducer>
void reduce(const Tensor& in, const ReducePlan& p, size_t out_numel, Reducer& r) {
  uint32_t kept_index[kMaxTensorRank] = {};
  size_t base = 0, out_at = 0;
  for (size_t o = 0; o < out_numel; ++o) {
    r.begin();
    uint32_t index[kMaxTensorRank] = {};
    size_t at = base;
    for (size_t k = 0; k < p.reduced_numel; ++k) {
      r.visit(at, k);
      for (uint32_t j = p.reduced_count; j-- > 0;) {
        const uint32_t d = p.reduced[j];
        at += p.strides[d];
        if (++index[j] < static_cast<uint32_t>(in.sizes[d])) break;
        at -= p.strides[d] * index[j];
        index[j] = 0;
      }
    }
    r.end(out_at);
    for (uint32_t j = p.kept_count; j-- > 0;) {
      const uint32_t d = p.kept[j];
      base += p.strides[d];
      out_at += p.out_strides[j];
      if (++kept_index[j] < static_cast<uint32_t>(in.sizes[d])) break;
      base -= p.strides[d] * kept_index[j];
      out_at -= p.out_strides[j] * kept_index[j];
      kept_index[j] = 0;
    }
  }
}

// The dims argument (int list, possibly None or empty = all) as a mask.
Result<uint32_t> dims_mask(const char* op, Span<EValue*> args, size_t i, uint32_t rank) {
  const uint32_t all = rank == 0 ? 0 : static_cast<uint32_t>((uint64_t{1} << rank) - 1);
  if (args[i]->is_none()) return all;
  EMBER_TRY_ASSIGN(Span<const int64_t> dims, int_list_arg(op, args, i));
  if (dims.size == 0) return all;
  uint32_t mask = 0;
  const int64_t bound = rank == 0 ? 1 : rank;
  for (int64_t dim : dims) {
    if (dim < -bound || dim >= bound) return bad_argument(op, i, "(dim) is out of range");
    if (rank > 0) mask |= 1u << (dim < 0 ? dim + bound : dim);
  }
  return mask;
}

struct Sum {
  const float* x;
  float* y;
  bool mean;
  float count;
  float acc = 0.0f;
  void begin() { acc = 0.0f; }
  void visit(size_t at, size_t) { acc += x[at]; }
  void end(size_t o) { y[o] = mean ? acc / count : acc; }
};

template <bool kMax, typename T>
struct Extreme {
  const T* x;
  T* y;
  T acc = 0;
  void begin() {}
  void visit(size_t at, size_t k) {
    if constexpr (std::is_same_v<T, float>) {
      acc = k == 0 ? x[at] : kMax ? max_propagate_nan(acc, x[at]) : min_propagate_nan(acc, x[at]);
    } else {
      acc = k == 0 || (kMax ? x[at] > acc : x[at] < acc) ? x[at] : acc;
    }
  }
  void end(size_t o) { y[o] = acc; }
};

template <bool kMax>
struct ArgExtreme {
  const float* x;
  int64_t* y;
  float best = 0.0f;
  int64_t best_index = 0;
  void begin() {}
  void visit(size_t at, size_t k) {
    const float v = x[at];
    const bool better = k == 0 || (best == best && (v != v || (kMax ? v > best : v < best)));
    if (better) { best = v; best_index = static_cast<int64_t>(k); }
  }
  void end(size_t o) { y[o] = best_index; }
};

// sum/mean(self, dim?, keepdim, *, dtype?, out), amax/amin(self, dim, keepdim, *, out)
template <typename Make>
Error float_reduction(const char* op, Span<EValue*> args, size_t count, size_t out_index, Make make) {
  EMBER_TRY(expect_count(op, args, count));
  EMBER_TRY_ASSIGN(Tensor* in, tensor_arg(op, args, 0));
  EMBER_TRY_ASSIGN(bool keepdim, bool_arg(op, args, 2));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(op, args, out_index));
  if (in->dtype != ScalarType::Float || out->dtype != ScalarType::Float) {
    EMBER_LOG_ERROR("%s: input and out must be float32", op);
    return Error::InvalidType;
  }
  if (out_index == 4 && !args[3]->is_none()) {
    EMBER_TRY_ASSIGN(int64_t dtype, int_arg(op, args, 3));
    if (dtype != static_cast<int64_t>(ScalarType::Float)) return bad_argument(op, 3, "(dtype) is not float32");
  }
  EMBER_TRY_ASSIGN(uint32_t mask, dims_mask(op, args, 1, in->rank));
  EMBER_TRY_ASSIGN(ReducePlan p, plan(op, *in, mask, *out, keepdim));
  auto reducer = make(in->data_as<const float>(), out->data_as<float>(), p.reduced_numel);
  if constexpr (std::is_same_v<decltype(reducer), Sum>) {
    // over trailing dims each out element sums one run of the input: row_sums (Helium on the M55)
    if (p.reduced_count > 0 && p.reduced[0] == in->rank - p.reduced_count) {
      float* y = out->data_as<float>();
      row_sums(RowSums{in->data_as<const float>(), out->numel(), p.reduced_numel, y});
      if (reducer.mean) {
        for (size_t o = 0, n = out->numel(); o < n; ++o) y[o] = y[o] / reducer.count;
      }
      return Error::Ok;
    }
  }
  reduce(*in, p, out->numel(), reducer);
  return Error::Ok;
}

// amax/amin(self, dim, keepdim, *, out): float32 or int8, out of the input's dtype.
template <bool kMax>
Error extreme_reduction(const char* op, Span<EValue*> args) {
  EMBER_TRY(expect_count(op, args, 5));
  EMBER_TRY_ASSIGN(Tensor* in, tensor_arg(op, args, 0));
  if (in->dtype != ScalarType::Char) {
    return float_reduction(op, args, 5, 3, [](const float* x, float* y, size_t) { return Extreme<kMax, float>{x, y}; });
  }
  EMBER_TRY_ASSIGN(bool keepdim, bool_arg(op, args, 2));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(op, args, 3));
  EMBER_TRY(expect_same_dtype(op, *in, *out, "input and out"));
  EMBER_TRY_ASSIGN(uint32_t mask, dims_mask(op, args, 1, in->rank));
  EMBER_TRY_ASSIGN(ReducePlan p, plan(op, *in, mask, *out, keepdim, true));
  if (p.reduced_numel == 0 && out->numel() > 0) return bad_argument(op, 1, "(dim) reduces over an empty dim");
  Extreme<kMax, int8_t> reducer{in->data_as<const int8_t>(), out->data_as<int8_t>()};
  reduce(*in, p, out->numel(), reducer);
  return Error::Ok;
}

// argmax/argmin(self, dim?, keepdim, *, out)
template <bool kMax>
Error arg_reduction(const char* op, Span<EValue*> args) {
  EMBER_TRY(expect_count(op, args, 5));
  EMBER_TRY_ASSIGN(Tensor* in, tensor_arg(op, args, 0));
  EMBER_TRY_ASSIGN(bool keepdim, bool_arg(op, args, 2));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(op, args, 3));
  if (in->dtype != ScalarType::Float || out->dtype != ScalarType::Long) {
    EMBER_LOG_ERROR("%s: expected a float32 input and an int64 out", op);
    return Error::InvalidType;
  }
  if (in->numel() == 0) return bad_argument(op, 0, "is empty");
  uint32_t mask = in->rank == 0 ? 0 : static_cast<uint32_t>((uint64_t{1} << in->rank) - 1);
  if (!args[1]->is_none()) {
    EMBER_TRY_ASSIGN(uint32_t dim, dim_arg(op, args, 1, in->rank));
    mask = in->rank == 0 ? 0 : 1u << dim;
  }
  EMBER_TRY_ASSIGN(ReducePlan p, plan(op, *in, mask, *out, keepdim));
  ArgExtreme<kMax> reducer{in->data_as<const float>(), out->data_as<int64_t>()};
  reduce(*in, p, out->numel(), reducer);
  return Error::Ok;
}

struct Any {
  const bool* x;
  bool* y;
  bool acc = false;
  void begin() { acc = false; }
  void visit(size_t at, size_t) { acc = acc || x[at]; }
  void end(size_t o) { y[o] = acc; }
};

}  // namespace

// any.out(self, dim, keepdim, *, out): bool in, bool out.
Error any_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "aten::any.out";
  EMBER_TRY(expect_count(kOp, args, 5));
  EMBER_TRY_ASSIGN(Tensor* in, tensor_arg(kOp, args, 0));
  EMBER_TRY_ASSIGN(uint32_t dim, dim_arg(kOp, args, 1, in->rank));
  EMBER_TRY_ASSIGN(bool keepdim, bool_arg(kOp, args, 2));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(kOp, args, 3));
  if (in->dtype != ScalarType::Bool || out->dtype != ScalarType::Bool) {
    EMBER_LOG_ERROR("%s: input and out must be bool", kOp);
    return Error::InvalidType;
  }
  EMBER_TRY_ASSIGN(ReducePlan p, plan(kOp, *in, in->rank ? 1u << dim : 0, *out, keepdim));
  Any reducer{in->data_as<const bool>(), out->data_as<bool>()};
  reduce(*in, p, out->numel(), reducer);
  return Error::Ok;
}

Error sum_out(KernelContext&, Span<EValue*> args) {
  return float_reduction("aten::sum.IntList_out", args, 6, 4,
                         [](const float* x, float* y, size_t) { return Sum{x, y, false, 0.0f}; });
}
Error mean_out(KernelContext&, Span<EValue*> args) {
  return float_reduction("aten::mean.out", args, 6, 4,
                         [](const float* x, float* y, size_t n) { return Sum{x, y, true, static_cast<float>(n)}; });
}
Error amax_out(KernelContext&, Span<EValue*> args) { return extreme_reduction<true>("aten::amax.out", args); }
Error amin_out(KernelContext&, Span<EValue*> args) { return extreme_reduction<false>("aten::amin.out", args); }
Error argmax_out(KernelContext&, Span<EValue*> args) { return arg_reduction<true>("aten::argmax.out", args); }
Error argmin_out(KernelContext&, Span<EValue*> args) { return arg_reduction<false>("aten::argmin.out", args); }

}  // namespace ember::kernels
