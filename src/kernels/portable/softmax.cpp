// _softmax.out and _log_softmax.out(self, dim, half_to_float, *, out) over one dim
// of a float tensor: the max is subtracted before exp for range, as upstream does.
#include <cmath>

#include "kernels/portable/portable_kernels.h"
#include "kernels/portable/tensor_walk.h"

namespace ember::kernels {
namespace {

template <bool kLog>
Error softmax(const char* op, Span<EValue*> args) {
  EMBER_TRY(expect_count(op, args, 5));
  EMBER_TRY_ASSIGN(Tensor* in, tensor_arg(op, args, 0));
  EMBER_TRY_ASSIGN(uint32_t dim, dim_arg(op, args, 1, in->rank));
  EMBER_TRY_ASSIGN(bool half_to_float, bool_arg(op, args, 2));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(op, args, 3));
  if (half_to_float) return bad_argument(op, 2, "(half_to_float) is not supported on float32");
  EMBER_TRY(expect_tensor(op, *in, ScalarType::Float, 0, "input"));
  EMBER_TRY(expect_tensor(op, *out, ScalarType::Float, 0, "out"));
  EMBER_TRY(expect_same_shape(op, *in, *out, "input and out"));
  const size_t size = in->rank ? static_cast<size_t>(in->sizes[dim]) : 1;
  const size_t inner = in->rank ? size_product(*in, dim + 1, in->rank) : 1;
  const size_t outer = in->rank ? size_product(*in, 0, dim) : 1;
  const float* x = in->data_as<const float>();
  float* y = out->data_as<float>();
  for (size_t o = 0; o < outer; ++o) {
    for (size_t i = 0; i < inner; ++i) {
      const size_t base = o * size * inner + i;
      float max = x[base];
      for (size_t k = 1; k < size; ++k) max = max_propagate_nan(max, x[base + k * inner]);
      float sum = 0.0f;
      for (size_t k = 0; k < size; ++k) sum += std::exp(x[base + k * inner] - max);
      if (kLog) {
        const float log_sum = std::log(sum);
        for (size_t k = 0; k < size; ++k) y[base + k * inner] = x[base + k * inner] - max - log_sum;
      } else {
        for (size_t k = 0; k < size; ++k) y[base + k * inner] = std::exp(x[base + k * inner] - max) / sum;
      }
    }
  }
  return Error::Ok;
}

}  // namespace

Error softmax_out(KernelContext&, Span<EValue*> args) { return softmax<false>("aten::_softmax.out", args); }
Error log_softmax_out(KernelContext&, Span<EValue*> args) { return softmax<true>("aten::_log_softmax.out", args); }

}  // namespace ember::kernels
