// CONV and DEPTHWISE: decode the weight stream into [ofm][ky][kx][ifm] following
// the U55 weight order, then accumulate bias + sum((ifm - zp) * w) per output.
#include "ethosu/sim/kernel_geometry.h"
#include "ethosu/sim/op_context.h"
#include "ethosu/sim/weight_decoder.h"

namespace ember::ethosu {
namespace {

constexpr int32_t kIfmMicroblock = 8;
constexpr int32_t kOfmMicroblock = 8;  // U55-64 and up (U55-32: 4)
constexpr int32_t kDecomposition = 8;  // kernels split into 8x8 sub-kernels

int32_t round_up(int32_t v, int32_t m) { return (v + m - 1) / m * m; }

struct WeightShape {
  int32_t ifm_depth, height, width;  // ifm_depth 1 for depthwise
  size_t index(int32_t o, int32_t y, int32_t x, int32_t i) const {
    return ((static_cast<size_t>(o) * height + y) * width + x) * ifm_depth + i;
  }
};

// Walks the weight order of one OFM block (outermost first: IFM block, sub-kernel,
// [part-kernel: IFM micro-block], OFM micro-block, kernel element,
// [depth-first: IFM micro-block], OFM z, IFM z) and stores each decoded weight at
// its channel's offset from the block's first; out-of-range positions are padding
// the stream must still contain. Blocks follow each other in the stream, so a
// convolution needs scratch for one block's weights, not the whole tensor's.
bool decode_ofm_block(WeightDecoder& decoder, const WeightShape& shape, const KernelGeometry& k, bool depthwise,
                      int32_t ifm_channels, int32_t ifm_bits, int32_t ofm_block_size, int16_t* weights) {
  const bool part_kernel = k.part_kernel_first && !depthwise;
  const int32_t ifm_block_depth = (part_kernel || ifm_bits == 16) ? 16 : 32;
  const int32_t decomp_w = kDecomposition / k.dilation_x, decomp_h = kDecomposition / k.dilation_y;
  for (int32_t ifm_block = 0; ifm_block < (depthwise ? 1 : ifm_channels); ifm_block += ifm_block_depth) {
    // Depth-first streams always hold whole IFM blocks: a 16-deep IFM still
    // carries 32 weights per OFM channel, the last 16 zero.
    int32_t ifm_block_size = ifm_block_depth;
    if (depthwise) ifm_block_size = kIfmMicroblock;
    else if (part_kernel) ifm_block_size = ifm_block_depth < ifm_channels - ifm_block ? ifm_block_depth : ifm_channels - ifm_block;
    for (int32_t sub_y = 0; sub_y < shape.height; sub_y += decomp_h) {
      const int32_t sub_h = decomp_h < shape.height - sub_y ? decomp_h : shape.height - sub_y;
      for (int32_t sub_x = 0; sub_x < shape.width; sub_x += decomp_w) {
        const int32_t sub_w = decomp_w < shape.width - sub_x ? decomp_w : shape.width - sub_x;
        int32_t elements = sub_w * sub_h;
        if (part_kernel) elements = round_up(elements, ifm_bits == 16 ? 2 : 4);
        else if (depthwise) elements = round_up(elements, 4);
        const int32_t outer = part_kernel ? ifm_block_size : 1;
        const int32_t inner = part_kernel ? 1 : ifm_block_size;
        for (int32_t ifm_outer = 0; ifm_outer < outer; ifm_outer += kIfmMicroblock) {
          for (int32_t ofm_ublock = 0; ofm_ublock < ofm_block_size; ofm_ublock += kOfmMicroblock) {
            for (int32_t e = 0; e < elements; ++e) {
              const int32_t kx = e % sub_w, ky = e / sub_w;
              for (int32_t ifm_inner = 0; ifm_inner < inner; ifm_inner += kIfmMicroblock) {
                for (int32_t oz = 0; oz < kOfmMicroblock; ++oz) {
                  for (int32_t iz = 0; iz < (depthwise ? 1 : kIfmMicroblock); ++iz) {
                    int16_t w;
                    if (!decoder.next(&w)) return false;
                    const int32_t i = depthwise ? 0 : ifm_block + ifm_outer + ifm_inner + iz;
                    const int32_t o = ofm_ublock + oz;
                    if (i < shape.ifm_depth && o < ofm_block_size && ky < sub_h) {
                      weights[shape.index(o, sub_y + ky, sub_x + kx, i)] = w;
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }
  return true;
}

struct ChannelScale {
  int64_t bias;
  uint32_t scale;
  uint32_t shift;
};

}  // namespace

Error run_conv(OpContext& context, bool depthwise) {
  const RegisterFile& r = context.regs;
  const FeatureMap ifm = ifm_of(r);
  const FeatureMap ofm = ofm_of(r);
  const KernelGeometry k = KernelGeometry::of(r);
  const OutputStage stage = OutputStage::of(context, ofm);
  if (!stage.valid()) {
    context.fault = Fault::Unsupported;  // a 16-bit table in a slot it overflows
    return Error::NpuFault;
  }
  const WeightShape shape{depthwise ? 1 : ifm.depth, k.height, k.width};
  const int32_t ofm_block_depth = r.get0(reg0::OfmBlkDepthM1) + 1;
  const size_t block_weight_count = shape.index(ofm_block_depth, 0, 0, 0);
  context.stats.weight_scratch = block_weight_count;
  if (block_weight_count > context.weight_scratch.size) {
    context.fault = Fault::ScratchTooSmall;
    return Error::NpuFault;
  }
  const uint8_t* stream = context.memory.at(r.get0(reg0::WeightRegion) & 7, r.get1(reg1::WeightBase), r.get1(reg1::WeightLength));
  const uint32_t scale_length = r.get1(reg1::ScaleLength);
  const uint8_t* scales = context.memory.at(r.get0(reg0::ScaleRegion) & 7, r.get1(reg1::ScaleBase), scale_length);
  if (!stream || !scales || scale_length < static_cast<uint32_t>(ofm.depth) * 10) {
    context.fault = Fault::BusError;
    return Error::NpuFault;
  }
  int16_t* weights = context.weight_scratch.data;
  WeightDecoder decoder(Span<const uint8_t>(stream, r.get1(reg1::WeightLength)));
  const bool per_channel = ((r.get0(reg0::OfmPrecision) >> 8) & 1) == 0;
  const uint32_t global_scale = r.get1(reg1::OfmScale);
  const uint32_t global_shift = r.cmd1_param[reg1::OfmScale] & 0x3F;
  const int32_t ifm_height = k.ifm_height(ofm.height), ifm_width = k.ifm_width(ofm.width);
  bool fault = false;
  for (int32_t ofm_block = 0; ofm_block < ofm.depth; ofm_block += ofm_block_depth) {
    const int32_t ofm_block_size = ofm_block_depth < ofm.depth - ofm_block ? ofm_block_depth : ofm.depth - ofm_block;
    for (size_t i = 0; i < block_weight_count; ++i) weights[i] = 0;
    if (!decode_ofm_block(decoder, shape, k, depthwise, ifm.depth, static_cast<int32_t>(8 * ifm.element_bytes), ofm_block_size,
                          weights)) {
      context.fault = Fault::WeightStream;
      return Error::NpuFault;
    }
    for (int32_t o = ofm_block; o < ofm_block + ofm_block_size; ++o) {
      const uint8_t* s = scales + 10 * o;
      ChannelScale cs;
      uint64_t bias_bits = 0;
      for (int b = 0; b < 5; ++b) bias_bits |= static_cast<uint64_t>(s[b]) << (8 * b);
      cs.bias = static_cast<int64_t>(bias_bits << 24) >> 24;  // sign-extend 40 bits
      cs.scale = per_channel ? (s[5] | s[6] << 8 | s[7] << 16 | static_cast<uint32_t>(s[8]) << 24) : global_scale;
      cs.shift = per_channel ? (s[9] & 0x3F) : global_shift;
      for (int32_t oy = 0; oy < ofm.height; ++oy) {
        for (int32_t ox = 0; ox < ofm.width; ++ox) {
          int64_t acc = cs.bias;
          for (int32_t ky = 0; ky < k.height; ++ky) {
            const int32_t iy = oy * k.stride_y - k.pad_top + ky * k.dilation_y;
            if (iy < 0 || iy >= ifm_height) continue;
            for (int32_t kx = 0; kx < k.width; ++kx) {
              const int32_t ix = ox * k.stride_x - k.pad_left + kx * k.dilation_x;
              if (ix < 0 || ix >= ifm_width) continue;
              int32_t ry = iy, rx = ix;
              if (k.upscale) {
                if (k.upscale == 2 && ((iy | ix) & 1)) continue;  // zero-inserted positions
                ry = iy / 2;
                rx = ix / 2;
              }
              if (depthwise) {
                acc += (ifm.read(context.memory, ry, rx, o, &fault) - ifm.zero_point) * weights[shape.index(o - ofm_block, ky, kx, 0)];
              } else if (ifm.element_bytes == 1 && ifm.is_signed) {
                // The common case, read directly once the pixel is known to be in bounds.
                const int16_t* w = &weights[shape.index(o - ofm_block, ky, kx, 0)];
                const uint8_t* pixel = ifm.pixel(context.memory, ry, rx, &fault);
                if (!pixel) break;
                int64_t sum = 0;
                if (ifm.layout == Layout::Nhwc) {
                  const auto* v = reinterpret_cast<const int8_t*>(pixel);
                  for (int32_t i = 0; i < ifm.depth; ++i) sum += (v[i] - ifm.zero_point) * w[i];
                } else {
                  for (int32_t i = 0; i < ifm.depth; ++i) {
                    sum += (static_cast<int8_t>(pixel[ifm.channel_offset(i)]) - ifm.zero_point) * w[i];
                  }
                }
                acc += sum;
              } else {
                const int16_t* w = &weights[shape.index(o - ofm_block, ky, kx, 0)];
                for (int32_t i = 0; i < ifm.depth; ++i) acc += (ifm.read(context.memory, ry, rx, i, &fault) - ifm.zero_point) * w[i];
              }
            }
          }
          ofm.write(context.memory, oy, ox, o, stage.finish(apply_scale(acc, cs.scale, cs.shift, stage.rounding), ofm), &fault);
          if (fault) {
            context.fault = Fault::BusError;
            return Error::NpuFault;
          }
        }
      }
    }
  }
  int16_t extra;
  if (decoder.next(&extra) || decoder.failed()) {  // the stream must hold exactly the expected weights
    context.fault = Fault::WeightStream;
    return Error::NpuFault;
  }
  context.stats.macs += static_cast<uint64_t>(ofm.height) * ofm.width * ofm.depth * k.width * k.height * shape.ifm_depth;
  context.stats.bytes_read += r.get1(reg1::WeightLength) + scale_length;
  context.stats.bytes_written += static_cast<uint64_t>(ofm.height) * ofm.width * ofm.depth * ofm.element_bytes;
  return Error::Ok;
}

}  // namespace ember::ethosu
