// _adaptive_avg_pool2d.out(self, output_size[2], *, out): NCHW float; output cell
// o averages input rows [floor(o * in / out), ceil((o + 1) * in / out)), as PyTorch.
#include "kernels/portable/portable_kernels.h"
#include "kernels/portable/tensor_walk.h"

namespace ember::kernels {

Error adaptive_avg_pool2d_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "aten::_adaptive_avg_pool2d.out";
  EMBER_TRY(expect_count(kOp, args, 4));
  EMBER_TRY_ASSIGN(Tensor* in, tensor_arg(kOp, args, 0));
  EMBER_TRY_ASSIGN(Span<const int64_t> size, int_list_arg(kOp, args, 1));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(kOp, args, 2));
  EMBER_TRY(expect_tensor(kOp, *in, ScalarType::Float, 4, "input"));
  EMBER_TRY(expect_tensor(kOp, *out, ScalarType::Float, 4, "out"));
  const int64_t hi = in->sizes[2], wi = in->sizes[3], ho = out->sizes[2], wo = out->sizes[3];
  if (size.size != 2 || size[0] != ho || size[1] != wo || in->sizes[0] != out->sizes[0] ||
      in->sizes[1] != out->sizes[1] || ho < 1 || wo < 1) {
    return bad_argument(kOp, 1, "(output_size) does not match out");
  }
  const size_t planes = size_product(*in, 0, 2);
  for (size_t p = 0; p < planes; ++p) {
    const float* x = in->data_as<const float>() + p * hi * wi;
    float* y = out->data_as<float>() + p * ho * wo;
    for (int64_t oy = 0; oy < ho; ++oy) {
      const int64_t y0 = oy * hi / ho, y1 = ((oy + 1) * hi + ho - 1) / ho;
      for (int64_t ox = 0; ox < wo; ++ox) {
        const int64_t x0 = ox * wi / wo, x1 = ((ox + 1) * wi + wo - 1) / wo;
        float sum = 0.0f;
        for (int64_t iy = y0; iy < y1; ++iy) {
          for (int64_t ix = x0; ix < x1; ++ix) sum += x[iy * wi + ix];
        }
        y[oy * wo + ox] = sum / static_cast<float>((y1 - y0) * (x1 - x0));
      }
    }
  }
  return Error::Ok;
}

}  // namespace ember::kernels
