// aten::avg_pool2d.out(self, kernel_size[], stride[], padding[], ceil_mode,
// count_include_pad, divisor_override?, *, out). NCHW float, PyTorch's window
// rules: a window's divisor counts its padded cells (count_include_pad) but never
// the cells past the padding that ceil_mode adds; divisor_override replaces it.
// The CPU half of a partially delegated model: the U55 declines average pools
// with a stride above 3, which then run here between dequantize and quantize.
#include "kernels/common/kernel_args.h"
#include "kernels/portable/pool_window.h"
#include "kernels/portable/portable_kernels.h"

namespace ember::kernels {
namespace {

constexpr const char* kOp = "aten::avg_pool2d.out";

int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }
int64_t max64(int64_t a, int64_t b) { return a > b ? a : b; }

}  // namespace

Error avg_pool2d_out(KernelContext&, Span<EValue*> args) {
  EMBER_TRY(expect_count(kOp, args, 9));  // the 8 arguments and the returned out
  EMBER_TRY_ASSIGN(Tensor* input, tensor_arg(kOp, args, 0));
  EMBER_TRY_ASSIGN(Span<const int64_t> kernel, int_list_arg(kOp, args, 1));
  EMBER_TRY_ASSIGN(Span<const int64_t> stride, int_list_arg(kOp, args, 2));
  EMBER_TRY_ASSIGN(Span<const int64_t> padding, int_list_arg(kOp, args, 3));
  EMBER_TRY_ASSIGN(bool ceil_mode, bool_arg(kOp, args, 4));
  EMBER_TRY_ASSIGN(bool count_include_pad, bool_arg(kOp, args, 5));
  int64_t divisor_override = 0;
  if (!args[6]->is_none()) {
    EMBER_TRY_ASSIGN(divisor_override, int_arg(kOp, args, 6));
    if (divisor_override == 0) return bad_argument(kOp, 6, "(divisor_override) is zero");
  }
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(kOp, args, 7));
  EMBER_TRY(expect_tensor(kOp, *input, ScalarType::Float, 4, "input"));
  EMBER_TRY(expect_tensor(kOp, *out, ScalarType::Float, 4, "out"));
  int64_t kh, kw, sh, sw, ph, pw;
  if (!pool_pair(kernel, 1, &kh, &kw) || kernel.size == 0 || !pool_pair(stride, 0, &sh, &sw) ||
      !pool_pair(padding, 0, &ph, &pw)) {
    return bad_argument(kOp, 1, "(kernel, stride or padding) has the wrong length");
  }
  if (sh == 0) { sh = kh; sw = kw; }  // empty stride: the kernel size
  if (kh < 1 || kw < 1 || sh < 1 || sw < 1 || ph < 0 || pw < 0 || 2 * ph > kh || 2 * pw > kw) {
    return bad_argument(kOp, 1, "(kernel, stride or padding) is invalid");
  }
  const int32_t n = input->sizes[0], c = input->sizes[1], h = input->sizes[2], w = input->sizes[3];
  const int64_t ho = pooled_size(h, kh, sh, ph, 1, ceil_mode), wo = pooled_size(w, kw, sw, pw, 1, ceil_mode);
  if (out->sizes[0] != n || out->sizes[1] != c || out->sizes[2] != ho || out->sizes[3] != wo) {
    EMBER_LOG_ERROR("%s: out shape does not match the pooled input", kOp);
    return Error::InvalidShape;
  }
  const float* in = input->data_as<float>();
  float* o = out->data_as<float>();
  for (int64_t plane = 0; plane < int64_t{n} * c; ++plane) {
    const float* p = in + plane * h * w;
    for (int64_t oy = 0; oy < ho; ++oy) {
      const int64_t y0 = oy * sh - ph, y1 = min64(y0 + kh, h + ph);
      for (int64_t ox = 0; ox < wo; ++ox) {
        const int64_t x0 = ox * sw - pw, x1 = min64(x0 + kw, w + pw);
        const int64_t padded_cells = (y1 - y0) * (x1 - x0);
        const int64_t ya = max64(y0, 0), yb = min64(y1, h), xa = max64(x0, 0), xb = min64(x1, w);
        float sum = 0.0f;
        for (int64_t y = ya; y < yb; ++y) {
          for (int64_t x = xa; x < xb; ++x) sum += p[y * w + x];
        }
        const int64_t divisor = divisor_override ? divisor_override
                                : count_include_pad ? padded_cells
                                                    : (yb - ya) * (xb - xa);
        o[(plane * ho + oy) * wo + ox] = divisor > 0 ? sum / static_cast<float>(divisor) : 0.0f;
      }
    }
  }
  return Error::Ok;
}

}  // namespace ember::kernels
