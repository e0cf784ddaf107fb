// RESIZE on the U85 (ethos_u85_register_cs_generator.cpp GenerateResizeOp):
// TOSA's RESIZE with scale n / d and offset per axis. n is RESIZE_*_SCALE_N_M1
// + 1, d comes back from the step register (one_step_int * n + one_step_mod),
// the IFM extent is KERNEL_*_M1 + 1 (indices are clamped to it). The NPU keeps
// 16 fraction bits: OFM_SCALE's shift is 16 more than the graph's, so the
// value it scales is TOSA's result times 2^16 (NEAREST: the input element;
// BILINEAR: the four neighbours weighted by (n - d) and d per axis).
#include "ethosu/u85/op_context.h"

namespace ember::ethosu::u85 {
namespace {

struct Axis {
  int32_t n = 1, d = 1, offset = 0, extent = 1;

  static Axis of(const RegisterFile& r, uint16_t scale_n_m1, uint16_t step, uint16_t offset, uint16_t kernel_m1) {
    Axis a;
    a.n = (r.get0(scale_n_m1) & 0x7FF) + 1;
    a.d = static_cast<int32_t>(r.cmd1_param[step] & 0xF) * a.n + static_cast<int32_t>(r.get1(step) & 0x7FF);
    a.offset = static_cast<int32_t>(static_cast<uint32_t>(r.get0(offset)) << 20) >> 20;  // signed 12 bits
    a.extent = r.get0(kernel_m1) + 1;
    return a;
  }
  // The input index at or below output position `o` and the fraction past it (0 .. n-1).
  void locate(int32_t o, int32_t* index, int32_t* fraction) const {
    const int32_t scaled = o * d + offset;
    const int32_t i = scaled >= 0 ? scaled / n : -((-scaled + n - 1) / n);  // floor
    *index = i;
    *fraction = scaled - i * n;
  }
  int32_t clamp(int32_t i) const { return i < 0 ? 0 : (i >= extent ? extent - 1 : i); }
};

}  // namespace

Error run_resize(OpContext& context, uint16_t mode) {
  const RegisterFile& r = context.regs;
  Input ifm = ifm_input(context);
  ifm.broadcast = 0;  // elementwise state: Vela leaves it as it was
  const Ofm ofm = ofm_output(context);
  const FeatureMap& out = ofm.map;
  const OutputStage stage = OutputStage::of(context, out);
  const Scale scale = Scale::of(r, reg1::OfmScale);
  enum : uint16_t { Bilinear = 0, Replicate = 1, Nearest = 2 };
  if (mode > Nearest || !stage.supported || !ofm.valid || !scale.supported()) return context.fail(Fault::Unsupported);
  const Axis ax = Axis::of(r, reg0::ResizeXScaleNM1, reg1::ResizeXStep, reg0::ResizeXOffset, reg0::KernelWidthM1);
  const Axis ay = Axis::of(r, reg0::ResizeYScaleNM1, reg1::ResizeYStep, reg0::ResizeYOffset, reg0::KernelHeightM1);
  bool fault = false;
  for (int32_t oy = 0; oy < out.height; ++oy) {
    int32_t iy, dy;
    ay.locate(oy, &iy, &dy);
    for (int32_t ox = 0; ox < out.width; ++ox) {
      int32_t ix, dx;
      ax.locate(ox, &ix, &dx);
      for (int32_t c = 0; c < out.depth; ++c) {
        int64_t value;
        if (mode == Bilinear) {
          const int64_t v00 = ifm.read(context.memory, ay.clamp(iy), ax.clamp(ix), c, &fault);
          const int64_t v01 = ifm.read(context.memory, ay.clamp(iy), ax.clamp(ix + 1), c, &fault);
          const int64_t v10 = ifm.read(context.memory, ay.clamp(iy + 1), ax.clamp(ix), c, &fault);
          const int64_t v11 = ifm.read(context.memory, ay.clamp(iy + 1), ax.clamp(ix + 1), c, &fault);
          value = (v00 * (ay.n - dy) * (ax.n - dx) + v01 * (ay.n - dy) * dx + v10 * dy * (ax.n - dx) + v11 * dy * dx);
        } else {
          // NEAREST rounds half up (TOSA: 2 * fraction >= n); REPLICATE takes the element at or below.
          const int32_t y = mode == Nearest && 2 * dy >= ay.n ? iy + 1 : iy;
          const int32_t x = mode == Nearest && 2 * dx >= ax.n ? ix + 1 : ix;
          value = ifm.read(context.memory, ay.clamp(y), ax.clamp(x), c, &fault);
        }
        ofm.write(context.memory, oy, ox, c, stage.finish(scale.apply(mul_saturating(value, 65536)), out), &fault);
        if (fault) return context.fail(Fault::BusError);
      }
    }
  }
  context.stats.bytes_written += static_cast<uint64_t>(out.height) * out.width * out.depth * out.element_bytes;
  return Error::Ok;
}

}  // namespace ember::ethosu::u85
