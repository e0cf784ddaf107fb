// POOL: MAX (padding ignored), AVERAGE (OFM_SCALE carries 1/N; with padding the
// sum over valid positions is divided as TOSA does), REDUCE_SUM (over depth).
#include "ethosu/sim/kernel_geometry.h"
#include "ethosu/sim/op_context.h"

namespace ember::ethosu {
namespace {

// TOSA's reciprocal of a window count: multiplier and shift, single rounding.
void reciprocal(int64_t count, uint32_t* multiplier, uint32_t* shift) {
  uint32_t k = 0;
  while ((int64_t{1} << k) < count) ++k;  // bit length of count - 1
  *multiplier = static_cast<uint32_t>((((int64_t{1} << 30) + 1) << k) / count);
  *shift = 30 + k;
}

}  // namespace

Error run_pool(OpContext& context, PoolMode mode) {
  const RegisterFile& r = context.regs;
  const FeatureMap ifm = ifm_of(r);
  const FeatureMap ofm = ofm_of(r);
  const KernelGeometry k = KernelGeometry::of(r);
  const OutputStage stage = OutputStage::of(context, ofm);
  if (!stage.valid()) {
    context.fault = Fault::Unsupported;  // a 16-bit table in a slot it overflows
    return Error::NpuFault;
  }
  const uint32_t scale = r.get1(reg1::OfmScale);
  const uint32_t shift = r.cmd1_param[reg1::OfmScale] & 0x3F;
  const bool padded = k.pad_top || k.pad_left || k.pad_bottom || k.pad_right;
  const int32_t ifm_height = k.ifm_height(ofm.height), ifm_width = k.ifm_width(ofm.width);
  bool fault = false;
  for (int32_t c = 0; c < ofm.depth; ++c) {
    for (int32_t oy = 0; oy < ofm.height; ++oy) {
      for (int32_t ox = 0; ox < ofm.width; ++ox) {
        int64_t acc = 0;
        int64_t count = 0;
        for (int32_t ky = 0; ky < k.height; ++ky) {
          const int32_t iy = oy * k.stride_y - k.pad_top + ky;
          if (iy < 0 || iy >= ifm_height) continue;
          for (int32_t kx = 0; kx < k.width; ++kx) {
            const int32_t ix = ox * k.stride_x - k.pad_left + kx;
            if (ix < 0 || ix >= ifm_width) continue;
            if (mode == PoolMode::ReduceSum) {
              for (int32_t i = 0; i < ifm.depth; ++i) acc += ifm.read(context.memory, iy, ix, i, &fault) - ifm.zero_point;
              ++count;
              continue;
            }
            const int64_t v = ifm.read(context.memory, iy, ix, c, &fault) - ifm.zero_point;
            acc = (mode == PoolMode::Max && count > 0) ? (v > acc ? v : acc) : (mode == PoolMode::Max ? v : acc + v);
            ++count;
          }
        }
        int64_t scaled;
        if (mode == PoolMode::Average && padded && count > 0) {
          uint32_t m, s;
          reciprocal(count, &m, &s);
          scaled = apply_scale(apply_scale(acc, m, s, Rounding::Natural), scale, shift, stage.rounding);
        } else {
          scaled = apply_scale(acc, scale, shift, stage.rounding);
        }
        ofm.write(context.memory, oy, ox, c, stage.finish(scaled, ofm), &fault);
        if (fault) {
          context.fault = Fault::BusError;
          return Error::NpuFault;
        }
      }
    }
  }
  context.stats.bytes_written += static_cast<uint64_t>(ofm.height) * ofm.width * ofm.depth * ofm.element_bytes;
  return Error::Ok;
}

}  // namespace ember::ethosu
