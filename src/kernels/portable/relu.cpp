// aten::relu.out(self, *, out) -> out
#include "kernels/common/kernel_args.h"
#include "kernels/portable/portable_kernels.h"

namespace ember::kernels {

Error relu_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "aten::relu.out";
  EMBER_TRY(expect_count(kOp, args, 3));
  EMBER_TRY_ASSIGN(Tensor* input, tensor_arg(kOp, args, 0));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(kOp, args, 1));
  EMBER_TRY(expect_tensor(kOp, *input, ScalarType::Float, 0, "input"));
  EMBER_TRY(expect_tensor(kOp, *out, ScalarType::Float, 0, "out"));
  EMBER_TRY(expect_same_shape(kOp, *input, *out, "input and out"));
  const float* in = input->data_as<float>();
  float* o = out->data_as<float>();
  for (size_t i = 0, n = input->numel(); i < n; ++i) o[i] = in[i] < 0.0f ? 0.0f : in[i];  // NaN and -0 pass through, as upstream
  return Error::Ok;
}

}  // namespace ember::kernels
