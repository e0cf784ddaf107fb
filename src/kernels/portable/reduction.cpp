// Reductions over a list of dims (empty or None: all dims), keepdim or not:
// sum, mean, amax, amin (NaN wins), any (bool), and argmax/argmin over one dim or the whole
// tensor (the first position of the extreme; NaN counts as the maximum and the
// minimum, as in PyTorch). Float input; the reduced elements are visited in index
// order with a float accumulator, as upstream's portable kernels do.
#include <type_traits>

#include "kernels/portable/float_rows.h"
#include "kernels/portable/portable_kernels.h"
#include "kernels/portable/tensor_walk.h"

namespace ember::kernels {
namespace {

struct ReducePlan {
  uint32_t kept[kMaxTensorRank], reduced[kMaxTensorRank];
  uint32_t kept_count = 0, reduced_count = 0;
  size_t strides[kMaxTensorRank];
  size_t reduced_numel = 1;
};

// mask: bit d set when dim d is reduced.
Result<ReducePlan> plan(const char* op, const Tensor& in, uint32_t mask, const Tensor& out, bool keepdim) {
  if (!is_contiguous(in) || !is_contiguous(out)) {
    EMBER_LOG_ERROR("%s: input or out is not contiguous (dim order)", op);
    return Error::NotSupported;
  }
  ReducePlan p;
  size_t stride = 1;
  for (uint32_t d = in.rank; d-- > 0;) {
    p.strides[d] = stride;
    stride *= static_cast<size_t>(in.sizes[d]);
  }
  size_t kept_numel = 1;
  uint32_t out_dim = 0;
  bool shape_ok = true;
  for (uint32_t d = 0; d < in.rank; ++d) {
    if (mask & (1u << d)) {
      p.reduced[p.reduced_count++] = d;
      p.reduced_numel *= static_cast<size_t>(in.sizes[d]);
      if (keepdim) shape_ok = shape_ok && out_dim < out.rank && out.sizes[out_dim++] == 1;
    } else {
      p.kept[p.kept_count++] = d;
      kept_numel *= static_cast<size_t>(in.sizes[d]);
      shape_ok = shape_ok && out_dim < out.rank && out.sizes[out_dim++] == in.sizes[d];
    }
  }
  if (!shape_ok || out_dim != out.rank || out.numel() != kept_numel) {
    EMBER_LOG_ERROR("%s: out shape does not match the reduced input", op);
    return Error::InvalidShape;
  }
  return p;
}

// For each out element in order: r.begin(), r.visit(offset, k) for its k-th
// reduced input element in index order, r.end(out index).
template <typename Reducer>
void reduce(const Tensor& in, const ReducePlan& p, size_t out_numel, Reducer& r) {
  uint32_t kept_index[kMaxTensorRank] = {};
  size_t base = 0;
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
    r.end(o);
    for (uint32_t j = p.kept_count; j-- > 0;) {
      const uint32_t d = p.kept[j];
      base += p.strides[d];
      if (++kept_index[j] < static_cast<uint32_t>(in.sizes[d])) break;
      base -= p.strides[d] * kept_index[j];
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

template <bool kMax>
struct Extreme {
  const float* x;
  float* y;
  float acc = 0.0f;
  void begin() {}
  void visit(size_t at, size_t k) {
    acc = k == 0 ? x[at] : kMax ? max_propagate_nan(acc, x[at]) : min_propagate_nan(acc, x[at]);
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
Error amax_out(KernelContext&, Span<EValue*> args) {
  return float_reduction("aten::amax.out", args, 5, 3,
                         [](const float* x, float* y, size_t) { return Extreme<true>{x, y}; });
}
Error amin_out(KernelContext&, Span<EValue*> args) {
  return float_reduction("aten::amin.out", args, 5, 3,
                         [](const float* x, float* y, size_t) { return Extreme<false>{x, y}; });
}
Error argmax_out(KernelContext&, Span<EValue*> args) { return arg_reduction<true>("aten::argmax.out", args); }
Error argmin_out(KernelContext&, Span<EValue*> args) { return arg_reduction<false>("aten::argmin.out", args); }

}  // namespace ember::kernels
