// What Vela 5.1 estimates for one Ethos-U55 operation, written from the facts
// of its model (not its code). In short:
// - The OFM is processed in blocks (OFM_BLK_*), each in micro-blocks of
//   1x2x8 (U55-128) or 2x2x8 (U55-256; 1x4x8 for a 1-high, even-width, 1-row-kernel
//   convolution). MAC cycles per block: per 8x8 sub-kernel, kernel steps x
//   max(32, 4 x micro-blocks in HxW) x micro-blocks in depth (depth-first: one step
//   per kernel element; part-kernel: one per 4 elements, times IFM-block depth / 8;
//   depthwise: one per 4 elements; pooling: max(4, elements) x micro-blocks x
//   bits/2), plus a 2-3 cycle delay per step when a block is one micro-block wide;
//   convolutions repeat per IFM-depth block.
// - Output stage (AO) per element from a table by operation and a fused
//   activation; without one Vela 5.1 charges the LUT figure (1.0 / cycle-element),
//   a default fixed in later versions.
// - Command issue: a quarter of (block mac + AO + |OFM - IFM block latency|).
// - Op cycles: blocks x the slower of MAC and AO per block, plus one of the other,
//   plus the first IFM block's and the last OFM block's memory latency.
//   Elementwise: max(AO, issue limit) over all elements.
// - Memory: bytes each memory moves (IFM re-read per OFM block and sub-kernel,
//   weights and scales re-read per OFM block in HxW, OFM once) scaled up when a
//   transfer's bursts are shorter than the memory's burst length, over its bytes
//   per cycle. Per operation: max(op cycles, each memory's access cycles).
// - Transposes (lowered to 1x1 AVERAGE pools into a permuted OFM): by traffic,
//   or its slower side plus latency, per transpose (RunCycles sums the pieces).
// - DMA: Vela folds it into the operation it feeds, less the slack of the one
//   before; here it is its own record, max(read, write) of a memory-to-memory
//   copy, less what the kernel operation before it hides (RunCycles); a LUT
//   load only when Vela charges it (a stand-alone activation's).
#include "ethosu/sim/cycle_model.h"

#include <cmath>

#include "ethosu/sim/cycle_terms.h"
#include "ethosu/sim/feature_map.h"
#include "ethosu/sim/kernel_geometry.h"

namespace ember::ethosu {
namespace {

using namespace cycles;


enum class Kind { Conv, Depthwise, Pool, ReduceSum, Elementwise };

// Output-stage cycles per element by operation class, and by fused activation
// (LUT/sigmoid/tanh, ReLU family, other clamp), for U55-128 and U55-256.
struct OutputStageTable {
  double output[8];  // 32-bit unary, 32-bit binary, MUL to 32-bit, MUL or 40-bit acc, simple ADD, ADD/SUB, MAX pool, other
  double activation[3];
};
constexpr OutputStageTable kOutput128{{0.75, 1.25, 0.75, 0.75, 1.0, 1.5, 0.25, 0.5}, {1.0, 0.5, 0.0}};
constexpr OutputStageTable kOutput256{{0.625, 1.125, 0.5, 0.375, 0.5, 0.75, 0.125, 0.25}, {1.0, 0.25, 0.0}};

struct Access {
  const MemoryPort* port;
  uint32_t memory;
};

// Everything the model needs of one operation, decoded once from the registers.
struct OpShape {
  Kind kind = Kind::Conv;
  uint16_t mode = 0;
  Shape ifm, ifm2, ofm;
  bool has_ifm2 = false;
  int32_t ifm_bits = 8, ifm2_bits = 8, ofm_bits = 8;
  Layout ifm_layout = Layout::Nhwc, ifm2_layout = Layout::Nhwc, ofm_layout = Layout::Nhwc;
  Shape ofm_block, ifm_block;  // as configured (not clipped to the feature maps)
  int32_t kernel_w = 1, kernel_h = 1;
  bool part_kernel = false, acc40 = false;
  uint32_t weight_bytes = 0, scale_bytes = 0;
  Access ifm_mem{}, ifm2_mem{}, ofm_mem{}, weight_mem{}, scale_mem{};
  double ao_per_element = 0;
  bool stand_alone_activation = false;  // a 1x1 AVERAGE pool
};

Access access_of(const MemorySystem& memory, uint32_t region) {
  const uint32_t m = memory.region_memory[region & 7] % MemorySystem::kMemories;
  return {&memory.memories[m], m};
}

int32_t bits_of(const FeatureMap& fm) { return static_cast<int32_t>(fm.element_bytes * 8); }

// Latency of fetching the first IFM block (both inputs for elementwise).
int64_t first_ifm_block_cycles(const OpShape& s) {
  auto one = [&](const Shape& fm, Layout layout, const Access& mem) {
    const int64_t bytes = min_of(fm, s.ifm_block).elements() * s.ifm_bits / 8;
    return mem.port->read_latency + transfer_cycles(transfer_bytes(true, *mem.port, layout, s.ifm_bits, s.ifm_block,
                                                                   fm, bytes), *mem.port);
  };
  int64_t cycles = one(s.ifm, s.ifm_layout, s.ifm_mem);
  if (s.has_ifm2) cycles = max64(cycles, one(s.ifm2, s.ifm2_layout, s.ifm2_mem));
  return cycles;
}

// Latency of writing the last OFM block.
int64_t last_ofm_block_cycles(const OpShape& s) {
  const int64_t bytes = min_of(s.ofm, s.ofm_block).elements() * s.ofm_bits / 8;
  return s.ofm_mem.port->write_latency +
         transfer_cycles(transfer_bytes(false, *s.ofm_mem.port, s.ofm_layout, s.ofm_bits, s.ofm_block, s.ofm, bytes),
                         *s.ofm_mem.port);
}

// The micro-block the block search rounds IFM blocks to.
Shape arch_micro_block(uint32_t macs) { return macs >= 256 ? Shape{2, 2, 8} : Shape{1, 2, 8}; }

// The micro-block the MAC array steps through.
Shape micro_block(const OpShape& s, uint32_t macs) {
  if (macs >= 256) {
    // U55-256 processes a 1-high, even-width OFM of a 1-row convolution as 1x4.
    if (s.kind == Kind::Conv && s.ofm.h == 1 && s.ofm.w % 2 == 0 && s.kernel_h == 1) return {1, 4, 8};
  }
  return arch_micro_block(macs);
}

// MAC-array cycles of one OFM block (all sub-kernels and IFM-depth blocks).
int64_t mac_cycles_per_block(const OpShape& s, uint32_t macs) {
  const Shape ifm_block = min_of(s.ifm, s.ifm_block);
  const Shape ofm_block = min_of(s.ofm, s.ofm_block);
  const Shape ublock = micro_block(s, macs);
  const Shape ublocks = div_up(ofm_block, ublock);
  const int64_t weight_bound = 32 * ublock.c / 8;  // weights into the MAC array per micro-block
  const int64_t ifm_depth_steps = div_up(ifm_block.c, 8);
  const bool part_kernel = s.kind == Kind::Conv && s.part_kernel;
  int64_t cycles = 0;
  for (int32_t x = 0; x < s.kernel_w; x += 8) {
    for (int32_t y = 0; y < s.kernel_h; y += 8) {
      const int64_t elements = min64(s.kernel_h - y, 8) * min64(s.kernel_w - x, 8);
      int64_t steps = 0, block = 0;
      switch (s.kind) {
        case Kind::Pool:
          steps = 1;
          block = max64(4, elements) * ublocks.elements() * (s.ifm_bits / 2);
          break;
        case Kind::Depthwise:
          steps = div_up(elements, 4);
          block = max64(weight_bound, 4 * ublocks.elements_wh() * (s.ifm_bits / 8)) * steps * ublocks.c;
          break;
        default:
          if (part_kernel) {
            steps = div_up(elements, s.ifm_bits == 16 ? 2 : 4);
            block = max64(weight_bound, 4 * ublocks.elements_wh()) * steps * ublocks.c * ifm_depth_steps;
          } else {  // depth-first convolution, fully connected, reduce-sum
            steps = elements;
            block = max64(weight_bound, 4 * ublocks.elements_wh()) * steps * ublocks.c;
          }
      }
      // Pipeline delay when a block is a single micro-block wide and high.
      const int64_t delay = (s.acc40 && macs <= 128) ? 3 : 2;
      int64_t delay_cycles = 0;
      if (ublocks.elements_wh() == 1) {
        if (ublocks.c == 1) delay_cycles = delay * steps;
        else if (steps > 1) delay_cycles = delay * (steps - 1) * ublocks.c;
      }
      if (part_kernel) delay_cycles *= ifm_depth_steps;
      cycles += block + delay_cycles;
    }
  }
  if (s.kind == Kind::Conv || s.kind == Kind::ReduceSum) cycles *= div_up(s.ifm.c, ifm_block.c);
  return cycles;
}

int64_t mac_op_cycles(const OpShape& s, uint32_t macs) {
  const Shape ofm_block = min_of(s.ofm, s.ofm_block);
  const Shape ublock = micro_block(s, macs);
  const double blocks = static_cast<double>(div_up(s.ofm, ublock).elements()) /
                        static_cast<double>(div_up(ofm_block, ublock).elements());
  const double ao_compute = std::ceil(s.ao_per_element * static_cast<double>(ofm_block.elements()));
  double bias = 0;  // the scale stream: 10 bytes per OFM channel of the block
  if ((s.kind == Kind::Conv || s.kind == Kind::Depthwise) && s.scale_bytes > 0)
    bias = 10.0 * static_cast<double>(ofm_block.c) * s.scale_mem.port->read_latency / 256;
  const double ao = ao_compute > bias ? ao_compute : bias;
  const double mac = static_cast<double>(mac_cycles_per_block(s, macs));
  return kernel_op_cycles(mac, ao, blocks, first_ifm_block_cycles(s), last_ofm_block_cycles(s));
}

int64_t elementwise_cycles(const OpShape& s) {
  Shape ofm = s.ofm;
  if (s.ofm_layout == Layout::Nhcwb16) ofm.c = round_up(ofm.c, 16);
  const double elements = static_cast<double>(ofm.elements());
  const double block_latency = static_cast<double>(max64(last_ofm_block_cycles(s), first_ifm_block_cycles(s)));
  return elementwise_op_cycles(s.ao_per_element, elements, block_latency, static_cast<double>(s.ofm_block.elements()));
}

// Bytes per memory and the busiest memory's access cycles.
int64_t memory_cycles(const OpShape& s) {
  int64_t bytes[MemorySystem::kMemories] = {};
  const MemoryPort* ports[MemorySystem::kMemories] = {};
  auto add = [&](const Access& a, int64_t n) {
    bytes[a.memory] += n;
    ports[a.memory] = a.port;
  };
  const Shape nhcwb16{1, 1, 16};
  auto stored = [&](Shape fm, Layout layout) {
    if (layout == Layout::Nhcwb16) fm.c = round_up(fm.c, nhcwb16.c);
    return fm;
  };
  if (s.kind == Kind::Elementwise) {
    const int64_t ifm_elements = stored(s.ofm, s.ifm_layout).elements();
    add(s.ifm_mem, transfer_bytes(true, *s.ifm_mem.port, s.ifm_layout, s.ifm_bits, s.ifm_block, s.ifm, ifm_elements));
    if (s.has_ifm2) {
      int64_t ifm2_elements = 0;
      if (s.ifm2.elements() > 1) ifm2_elements = ifm_elements;
      else if (s.ifm2_bits > 8) ifm2_elements = stored(s.ifm2, s.ifm_layout).elements();
      add(s.ifm2_mem,
          transfer_bytes(true, *s.ifm2_mem.port, s.ifm2_layout, s.ifm_bits, s.ifm_block, s.ifm2, ifm2_elements));
    }
  } else {
    const Shape ifm_block = min_of(s.ifm, s.ifm_block);
    const Shape ofm_block = min_of(s.ofm, s.ofm_block);
    Shape ofm_blocks = div_up(s.ofm, ofm_block);
    if (s.kind == Kind::Depthwise || s.kind == Kind::Pool) ofm_blocks.c = 1;
    const int64_t sub_kernels = div_up(s.kernel_w, 8) * div_up(s.kernel_h, 8);
    const int64_t ifm_fetch = ifm_block.elements_wh() * stored(s.ifm, s.ifm_layout).c;
    add(s.ifm_mem, transfer_bytes(true, *s.ifm_mem.port, s.ifm_layout, s.ifm_bits, s.ifm_block, s.ifm,
                                  ifm_fetch * sub_kernels * ofm_blocks.elements()));
    if (s.weight_bytes > 0) {  // re-read for every OFM block in HxW
      add(s.weight_mem, ofm_blocks.elements_wh() * s.weight_bytes);
      add(s.scale_mem, ofm_blocks.elements_wh() * s.scale_bytes);
    }
  }
  add(s.ofm_mem, transfer_bytes(false, *s.ofm_mem.port, s.ofm_layout, s.ofm_bits, s.ofm_block, s.ofm,
                                stored(s.ofm, s.ofm_layout).elements()));
  int64_t busiest = 0;
  for (uint32_t m = 0; m < MemorySystem::kMemories; ++m)
    if (ports[m]) busiest = max64(busiest, transfer_cycles(bytes[m], *ports[m]));
  return busiest;
}

// The output-stage class of an operation (Vela's table index).
int output_class(const OpShape& s) {
  const auto mode = static_cast<ElementwiseMode>(s.mode);
  const bool elementwise = s.kind == Kind::Elementwise;
  const bool mul = elementwise && mode == ElementwiseMode::Mul;
  if (elementwise && s.ifm_bits == 32) return s.has_ifm2 ? 1 : 0;
  if (mul && s.ofm_bits == 32) return 2;
  if (mul || (!elementwise && s.acc40)) return 3;
  if (elementwise && (mode == ElementwiseMode::Add || mode == ElementwiseMode::Sub)) return 5;  // Vela: always "advanced"
  if (s.kind == Kind::Pool && static_cast<PoolMode>(s.mode) == PoolMode::Max) return 6;
  return 7;
}

// The fused activation's class: 0 LUT (also Vela 5.1's charge for none), 1 ReLU
// family, 2 other. A clamp narrower than the OFM type is what a fused ReLU or
// clamp leaves in the registers; a full-range clamp is no activation.
int activation_class(const RegisterFile& r, const FeatureMap& ofm) {
  const uint32_t function = r.get0(reg0::Activation) & 0x1F;
  if (function == 3 || function == 4 || function >= 16) return 0;
  if (ofm.element_bytes > 2) return 0;
  const int64_t lo = ofm.is_signed ? r.get0_signed(reg0::ActivationMin) : r.get0(reg0::ActivationMin);
  const int64_t hi = ofm.is_signed ? r.get0_signed(reg0::ActivationMax) : r.get0(reg0::ActivationMax);
  return (lo > ofm.min_value() || hi < ofm.max_value()) ? 1 : 0;
}

OpShape decode(const RegisterFile& r, Operation op, uint16_t mode, uint32_t macs, const MemorySystem& memory) {
  OpShape s;
  s.mode = mode;
  switch (op) {
    case Operation::Depthwise: s.kind = Kind::Depthwise; break;
    case Operation::Pool: s.kind = static_cast<PoolMode>(mode) == PoolMode::ReduceSum ? Kind::ReduceSum : Kind::Pool; break;
    case Operation::Elementwise: s.kind = Kind::Elementwise; break;
    default: s.kind = Kind::Conv;
  }
  const FeatureMap ifm = ifm_of(r), ofm = ofm_of(r);
  s.ofm = {ofm.height, ofm.width, ofm.depth};
  s.ofm_bits = bits_of(ofm);
  s.ofm_layout = ofm.layout;
  s.ifm_bits = bits_of(ifm);
  s.ifm_layout = ifm.layout;
  s.ifm_mem = access_of(memory, ifm.region);
  s.ofm_mem = access_of(memory, ofm.region);
  s.ofm_block = {r.get0(reg0::OfmBlkHeightM1) + 1, r.get0(reg0::OfmBlkWidthM1) + 1, r.get0(reg0::OfmBlkDepthM1) + 1};
  s.acc40 = (r.get0(reg0::AccFormat) & 3) == 1;
  const Shape ublock = arch_micro_block(macs);

  if (s.kind == Kind::Elementwise) {
    // No kernel: the IFM is the OFM's shape; IFM2 may broadcast in H, W, C or be a scalar.
    s.ifm = s.ofm;
    const FeatureMap ifm2 = ifm2_of(r);
    const uint16_t broadcast = r.get0(reg0::Ifm2Broadcast);
    const auto binary = static_cast<ElementwiseMode>(mode);
    s.has_ifm2 = !(binary == ElementwiseMode::Abs || binary == ElementwiseMode::Clz || binary == ElementwiseMode::LRelu);
    s.ifm2 = (broadcast & 0x80) ? Shape{1, 1, 1}
                                : Shape{(broadcast & 1) ? 1 : s.ofm.h, (broadcast & 2) ? 1 : s.ofm.w,
                                        (broadcast & 4) ? 1 : s.ofm.c};
    s.ifm2_bits = bits_of(ifm2);
    s.ifm2_layout = ifm2.layout;
    s.ifm2_mem = access_of(memory, ifm2.region);
    s.ifm_block = {round_up(s.ofm_block.h, ublock.h), round_up(s.ofm_block.w, ublock.w), s.ofm_block.c};
  } else {
    const KernelGeometry k = KernelGeometry::of(r);
    s.kernel_w = k.width;
    s.kernel_h = k.height;
    s.part_kernel = k.part_kernel_first;
    const int32_t upscale = k.upscale == 0 ? 1 : 2, rounding = k.upscale == 1 ? 1 : 0;
    s.ifm = {max64(1, div_up(k.ifm_height(ofm.height), upscale)), max64(1, div_up(k.ifm_width(ofm.width), upscale)),
             ifm.depth};
    s.ifm_block = {round_up(required_input(s.ofm_block.h, k.stride_y, k.extent_y(), upscale, rounding), ublock.h),
                   round_up(required_input(s.ofm_block.w, k.stride_x, k.extent_x(), upscale, rounding), ublock.w),
                   s.ofm_block.c};
    // Convolutions and reduce-sum take IFM depth in blocks of their own.
    if (s.kind == Kind::Conv || s.kind == Kind::ReduceSum) {
      s.ifm_block.c = s.ifm_bits == 16 ? round_up(min64(s.ifm.c, 16), 4)
                                       : round_up(min64(s.ifm.c, s.part_kernel ? 16 : 32), 8);
    }
    if (s.kind == Kind::Conv || s.kind == Kind::Depthwise) {
      s.weight_bytes = r.get1(reg1::WeightLength);
      s.scale_bytes = r.get1(reg1::ScaleLength);
      s.weight_mem = access_of(memory, r.get0(reg0::WeightRegion));
      s.scale_mem = access_of(memory, r.get0(reg0::ScaleRegion));
    }
  }
  const OutputStageTable& table = macs >= 256 ? kOutput256 : kOutput128;
  // A 1x1 AVERAGE pool is how Vela runs a stand-alone activation (or a copy): the
  // activation is then the operation itself, with nothing fused.
  s.stand_alone_activation = s.kind == Kind::Pool && static_cast<PoolMode>(mode) == PoolMode::Average &&
                             s.kernel_w == 1 && s.kernel_h == 1;
  const int fused = s.stand_alone_activation ? 0 : activation_class(r, ofm);
  const double output = table.output[output_class(s)], activation = table.activation[fused];
  s.ao_per_element = output > activation ? output : activation;
  return s;
}

// Vela lowers a transpose to 1x1 AVERAGE pools writing an NHWC OFM whose axes
// are permuted: a row step shorter than a row of columns (never so in a plain or
// concatenated NHWC tensor, whose row holds at least the OFM's width of columns;
// a 1-high piece shows it too, Vela giving its row step the permuted value).
bool is_permuting_copy(const RegisterFile& r, const OpShape& s) {
  if (s.kind != Kind::Pool || static_cast<PoolMode>(s.mode) != PoolMode::Average) return false;
  if (s.kernel_w != 1 || s.kernel_h != 1 || s.ofm_layout != Layout::Nhwc || s.ofm.elements_wh() < 2) return false;
  return r.get1_signed(reg1::OfmStrideY) < s.ofm.w * r.get1_signed(reg1::OfmStrideX);
}

// The bytes an NHWC feature map of this shape spans (strides of any order, one tile).
ByteRange bytes_of(const FeatureMap& fm, const Shape& shape) {
  const int64_t end = (shape.h - 1) * fm.stride_y + (shape.w - 1) * fm.stride_x + shape.c * fm.element_bytes;
  return {fm.region, fm.base[0], fm.base[0] + end};
}

// Vela costs a whole transpose by its traffic alone (block latencies once); each
// piece here is its share of that traffic. Vela's block depth for a transpose is
// its input's innermost extent rounded up to 8; reads are full bursts when that
// extent fills the block (else block-deep bursts), writes when the output's
// innermost extent fills a block of at most 16 (else min(16, block)-deep bursts).
// A piece that keeps channels (depth > 1: H and W swapped) has the depth as both
// innermost extents (2 and 4 deep 8-bit pieces are wider elements); a 1-deep piece shows them as its contiguous runs, the IFM
// along x, the OFM along y or x. Pieces run back to back: no latency.
void permuting_copy_cycles(const RegisterFile& r, const OpShape& s, CycleEstimate* e) {
  // Vela moves 16- and 32-bit tensors as 2- or 4-deep 8-bit pixels: one element each.
  const bool wide = s.ofm_bits == 8 && (s.ofm.c == 2 || s.ofm.c == 4);
  const int64_t element = wide ? s.ofm.c : s.ofm_bits / 8;
  const int64_t depth = wide ? 1 : s.ofm.c;
  int64_t in_run = depth, out_run = depth;
  if (depth == 1) {
    in_run = r.get1_signed(reg1::IfmStrideX) == element ? s.ifm.w : 1;
    out_run = (s.ofm.h > 1 && r.get1_signed(reg1::OfmStrideY) == element) ? s.ofm.h
              : r.get1_signed(reg1::OfmStrideX) == element                 ? s.ofm.w
                                                                           : 1;
  }
  const int64_t block = round_up(in_run, 8);
  const MemoryPort& in = *s.ifm_mem.port;
  const MemoryPort& out = *s.ofm_mem.port;
  const int64_t read_burst = in_run == block ? in.burst_bytes : min64(in.burst_bytes, block * element);
  const int64_t write_burst =
      (block <= 16 && out_run == block) ? out.burst_bytes : min64(out.burst_bytes, min64(16, block) * element);
  const int64_t elements = s.ofm.elements_wh() * depth;  // Vela counts elements as bytes, whatever their size
  const int64_t read = elements * in.burst_bytes / read_burst, written = elements * out.burst_bytes / write_burst;
  e->memory_cycles = static_cast<uint64_t>(s.ifm_mem.memory == s.ofm_mem.memory
                                               ? transfer_cycles(read + written, in)
                                               : max64(transfer_cycles(read, in), transfer_cycles(written, out)));
  TransposePiece& piece = e->transpose;
  piece.is_piece = true;
  piece.read_cycles = static_cast<double>(read) / in.bytes_per_cycle;
  piece.write_cycles = static_cast<double>(written) / out.bytes_per_cycle;
  piece.read_latency = in.read_latency;
  piece.write_latency = out.write_latency;
  piece.one_memory = s.ifm_mem.memory == s.ofm_mem.memory;
  piece.reads = bytes_of(ifm_of(r), s.ofm);  // a 1x1 pool: the IFM has the OFM's shape
  piece.writes = bytes_of(ofm_of(r), s.ofm);
}

// A DMA: the slower of reading the source and writing the destination.
int64_t dma_cycles(const RegisterFile& r, const MemorySystem& memory) {
  const int64_t bytes = r.get1(reg1::DmaLen);
  const uint16_t src = r.get0(reg0::DmaSrcRegion), dst = r.get0(reg0::DmaDstRegion);
  const Access from = access_of(memory, src & 7);
  const bool into_shram = (dst >> 8) & 1;
  const MemoryPort& to = into_shram ? memory.memories[memory.lut_memory % MemorySystem::kMemories]
                                    : *access_of(memory, dst & 7).port;
  // Vela charges the write side with the source's write latency.
  return max64(transfer_cycles(bytes, *from.port) + from.port->read_latency,
               transfer_cycles(bytes, to) + from.port->write_latency);
}

}  // namespace

MemorySystem two_area_memory(const MemoryPort& arena, const MemoryPort& constants, bool same_memory) {
  MemorySystem m;
  m.memories[0] = arena;
  m.memories[1] = constants;
  m.memories[2] = {1, 0, 0, 1, 1, 1000, 1000};  // SHRAM / the U85's LUT RAM as Vela's models have them (LUT destination)
  m.region_memory[0] = same_memory ? 0 : 1;
  return m;
}

namespace {
constexpr MemoryPort kE8Sram{kAxiBytesPerCycle, 32, 32, 32, 1, 8, 8};  // e8.ini Sram_* (the U55's one port)
}  // namespace

MemorySystem e8_sram_only() { return two_area_memory(kE8Sram, kE8Sram, true); }

MemorySystem e8_shared_sram(double mram_clock_scale) {
  return two_area_memory(kE8Sram, {mram_clock_scale * kAxiBytesPerCycle, 64, 0, 128, 1, 2, 1}, false);
}

CycleEstimate estimate_operation(const RegisterFile& regs, Operation op, uint16_t mode, uint32_t macs_per_cycle,
                                 const MemorySystem& memory) {
  CycleEstimate e;
  if (op == Operation::DmaStart) {
    e.npu_cycles = static_cast<uint64_t>(dma_cycles(regs, memory));
    e.cycles = e.npu_cycles;
    e.lut_load = (regs.get0(reg0::DmaDstRegion) >> 8) & 1;
    return e;
  }
  const OpShape s = decode(regs, op, mode, macs_per_cycle, memory);
  e.stand_alone_activation = s.stand_alone_activation;
  if (is_permuting_copy(regs, s)) {
    permuting_copy_cycles(regs, s, &e);
  } else {
    e.npu_cycles = static_cast<uint64_t>(s.kind == Kind::Elementwise ? elementwise_cycles(s)
                                                                     : mac_op_cycles(s, macs_per_cycle));
    e.memory_cycles = static_cast<uint64_t>(memory_cycles(s));
  }
  e.cycles = e.npu_cycles > e.memory_cycles ? e.npu_cycles : e.memory_cycles;
  return e;
}

uint64_t RunCycles::add(const CycleEstimate& operation, bool is_dma) {
  if (is_dma) {
    const uint64_t hidden = operation.cycles < kernel_cycles_left_ ? operation.cycles : kernel_cycles_left_;
    kernel_cycles_left_ -= hidden;
    if (!operation.lut_load) return operation.cycles - hidden;
    pending_lut_[operation.lut_slot < 0 ? 8 : operation.lut_slot & 7] += operation.cycles - hidden;
    return 0;
  }
  uint64_t cycles = operation.cycles;
  if (operation.stand_alone_activation) cycles += pending_lut_[operation.lut_slot < 0 ? 8 : operation.lut_slot & 7];
  for (uint64_t& pending : pending_lut_) pending = 0;
  if (operation.transpose.is_piece) cycles = add_transpose_piece(operation.transpose);
  in_transpose_ = operation.transpose.is_piece;
  // What a following DMA may hide under: Vela's slack, the operation's own cycles
  // without its memory access (a transpose's: its slower side with latency, whole).
  if (!operation.transpose.is_piece) kernel_cycles_left_ = operation.npu_cycles;
  return cycles;
}

uint64_t RunCycles::add_transpose_piece(const TransposePiece& piece) {
  const ByteRange& w = piece.writes;
  if (!in_transpose_ || piece.reads.overlaps(transpose_written_)) {
    transpose_written_ = w;
    transpose_read_ = transpose_write_ = 0;
    transpose_charged_ = 0;
  } else if (w.region == transpose_written_.region) {
    transpose_written_.first = w.first < transpose_written_.first ? w.first : transpose_written_.first;
    transpose_written_.end = w.end > transpose_written_.end ? w.end : transpose_written_.end;
  }
  transpose_read_ += piece.read_cycles;
  transpose_write_ += piece.write_cycles;
  const double traffic = piece.one_memory ? transpose_read_ + transpose_write_
                                          : (transpose_read_ > transpose_write_ ? transpose_read_ : transpose_write_);
  const double read_side = transpose_read_ + piece.read_latency, write_side = transpose_write_ + piece.write_latency;
  double total = read_side > write_side ? read_side : write_side;
  kernel_cycles_left_ = static_cast<uint64_t>(total);
  if (traffic > total) total = traffic;
  const uint64_t charged = static_cast<uint64_t>(total);
  const uint64_t added = charged > transpose_charged_ ? charged - transpose_charged_ : 0;
  transpose_charged_ = charged > transpose_charged_ ? charged : transpose_charged_;
  return added;
}

}  // namespace ember::ethosu
