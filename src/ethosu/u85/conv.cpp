// CONV and DEPTHWISE on the U85: weights decoded one OFM block at a time in
// the U85's order (weight_order.h) by the U55's decoder (the same codec) or
// the fast-format one (WEIGHT_FORMAT_FWD), the
// bias, scale and shift of each channel from the U85's 10-byte scale entries;
// or, with CONV.weights_ifm2, the weights read from IFM2 (a matmul of two
// activations, one global scale).
#include "ethosu/sim/kernel_geometry.h"
#include "ethosu/sim/weight_decoder.h"
#include "ethosu/u85/fast_weight_decoder.h"
#include "ethosu/u85/op_context.h"
#include "ethosu/u85/weight_order.h"

namespace ember::ethosu::u85 {
namespace {

size_t weight_index(const WeightOrder& w, int32_t o, int32_t y, int32_t x, int32_t i) {
  return ((static_cast<size_t>(o) * w.kernel_height + y) * w.kernel_width + x) * w.ifm_depth + i;
}

}  // namespace

Error run_conv(OpContext& context, bool depthwise, bool weights_from_ifm2) {
  const RegisterFile& r = context.regs;
  Input ifm = ifm_input(context);
  Input ifm2 = ifm2_input(context);
  ifm.broadcast = ifm2.broadcast = 0;  // elementwise state: Vela leaves it as it was
  const Ofm ofm = ofm_output(context);
  const FeatureMap& out = ofm.map;
  const KernelGeometry k = KernelGeometry::of(r);
  const OutputStage stage = OutputStage::of(context, out);
  const Scale ofm_scale = Scale::of(r, reg1::OfmScale);
  const uint16_t acc_format = r.get0(reg0::AccFormat);
  const bool acc48 = (acc_format & 3) == 1;
  // Accumulators kept between operations or taken from IFM2, and chained
  // feature maps, are not modelled: a named fault, never a wrong result.
  if (!stage.supported || !ofm.valid || !ofm_scale.supported() || ((acc_format >> 4) & 3) != 0 ||
      ((acc_format >> 6) & 1) != 0 || k.upscale != 0) {
    return context.fail(Fault::Unsupported);
  }
  const bool per_channel = ((r.get0(reg0::OfmPrecision) >> 8) & 1) == 0;
  const int32_t ifm_depth = ifm.map.depth;
  WeightOrder order;
  if (weights_from_ifm2) {
    order.ifm_depth = ifm_depth;
    order.kernel_width = k.width;
    order.kernel_height = k.height;
  } else if (!WeightOrder::of(r, depthwise, context.macs, ifm_depth, static_cast<int32_t>(8 * ifm.map.element_bytes),
                              &order)) {
    return context.fail(Fault::Unsupported);
  }
  const uint32_t scale_length = r.get1(reg1::ScaleLength);
  const uint8_t* scales = nullptr;
  if (!weights_from_ifm2 || per_channel) {
    scales = context.memory.at(r.get0(reg0::ScaleRegion) & 7, address_of(r, reg1::ScaleBase), scale_length);
    if (!scales || scale_length < static_cast<uint32_t>(out.depth) * 10) return context.fail(Fault::BusError);
  }
  const uint32_t weight_length = r.get1(reg1::WeightLength);
  const uint8_t* stream = nullptr;
  if (!weights_from_ifm2) {
    stream = context.memory.at(r.get0(reg0::WeightRegion) & 7, address_of(r, reg1::WeightBase), weight_length);
    if (!stream) return context.fail(Fault::BusError);
  }
  const int32_t ofm_block_depth = weights_from_ifm2 ? out.depth : order.ofm_block_depth;
  const size_t block_weights = weight_index(order, ofm_block_depth, 0, 0, 0);
  if (!weights_from_ifm2) context.stats.weight_scratch = block_weights;
  if (!weights_from_ifm2 && block_weights > context.weight_scratch.size) return context.fail(Fault::ScratchTooSmall);
  int16_t* weights = context.weight_scratch.data;
  const Span<const uint8_t> weight_stream(stream, stream ? weight_length : 0);
  const bool fast = (r.get0(reg0::WeightFormat) & 1) != 0;
  WeightDecoder decoder(weight_stream);
  FastWeightDecoder fast_decoder(weight_stream);
  auto next_weight = [&](int16_t* w) { return fast ? fast_decoder.next(w) : decoder.next(w); };
  const int32_t ifm_height = k.ifm_height(out.height), ifm_width = k.ifm_width(out.width);
  bool fault = false;
  int32_t block_index = 0;
  for (int32_t ofm_block = 0; ofm_block < out.depth; ofm_block += ofm_block_depth, ++block_index) {
    const int32_t block_size = ofm_block_depth < out.depth - ofm_block ? ofm_block_depth : out.depth - ofm_block;
    if (!weights_from_ifm2) {
      for (size_t i = 0; i < block_weights; ++i) weights[i] = 0;
      const bool decoded = order.walk_ofm_block(block_index, block_size, [&](int32_t o, int32_t y, int32_t x, int32_t i) {
        int16_t w;
        if (!next_weight(&w)) return false;
        if (o >= 0) weights[weight_index(order, o, y, x, i)] = w;
        return true;
      });
      if (!decoded) return context.fail(Fault::WeightStream);
    }
    for (int32_t o = ofm_block; o < ofm_block + block_size; ++o) {
      ChannelScale cs;
      if (scales) cs = ChannelScale::of(scales + 10 * o, acc48);
      if (!per_channel) {
        cs.scale = ofm_scale.scale;
        cs.shift = ofm_scale.shift;
      }
      for (int32_t oy = 0; oy < out.height; ++oy) {
        for (int32_t ox = 0; ox < out.width; ++ox) {
          int64_t acc = cs.bias;
          for (int32_t ky = 0; ky < k.height; ++ky) {
            const int32_t iy = oy * k.stride_y - k.pad_top + ky * k.dilation_y;
            if (iy < 0 || iy >= ifm_height) continue;
            for (int32_t kx = 0; kx < k.width; ++kx) {
              const int32_t ix = ox * k.stride_x - k.pad_left + kx * k.dilation_x;
              if (ix < 0 || ix >= ifm_width) continue;
              if (depthwise) {
                acc += ifm.read(context.memory, iy, ix, o, &fault) * weights[weight_index(order, o - ofm_block, ky, kx, 0)];
              } else if (weights_from_ifm2) {
                // IFM2 holds the weights as [1, OFM channel, IFM channel] (a matmul's second operand, transposed).
                for (int32_t i = 0; i < ifm_depth; ++i)
                  acc = add_saturating(acc, mul_saturating(ifm.read(context.memory, iy, ix, i, &fault),
                                                           ifm2.read(context.memory, 0, o, i, &fault)));
              } else {
                const int16_t* w = &weights[weight_index(order, o - ofm_block, ky, kx, 0)];
                for (int32_t i = 0; i < ifm_depth; ++i) acc += ifm.read(context.memory, iy, ix, i, &fault) * w[i];
              }
            }
          }
          ofm.write(context.memory, oy, ox, o, stage.finish(ofm_scale.apply_with(acc, cs.scale, cs.shift), out), &fault);
          if (fault) return context.fail(Fault::BusError);
        }
      }
    }
  }
  if (!weights_from_ifm2) {
    int16_t extra;
    const bool exact = fast ? fast_decoder.at_padding(weight_length) : !decoder.next(&extra) && !decoder.failed();
    if (!exact) return context.fail(Fault::WeightStream);  // the stream holds exactly the expected weights
  }
  context.stats.macs += static_cast<uint64_t>(out.height) * out.width * out.depth * k.width * k.height *
                        (depthwise ? 1 : ifm_depth);
  context.stats.bytes_read += (stream ? weight_length : 0) + (scales ? scale_length : 0);
  context.stats.bytes_written += static_cast<uint64_t>(out.height) * out.width * out.depth * out.element_bytes;
  return Error::Ok;
}

}  // namespace ember::ethosu::u85
