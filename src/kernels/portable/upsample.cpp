// upsample_nearest2d.vec_out(input, output_size?, scale_factors?, *, out) and
// upsample_bilinear2d.vec_out(input, output_size?, align_corners, scale_factors?,
// *, out) on float NCHW tensors in any dim order (each indexed through its
// strides). Source coordinates follow PyTorch: with scale factors given, the
// scale is 1 / factor; else input size / output size (align_corners:
// (in - 1) / (out - 1)).
#include <algorithm>
#include <cmath>

#include "kernels/portable/portable_kernels.h"
#include "kernels/portable/tensor_walk.h"

namespace ember::kernels {
namespace {

struct Scales {
  float h, w;
};

// scale_factors is args[factors] (a float list or None).
Result<Scales> scales(const char* op, Span<EValue*> args, size_t factors, const Tensor& in, const Tensor& out,
                      bool align_corners) {
  const int32_t hi = in.sizes[2], wi = in.sizes[3], ho = out.sizes[2], wo = out.sizes[3];
  if (align_corners) {
    return Scales{ho > 1 ? static_cast<float>(hi - 1) / static_cast<float>(ho - 1) : 0.0f,
                  wo > 1 ? static_cast<float>(wi - 1) / static_cast<float>(wo - 1) : 0.0f};
  }
  if (!args[factors]->is_none()) {
    if (args[factors]->tag != Tag::DoubleList || args[factors]->payload.as_double_list.size != 2) {
      return bad_argument(op, factors, "(scale_factors) is not two floats");
    }
    const Span<const double> f = args[factors]->payload.as_double_list;
    return Scales{static_cast<float>(1.0 / f[0]), static_cast<float>(1.0 / f[1])};
  }
  return Scales{static_cast<float>(hi) / static_cast<float>(ho), static_cast<float>(wi) / static_cast<float>(wo)};
}

Error expect_upsample(const char* op, const Tensor& in, const Tensor& out) {
  EMBER_TRY(expect_any_order(op, in, ScalarType::Float, 4, "input"));
  EMBER_TRY(expect_any_order(op, out, ScalarType::Float, 4, "out"));
  if (in.sizes[0] != out.sizes[0] || in.sizes[1] != out.sizes[1]) {
    EMBER_LOG_ERROR("%s: input and out differ in batch or channels", op);
    return Error::InvalidShape;
  }
  return Error::Ok;
}

// One (n, c) plane of input and out: its first element and the H, W strides.
struct Planes {
  const float* x;
  float* y;
  size_t x_row, x_col, y_row, y_col;

  float at(int32_t iy, int32_t ix) const { return x[iy * x_row + ix * x_col]; }
  float& out(int32_t oy, int32_t ox) const { return y[oy * y_row + ox * y_col]; }
};

// Calls fn(Planes) for each (n, c), each tensor walked through its own strides.
template <typename Fn>
void for_each_plane(const Tensor& in, const Tensor& out, Fn fn) {
  size_t si[kMaxTensorRank], so[kMaxTensorRank];
  memory_strides(in, si);
  memory_strides(out, so);
  for (int32_t n = 0; n < in.sizes[0]; ++n) {
    for (int32_t c = 0; c < in.sizes[1]; ++c) {
      fn(Planes{in.data_as<const float>() + n * si[0] + c * si[1], out.data_as<float>() + n * so[0] + c * so[1],
                si[2], si[3], so[2], so[3]});
    }
  }
}

}  // namespace

Error upsample_nearest2d_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "aten::upsample_nearest2d.vec_out";
  EMBER_TRY(expect_count(kOp, args, 5));
  EMBER_TRY_ASSIGN(Tensor* in, tensor_arg(kOp, args, 0));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(kOp, args, 3));
  EMBER_TRY(expect_upsample(kOp, *in, *out));
  EMBER_TRY_ASSIGN(Scales s, scales(kOp, args, 2, *in, *out, false));
  const int32_t hi = in->sizes[2], wi = in->sizes[3], ho = out->sizes[2], wo = out->sizes[3];
  for_each_plane(*in, *out, [&](const Planes& p) {
    for (int32_t oy = 0; oy < ho; ++oy) {
      const int32_t iy = std::min(static_cast<int32_t>(std::floor(oy * s.h)), hi - 1);
      for (int32_t ox = 0; ox < wo; ++ox) {
        const int32_t ix = std::min(static_cast<int32_t>(std::floor(ox * s.w)), wi - 1);
        p.out(oy, ox) = p.at(iy, ix);
      }
    }
  });
  return Error::Ok;
}

Error upsample_bilinear2d_out(KernelContext&, Span<EValue*> args) {
  constexpr const char* kOp = "aten::upsample_bilinear2d.vec_out";
  EMBER_TRY(expect_count(kOp, args, 6));
  EMBER_TRY_ASSIGN(Tensor* in, tensor_arg(kOp, args, 0));
  EMBER_TRY_ASSIGN(bool align_corners, bool_arg(kOp, args, 2));
  EMBER_TRY_ASSIGN(Tensor* out, tensor_arg(kOp, args, 4));
  EMBER_TRY(expect_upsample(kOp, *in, *out));
  EMBER_TRY_ASSIGN(Scales s, scales(kOp, args, 3, *in, *out, align_corners));
  const int32_t hi = in->sizes[2], wi = in->sizes[3], ho = out->sizes[2], wo = out->sizes[3];
  // Source position of output index o: its two neighbours and the weight of the second.
  auto source = [align_corners](int32_t o, float scale, int32_t size, int32_t* i0, int32_t* i1, float* lambda) {
    float real = align_corners ? o * scale : scale * (o + 0.5f) - 0.5f;
    if (real < 0.0f) real = 0.0f;
    *i0 = std::min(static_cast<int32_t>(real), size - 1);
    *i1 = *i0 + (*i0 < size - 1 ? 1 : 0);
    *lambda = std::min(std::max(real - *i0, 0.0f), 1.0f);
  };
  for_each_plane(*in, *out, [&](const Planes& p) {
    for (int32_t oy = 0; oy < ho; ++oy) {
      int32_t y0, y1;
      float ly;
      source(oy, s.h, hi, &y0, &y1, &ly);
      for (int32_t ox = 0; ox < wo; ++ox) {
        int32_t x0, x1;
        float lx;
        source(ox, s.w, wi, &x0, &x1, &lx);
        const float top = p.at(y0, x0) * (1.0f - lx) + p.at(y0, x1) * lx;
        const float bottom = p.at(y1, x0) * (1.0f - lx) + p.at(y1, x1) * lx;
        p.out(oy, ox) = top * (1.0f - ly) + bottom * ly;
      }
    }
  });
  return Error::Ok;
}

}  // namespace ember::kernels
