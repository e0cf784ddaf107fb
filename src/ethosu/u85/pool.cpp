// POOL on the U85: MAX and MIN (padding ignored), SUM (Vela's copies, and
// averages whose division OFM_SCALE carries), AVERAGE (unlike the U55's, the
// NPU divides: the sum over the valid positions times TOSA's reciprocal of
// their count, then OFM_SCALE), REDUCE_SUM over the depth, NONE (the IFM passed
// to the output stage; with ACC_INPUT_IFM2 the accumulators are IFM2's
// elements instead: Vela's "null pool" that rescales a 32- or 64-bit tensor,
// per channel when OFM_PRECISION's scale mode is PER_CHANNEL: each channel's
// bias, scale and shift from its scale entry, as a convolution's).
#include "ethosu/sim/kernel_geometry.h"
#include "ethosu/u85/op_context.h"

namespace ember::ethosu::u85 {
namespace {

// TOSA's reciprocal of a window count: multiplier and shift, single rounding.
void reciprocal(int64_t count, uint32_t* multiplier, uint32_t* shift) {
  uint32_t k = 0;
  while ((int64_t{1} << k) < count) ++k;
  *multiplier = static_cast<uint32_t>((((int64_t{1} << 30) + 1) << k) / count);
  *shift = 30 + k;
}

}  // namespace

Error run_pool(OpContext& context, PoolMode mode) {
  const RegisterFile& r = context.regs;
  Input ifm = ifm_input(context);
  ifm.broadcast = 0;  // elementwise state: Vela leaves it as it was
  const Ofm ofm = ofm_output(context);
  const FeatureMap& out = ofm.map;
  const KernelGeometry k = KernelGeometry::of(r);
  const OutputStage stage = OutputStage::of(context, out);
  const Scale scale = Scale::of(r, reg1::OfmScale);
  const uint16_t acc_format = r.get0(reg0::AccFormat);
  const uint32_t acc_input = (acc_format >> 4) & 3;  // 0 reset, 1 keep, 2 IFM2
  Input accumulators = ifm2_input(context);
  accumulators.broadcast = 0;
  const bool known = mode == PoolMode::Max || mode == PoolMode::Min || mode == PoolMode::Sum ||
                     mode == PoolMode::Average || mode == PoolMode::ReduceSum || mode == PoolMode::None;
  const bool accumulators_modelled = acc_input == 0 || (acc_input == 2 && mode == PoolMode::None);
  if (!known || !stage.supported || !ofm.valid || !scale.supported() || k.upscale != 0 || !accumulators_modelled ||
      ((acc_format >> 6) & 1) != 0) {
    return context.fail(Fault::Unsupported);
  }
  const bool per_channel = ((r.get0(reg0::OfmPrecision) >> 8) & 1) == 0;
  const uint8_t* scales = nullptr;
  if (per_channel) {
    const uint32_t scale_length = r.get1(reg1::ScaleLength);
    scales = context.memory.at(r.get0(reg0::ScaleRegion) & 7, address_of(r, reg1::ScaleBase), scale_length);
    if (!scales || scale_length < static_cast<uint32_t>(out.depth) * 10) return context.fail(Fault::BusError);
    context.stats.bytes_read += scale_length;
  }
  const int32_t ifm_height = k.ifm_height(out.height), ifm_width = k.ifm_width(out.width);
  bool fault = false;
  for (int32_t c = 0; c < out.depth; ++c) {
    ChannelScale cs{0, scale.scale, scale.shift};
    if (scales) cs = ChannelScale::of(scales + 10 * c, (acc_format & 3) == 1);
    for (int32_t oy = 0; oy < out.height; ++oy) {
      for (int32_t ox = 0; ox < out.width; ++ox) {
        int64_t acc = 0, count = 0;
        if (acc_input == 2) {
          acc = accumulators.read(context.memory, oy, ox, c, &fault);
          count = 1;
        }
        for (int32_t ky = 0; ky < k.height; ++ky) {
          const int32_t iy = oy * k.stride_y - k.pad_top + ky;
          if (iy < 0 || iy >= ifm_height) continue;
          for (int32_t kx = 0; kx < k.width; ++kx) {
            const int32_t ix = ox * k.stride_x - k.pad_left + kx;
            if (ix < 0 || ix >= ifm_width) continue;
            if (acc_input == 2) break;  // the accumulators are IFM2's
            if (mode == PoolMode::ReduceSum) {
              for (int32_t i = 0; i < ifm.map.depth; ++i) acc += ifm.read(context.memory, iy, ix, i, &fault);
            } else {
              const int64_t v = ifm.read(context.memory, iy, ix, c, &fault);
              if (count == 0 || mode == PoolMode::Sum || mode == PoolMode::Average || mode == PoolMode::None) {
                acc = count == 0 ? v : acc + v;
              } else {
                acc = mode == PoolMode::Max ? (v > acc ? v : acc) : (v < acc ? v : acc);
              }
            }
            ++count;
          }
        }
        acc = add_saturating(acc, cs.bias);
        int64_t scaled;
        if (mode == PoolMode::Average && count > 0) {
          uint32_t m, s;
          reciprocal(count, &m, &s);
          scaled = scale.apply_with(apply_scale(acc, m, s, Rounding::Natural), cs.scale, cs.shift);
        } else {
          scaled = scale.apply_with(acc, cs.scale, cs.shift);
        }
        ofm.write(context.memory, oy, ox, c, stage.finish(scaled, out), &fault);
        if (fault) return context.fail(Fault::BusError);
      }
    }
  }
  context.stats.bytes_written += static_cast<uint64_t>(out.height) * out.width * out.depth * out.element_bytes;
  return Error::Ok;
}

}  // namespace ember::ethosu::u85
