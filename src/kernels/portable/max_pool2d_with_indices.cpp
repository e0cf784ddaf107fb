// aten::max_pool2d_with_indices.out(self, kernel_size[], stride[], padding[],
// dilation[], ceil_mode, *, out, indices) -> (out, indices). NCHW float; indices
// are flat positions within each input plane, as in PyTorch.
#include "kernels/common/kernel_args.h"
#include "kernels/portable/pool_window.h"
#include "kernels/portable/portable_kernels.h"

namespace ember::kernels {
namespace {

constexpr const char* kOp = "aten::max_pool2d_with_indices.out";

}  // namespace

Error max_pool2d_with_indices_out(KernelContext&, Span<EValue*> args) {
  EMBER_TRY(expect_count(kOp, args, 9));
  EMBER_TRY_ASSIGN(Tensor* input, tensor_arg(kOp, args, 0));
  EMBER_TRY_ASSIGN(Span<const int64_t> kernel, int_list_arg(kOp, args, 1));
  EMBER_TRY_ASSIGN(Span<const int64_t> stride, int_list_arg(kOp, args, 2));
  EMBER_TRY_ASSIGN(Span<const int64_t> padding, int_list_arg(kOp, args, 3));
  EMBER_TRY_ASSIGN(Span<const int64_t> dilation, int_list_arg(kOp, args, 4));
  EMBER_TRY_ASSIGN(bool ceil_mode, bool_arg(kOp, args, 5));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(kOp, args, 6));
  EMBER_TRY_ASSIGN(Tensor* indices, tensor_arg(kOp, args, 7));
  EMBER_TRY(expect_tensor(kOp, *input, ScalarType::Float, 4, "input"));
  EMBER_TRY(expect_tensor(kOp, *out, ScalarType::Float, 4, "out"));
  EMBER_TRY(expect_tensor(kOp, *indices, ScalarType::Long, 4, "indices"));
  int64_t kh, kw, sh, sw, ph, pw, dh, dw;
  if (!pool_pair(kernel, 1, &kh, &kw) || kernel.size == 0 || !pool_pair(stride, 0, &sh, &sw) ||
      !pool_pair(padding, 0, &ph, &pw) || !pool_pair(dilation, 1, &dh, &dw)) {
    return bad_argument(kOp, 1, "(kernel, stride, padding or dilation) has the wrong length");
  }
  if (sh == 0) { sh = kh; sw = kw; }  // empty stride: the kernel size
  if (kh < 1 || kw < 1 || sh < 1 || sw < 1 || dh < 1 || dw < 1 || ph < 0 || pw < 0 || 2 * ph > kh || 2 * pw > kw) {
    return bad_argument(kOp, 1, "(kernel, stride, padding or dilation) is invalid");
  }
  const int32_t n = input->sizes[0], c = input->sizes[1], h = input->sizes[2], w = input->sizes[3];
  const int64_t ho = pooled_size(h, kh, sh, ph, dh, ceil_mode), wo = pooled_size(w, kw, sw, pw, dw, ceil_mode);
  if (out->sizes[0] != n || out->sizes[1] != c || out->sizes[2] != ho || out->sizes[3] != wo ||
      !same_shape(*out, *indices)) {
    EMBER_LOG_ERROR("%s: out/indices shapes do not match the pooled input", kOp);
    return Error::InvalidShape;
  }
  const float* in = input->data_as<float>();
  float* o = out->data_as<float>();
  int64_t* idx = indices->data_as<int64_t>();
  for (int64_t plane = 0; plane < int64_t{n} * c; ++plane) {
    const float* p = in + plane * h * w;
    for (int64_t oy = 0; oy < ho; ++oy) {
      for (int64_t ox = 0; ox < wo; ++ox) {
        float best = 0.0f;
        int64_t best_index = -1;
        for (int64_t ky = 0; ky < kh; ++ky) {
          const int64_t iy = oy * sh - ph + ky * dh;
          if (iy < 0 || iy >= h) continue;
          for (int64_t kx = 0; kx < kw; ++kx) {
            const int64_t ix = ox * sw - pw + kx * dw;
            if (ix < 0 || ix >= w) continue;
            const float v = p[iy * w + ix];
            // A NaN wins only as the window's first element, as in upstream's portable kernel
            // (PyTorch eager propagates every NaN).
            if (best_index < 0 || v > best) {
              best = v;
              best_index = iy * w + ix;
            }
          }
        }
        const int64_t at = (plane * ho + oy) * wo + ox;
        o[at] = best;
        idx[at] = best_index;
      }
    }
  }
  return Error::Ok;
}

}  // namespace ember::kernels
