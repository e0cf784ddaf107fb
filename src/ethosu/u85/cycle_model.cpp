// What Vela 5.1 estimates for one Ethos-U85 operation, written from the facts
// of its model (not its code). Where it differs from the U55's (ethosu/sim/
// cycle_model.cpp; the shared terms are ethosu/sim/cycle_terms.h):
// - The micro-block is the one ACC_FORMAT names; the IFM block is what the OFM
//   block needs, rounded to the IFM allocation unit of that micro-block, and
//   as deep as the traversal reads (64, 32 for a 16-deep micro-block or 32-bit
//   inputs, 16 part-kernel-first; depthwise and pooling: the OFM block's depth).
// - Depth-first convolutions step per kernel element over IFM-block-depth / 8
//   micro-blocks of 8-bit words (x bits/8); sparse weights halve the MAC cycles.
// - Output stage per element from a table by OFM precision (and 32-bit binary
//   elementwise, chained results); an H<->W transpose or a W reverse halves
//   its throughput; a division costs 33 per element.
// - The OFM is the stored one: after OFM_PRECISION's transpose.
// - Memory: each memory's busiest channel (IFM, IFM stream, weights, fast
//   weights, scales, writes, memory-to-memory), a channel limited by the
//   transactions in flight (outstanding reads or writes x ports x 0.8, or its
//   read buffers) over the latency, or the memory's bandwidth for all bytes.
// - Resize has no compute estimate (Vela 5.1: "TODO"), only its traffic; a
//   DMA is a memory-to-memory copy (less what the kernel before it hides); a
//   LUT load is charged to a table lookup of its own only (RunCycles).
// - A chained result (ACTIVATION_STORAGE_CHAINED) costs no memory on either side.
#include "ethosu/u85/cycle_model.h"

#include <cmath>

#include "ethosu/sim/cycle_terms.h"
#include "ethosu/sim/kernel_geometry.h"
#include "ethosu/u85/registers.h"
#include "ethosu/u85/weight_order.h"

namespace ember::ethosu::u85 {
namespace {

using namespace cycles;

enum class Kind { Conv, Depthwise, VectorProduct, Pool, ReduceSum, Elementwise, Resize };

// Per configuration (ethos_u85.cpp s_EthosU85Configs, s_EthosU85PerfInfo):
// read buffers per read channel, output-stage cycles per element by class,
// activation (transpose/reverse) cycles per element.
struct Config {
  uint32_t macs;
  int32_t cores;
  int32_t read_buffers[6];  // Mem2Mem, IfmStream, Weight, FastWeight, Ifm, Scale
  double output[6];  // 8-bit, 16-bit, 32-bit OFM, 64-bit OFM, 32-bit to a chain / binary 32->narrower, 32->32 binary
  double activation[2];  // plain, H<->W transpose or W reverse
};
constexpr Config kConfigs[] = {
    {128, 1, {64, 64, 128, 128, 104, 16}, {0.5, 0.5, 0.5, 1.0, 1.0, 1.0}, {0.5, 1.0}},
    {256, 1, {104, 104, 128, 128, 128, 16}, {0.25, 0.25, 0.25, 0.5, 0.5, 0.5}, {0.25, 0.5}},
    {512, 2, {128, 128, 256, 256, 128, 16}, {0.125, 0.125, 0.25, 0.5, 0.25, 0.25}, {0.125, 0.25}},
    {1024, 4, {256, 256, 416, 208, 256, 16}, {0.0625, 0.125, 0.25, 0.5, 0.125, 0.25}, {0.0625, 0.125}},
    {2048, 4, {256, 256, 512, 256, 256, 16}, {0.03125, 0.0625, 0.125, 0.25, 0.0625, 0.125}, {0.03125, 0.0625}},
};

const Config& config_of(uint32_t macs) {
  for (const Config& c : kConfigs)
    if (c.macs == macs) return c;
  return kConfigs[1];
}

// A channel's bytes per cycle: the memory's bandwidth, or the bursts its
// transactions in flight deliver per latency, whichever is less.
float channel_bandwidth(const MemoryPort& m, Channel channel, const Config& config) {
  const int32_t burst_words = m.burst_bytes / 16 > 1 ? m.burst_bytes / 16 : 1;
  const bool write = channel == Channel::Write;
  const int32_t latency = write ? m.write_latency : m.read_latency;
  const float bandwidth = static_cast<float>(m.bytes_per_cycle);
  if (latency <= 0) return bandwidth;
  const float in_flight = static_cast<float>((write ? m.max_writes : m.max_reads) * m.ports_used * 0.8);
  float transactions = in_flight;
  if (!write) {
    const float buffers = static_cast<float>(config.read_buffers[static_cast<int>(channel) - 1]) / burst_words;
    if (buffers < transactions) transactions = buffers;
  }
  const float limit = static_cast<float>(m.burst_bytes * transactions / latency * 0.8);
  return limit < bandwidth ? limit : bandwidth;
}

Access access_of(const MemorySystem& memory, uint32_t region) {
  const uint32_t m = memory.region_memory[region & 7] % MemorySystem::kMemories;
  return {&memory.memories[m], m};
}

struct Map {
  Shape shape;
  int32_t bits = 8;
  Layout layout = Layout::Nhwc;
  Access memory;
  bool chained = false;
  bool scalar = false;
};

// Everything the model needs of one operation, decoded once.
struct OpShape {
  Kind kind = Kind::Conv;
  Map ifm, ifm2, ofm;
  bool has_ifm2 = false;
  Shape ofm_block, ifm_block, ublock;
  int32_t kernel_w = 1, kernel_h = 1;
  bool part_kernel = false, acc48 = false, sparse = false, fast_weights = false;
  uint32_t weight_bytes = 0, scale_bytes = 0;
  Access weight_mem, scale_mem;
  double ao_per_element = 0;
};

// The IFM allocation unit (ArchEthosU85::CalcIfmAUSize and its table by
// micro-block): H x W by how many bits of depth a block holds, its depth in elements.
Shape ifm_alloc_unit(int64_t depth, int32_t bits, const Shape& ublock, uint32_t macs) {
  const int64_t depth_bits = depth * bits;
  const int unit = depth_bits > 256 ? 2 : depth_bits > 128 ? 1 : 0;
  const bool one_by_four = ublock.h == 1 && ublock.w == 4;
  Shape units[3];
  if (macs <= 128) {
    units[0] = {1, 2, 1}, units[1] = {1, 1, 2}, units[2] = {1, 1, 2};
  } else if (macs <= 512) {
    units[0] = one_by_four ? Shape{1, 4, 1} : Shape{2, 2, 1}, units[1] = {1, 2, 2}, units[2] = {1, 1, 4};
  } else if (macs <= 1024) {
    units[0] = {2, 4, 1}, units[1] = one_by_four ? Shape{1, 4, 2} : Shape{2, 2, 2}, units[2] = {1, 2, 4};
  } else {
    units[0] = {4, 4, 1}, units[1] = {2, 4, 2}, units[2] = one_by_four ? Shape{1, 4, 4} : Shape{2, 2, 4};
  }
  Shape au = units[unit];
  au.c = au.c * 128 / bits;
  return au;
}

Shape stored(const Map& m) {
  Shape s = m.shape;
  if (m.layout == Layout::Nhcwb16) s.c = round_up(s.c, 16);
  return s;
}

bool binary_elementwise(ElementwiseMode mode) {
  return !(mode == ElementwiseMode::LRelu || mode == ElementwiseMode::Abs || mode == ElementwiseMode::Clz ||
           mode == ElementwiseMode::Not);
}

double output_per_element(const OpShape& s, uint16_t mode, const Config& config) {
  const bool elementwise = s.kind == Kind::Elementwise;
  if (elementwise && static_cast<ElementwiseMode>(mode) == ElementwiseMode::Div) return 33.0;
  const int32_t in = s.ifm.bits, out = s.ofm.bits;
  int index = 0;
  if (s.ofm.chained && (out == 32 || in == 32)) index = 4;
  else if (out == 64) index = 3;
  else if (elementwise && s.has_ifm2 && in == 32) index = out == 32 ? 5 : 4;
  else if (out == 32) index = 2;
  else if (out == 16) index = 1;
  return config.output[index];
}

Map input_map(const Input& in, const Shape& shape, const MemorySystem& memory) {
  Map m;
  m.shape = shape;
  if (in.is_scalar()) m.shape = {1, 1, 1};
  if (in.broadcast & 1) m.shape.h = 1;
  if (in.broadcast & 2) m.shape.w = 1;
  if (in.broadcast & 4) m.shape.c = 1;
  m.scalar = in.is_scalar();
  m.bits = static_cast<int32_t>(in.map.element_bytes * 8);
  m.layout = in.map.layout;
  m.memory = access_of(memory, in.map.region);
  m.chained = in.chain != nullptr;
  return m;
}

OpShape decode(OpContext& context, Operation op, uint16_t param, const MemorySystem& memory) {
  const RegisterFile& r = context.regs;
  const uint32_t macs = context.macs;
  OpShape s;
  switch (op) {
    case Operation::Depthwise: s.kind = Kind::Depthwise; break;
    case Operation::Pool:
      s.kind = static_cast<PoolMode>(param) == PoolMode::ReduceSum ? Kind::ReduceSum : Kind::Pool;
      break;
    case Operation::Elementwise: s.kind = Kind::Elementwise; break;
    case Operation::Resize: s.kind = Kind::Resize; break;
    default: s.kind = (param & 1) ? Kind::VectorProduct : Kind::Conv;
  }
  const Input ifm = ifm_input(context), ifm2 = ifm2_input(context);
  const Ofm ofm = ofm_output(context);
  s.ofm.shape = {ofm.out_height, ofm.out_width, ofm.out_depth};
  s.ofm.bits = static_cast<int32_t>(ofm.map.element_bytes * 8);
  s.ofm.layout = ofm.map.layout;
  s.ofm.chained = ofm.chain != nullptr;
  // A chained result's region is a placeholder; Vela costs its last block as
  // written to the tensor arena's on-chip SRAM (memory 0).
  s.ofm.memory = s.ofm.chained ? Access{&memory.memories[0], 0} : access_of(memory, ofm.map.region);
  const Shape operation{ofm.map.height, ofm.map.width, ofm.map.depth};  // before the transpose

  const uint16_t acc_format = r.get0(reg0::AccFormat);
  s.acc48 = (acc_format & 3) == 1;
  constexpr int32_t kMicroBlockHW[6][2] = {{1, 1}, {1, 2}, {1, 4}, {2, 2}, {2, 4}, {4, 4}};
  const uint32_t microblock = (acc_format >> 8) & 7;
  const int32_t ublock_depth = ublock_depth_of(macs, microblock);
  s.ublock = microblock < 6 ? Shape{kMicroBlockHW[microblock][0], kMicroBlockHW[microblock][1], ublock_depth}
                            : Shape{2, 2, 8};
  if (s.ublock.c == 0) s.ublock.c = 8;
  s.ofm_block = {r.get0(reg0::OfmBlkHeightM1) + 1, r.get0(reg0::OfmBlkWidthM1) + 1, r.get0(reg0::OfmBlkDepthM1) + 1};
  const uint16_t weight_format = r.get0(reg0::WeightFormat);
  s.fast_weights = (weight_format & 1) != 0;

  if (s.kind == Kind::Elementwise) {
    const auto mode = static_cast<ElementwiseMode>(param);
    s.ifm = input_map(ifm, operation, memory);
    s.has_ifm2 = binary_elementwise(mode);
    if (s.has_ifm2) s.ifm2 = input_map(ifm2, operation, memory);
    s.ifm_block = s.ofm_block;
  } else {
    const KernelGeometry k = KernelGeometry::of(r);
    const int32_t upscale = k.upscale == 0 ? 1 : 2, rounding = k.upscale == 1 ? 1 : 0;
    Shape ifm_shape{max64(1, div_up(k.ifm_height(operation.h), upscale)),
                    max64(1, div_up(k.ifm_width(operation.w), upscale)), ifm.map.depth};
    if (s.kind == Kind::Resize) {
      ifm_shape = {ifm.map.height0, ifm.map.width0, ifm.map.depth};
    } else {
      s.kernel_w = k.width;
      s.kernel_h = k.height;
    }
    // A rescale of 32/64-bit values runs as a NONE pool taking its input as
    // accumulators from IFM2 (its IFM a placeholder): Vela costs that input.
    const bool accumulators_in = s.kind == Kind::Pool && static_cast<PoolMode>(param) == PoolMode::None &&
                                 ((acc_format >> 4) & 3) == 2;
    s.ifm = input_map(accumulators_in ? ifm2 : ifm, ifm_shape, memory);
    s.ifm.shape = ifm_shape;  // a kernel operation's IFM does not broadcast
    s.ifm.scalar = false;
    if (s.kind == Kind::VectorProduct) {
      s.has_ifm2 = true;
      s.ifm2 = input_map(ifm2, ifm_shape, memory);
    }
    s.sparse = s.kind == Kind::Conv && ((weight_format >> 4) & 1) != 0;
    s.part_kernel = s.kind == Kind::Conv && k.part_kernel_first;
    // The IFM block depth the traversal reads (ArchEthosU85::FindBlockConfig).
    int64_t depth = 0;
    if (s.kind == Kind::Conv || s.kind == Kind::VectorProduct || s.kind == Kind::ReduceSum) {
      if (s.part_kernel) depth = 16;
      else if (s.ifm.bits == 32 || (macs <= 256 && s.ublock.c == 16 && !s.sparse)) depth = 32;
      else if (s.sparse && s.ifm.bits == 8) depth = 128;
      else depth = 64;
    }
    const Shape au = ifm_alloc_unit(depth ? depth : s.ofm_block.c, s.ifm.bits, s.ublock, macs);
    s.ifm_block = {round_up(required_input(s.ofm_block.h, k.stride_y, k.extent_y(), upscale, rounding), au.h),
                   round_up(required_input(s.ofm_block.w, k.stride_x, k.extent_x(), upscale, rounding), au.w),
                   round_up(depth ? depth : s.ofm_block.c, au.c)};
    if (s.kind == Kind::Conv || s.kind == Kind::Depthwise) {
      s.weight_bytes = r.get1(reg1::WeightLength);
      s.scale_bytes = r.get1(reg1::ScaleLength);
      s.weight_mem = access_of(memory, r.get0(reg0::WeightRegion));
      s.scale_mem = access_of(memory, r.get0(reg0::ScaleRegion));
    }
  }
  const Config& config = config_of(macs);
  const uint8_t t = ofm.transpose;
  const bool half_rate = t == 1 || t == 3 || t == 7 || ofm.reverse == 2;  // H<->W transposes, W reverse
  const double output = output_per_element(s, param, config), activation = config.activation[half_rate ? 1 : 0];
  // A plain pass (no operation of its own: a transpose or copy) costs only the activation rate.
  s.ao_per_element = output > activation ? output : activation;
  return s;
}

// The first IFM block's latency (each input's) and the last OFM block's.
int64_t first_ifm_block_cycles(const OpShape& s) {
  auto one = [&](const Map& fm) {
    const int64_t bytes = min_of(fm.shape, s.ifm_block).elements() * s.ifm.bits / 8;
    const MemoryPort& port = *fm.memory.port;
    return port.read_latency +
           transfer_cycles(transfer_bytes(true, port, fm.layout, s.ifm.bits, s.ifm_block, fm.shape, bytes), port);
  };
  int64_t cycles = one(s.ifm);
  if (s.has_ifm2) cycles = max64(cycles, one(s.ifm2));
  return cycles;
}

int64_t last_ofm_block_cycles(const OpShape& s) {
  const int64_t bytes = min_of(s.ofm.shape, s.ofm_block).elements() * s.ofm.bits / 8;
  const MemoryPort& port = *s.ofm.memory.port;
  return port.write_latency +
         transfer_cycles(transfer_bytes(false, port, s.ofm.layout, s.ofm.bits, s.ofm_block, s.ofm.shape, bytes), port);
}

int64_t mac_cycles_per_block(const OpShape& s, const Config& config) {
  const Shape ifm_block = min_of(s.ifm.shape, s.ifm_block);
  const Shape ofm_block = min_of(s.ofm.shape, s.ofm_block);
  const Shape ublocks = div_up(ofm_block, s.ublock);
  const int64_t weight_bound = 32 * s.ublock.c / (8 * config.cores);  // ideal weight decode per micro-block
  const int32_t bits = s.ifm.bits;
  const int32_t limit = s.kind == Kind::VectorProduct ? 1 : 8;  // sub-kernel size
  int64_t cycles = 0;
  for (int32_t x = 0; x < s.kernel_w; x += limit) {
    for (int32_t y = 0; y < s.kernel_h; y += limit) {
      const int64_t elements = min64(s.kernel_h - y, limit) * min64(s.kernel_w - x, limit);
      int64_t steps = 0, block = 0;
      if (s.kind == Kind::Pool) {
        steps = 1;
        block = max64(4, elements) * ublocks.elements() * (bits / 2);
      } else if (s.kind == Kind::Depthwise) {
        steps = div_up(elements, 4);
        block = max64(weight_bound, 4 * ublocks.elements_wh() * (bits / 8)) * steps * ublocks.c;
      } else if (!s.part_kernel) {  // depth-first convolution, matmul, fully connected, reduce-sum
        steps = elements;
        block = max64(weight_bound, ifm_block.c / 8 * ublocks.elements_wh()) * steps * ublocks.c * (bits / 8);
        if (s.sparse) block /= 2;
      } else {
        steps = div_up(elements, bits == 16 ? 2 : 4);
        block = max64(weight_bound, 4 * ublocks.elements_wh()) * steps * ublocks.c * div_up(ifm_block.c, 8);
        if (s.sparse) block /= 2;
      }
      // Pipeline delay when a block is a single micro-block wide and high.
      const int64_t delay = (s.acc48 && config.macs <= 128) ? 3 : 2;
      int64_t delay_cycles = 0;
      if (ublocks.elements_wh() == 1) {
        if (ublocks.c == 1) delay_cycles = delay * steps;
        else if (steps > 1) delay_cycles = delay * (steps - 1) * ublocks.c;
      }
      if (s.part_kernel) delay_cycles *= div_up(ifm_block.c, 8);
      cycles += block + delay_cycles;
    }
  }
  if (s.kind == Kind::Conv || s.kind == Kind::VectorProduct || s.kind == Kind::ReduceSum)
    cycles *= div_up(s.ifm.shape.c, ifm_block.c);
  return cycles;
}

ComputeTerms compute_terms(const OpShape& s, const Config& config) {
  ComputeTerms t;
  t.ifm_latency = first_ifm_block_cycles(s);
  t.ofm_latency = last_ofm_block_cycles(s);
  if (s.kind == Kind::Resize) {
    t.none = true;
  } else if (s.kind == Kind::Elementwise) {
    t.elementwise = true;
    t.elements = static_cast<double>(stored(s.ofm).elements());
    t.block_elements = static_cast<double>(s.ofm_block.elements());
  } else {
    const Shape ofm_block = min_of(s.ofm.shape, s.ofm_block);
    t.blocks = static_cast<double>(div_up(s.ofm.shape, s.ublock).elements()) /
               static_cast<double>(div_up(ofm_block, s.ublock).elements());
    t.block_elements = static_cast<double>(ofm_block.elements());
    // Reading the scale stream: 10 bytes per OFM channel of the block.
    if ((s.kind == Kind::Conv || s.kind == Kind::Depthwise) && s.scale_bytes > 0)
      t.bias = 10.0 * static_cast<double>(ofm_block.c) * s.scale_mem.port->read_latency / 256;
    t.mac = static_cast<double>(mac_cycles_per_block(s, config));
  }
  return t;
}

// What the operation moves through each memory and channel.
Traffic traffic_of(const OpShape& s) {
  Traffic traffic;
  auto read = [&](const Map& fm, Channel channel, int64_t elements) {
    if (fm.chained || elements == 0) return;
    traffic.add(fm.memory, channel, Traffic::kFeatureMaps,
                transfer_bytes(true, *fm.memory.port, fm.layout, fm.bits, s.ifm_block, fm.shape, elements));
  };
  if (s.kind == Kind::Elementwise) {
    bool scalar_encoded = false;  // one scalar input rides in the command stream
    const Map* inputs[2] = {&s.ifm, s.has_ifm2 ? &s.ifm2 : nullptr};
    for (const Map* fm : inputs) {
      if (!fm) continue;
      // Vela rounds both inputs' element counts by the first input's layout.
      Map rounded = *fm;
      rounded.layout = s.ifm.layout;
      if (fm->shape.elements() > 1 || scalar_encoded) read(*fm, Channel::IfmStream, stored(rounded).elements());
      else scalar_encoded = true;
    }
  } else if (s.kind == Kind::Resize) {
    read(s.ifm, Channel::IfmStream, stored(s.ifm).elements());
  } else {
    const Shape ofm_block = min_of(s.ofm.shape, s.ofm_block);
    Shape ofm_blocks = div_up(s.ofm.shape, ofm_block);
    if (s.kind == Kind::Depthwise || s.kind == Kind::Pool) ofm_blocks.c = 1;
    const int32_t limit = s.kind == Kind::VectorProduct ? 1 : 8;
    const int64_t sub_kernels = div_up(s.kernel_w, limit) * div_up(s.kernel_h, limit);
    const int64_t fetch = min_of(s.ifm.shape, s.ifm_block).elements_wh() * stored(s.ifm).c;
    read(s.ifm, Channel::Ifm, fetch * sub_kernels * ofm_blocks.elements());
    if (s.weight_bytes > 0) {  // re-read for every OFM block in HxW
      traffic.add(s.weight_mem, s.fast_weights ? Channel::FastWeight : Channel::Weight, Traffic::kWeights,
                  ofm_blocks.elements_wh() * s.weight_bytes);
      traffic.add(s.scale_mem, Channel::Scale, Traffic::kScales, ofm_blocks.elements_wh() * s.scale_bytes);
    }
  }
  if (!s.ofm.chained) {
    traffic.add(s.ofm.memory, Channel::Write, Traffic::kFeatureMaps,
                transfer_bytes(false, *s.ofm.memory.port, s.ofm.layout, s.ofm.bits, s.ofm_block, s.ofm.shape,
                               stored(s.ofm).elements()));
  }
  return traffic;
}

// A DMA: the slower of reading the source and writing the destination, each
// through its channel, with its latency.
int64_t dma_cycles(const RegisterFile& r, const MemorySystem& memory, const Config& config) {
  const auto bytes = static_cast<float>(r.get1(reg1::DmaLen));
  const uint16_t src = r.get0(reg0::DmaSrcRegion), dst = r.get0(reg0::DmaDstRegion);
  const MemoryPort& from = *access_of(memory, src & 7).port;
  const bool into_lut = (dst >> 8) & 1;
  const MemoryPort& to = into_lut ? memory.memories[memory.lut_memory % MemorySystem::kMemories]
                                  : *access_of(memory, dst & 7).port;
  const int64_t read = static_cast<int64_t>(bytes / channel_bandwidth(from, Channel::Mem2Mem, config)) + from.read_latency;
  const int64_t write = static_cast<int64_t>(bytes / channel_bandwidth(to, Channel::Write, config)) + to.write_latency;
  return max64(read, write);
}

}  // namespace

int64_t Traffic::busiest(uint32_t macs) const {
  const Config& config = config_of(macs);
  int64_t busiest = 0;
  for (uint32_t m = 0; m < MemorySystem::kMemories; ++m) {
    if (!ports_[m]) continue;
    int64_t total = 0, slowest_channel = 0;
    for (int c = 1; c < kChannels; ++c) {
      const float bandwidth = channel_bandwidth(*ports_[m], static_cast<Channel>(c), config);
      int64_t channel = 0;
      for (int g = 0; g < kGroups; ++g) {
        channel += static_cast<int64_t>(static_cast<float>(bytes_[m][c][g]) / bandwidth);
        total += bytes_[m][c][g];
      }
      slowest_channel = max64(slowest_channel, channel);
    }
    const auto all = static_cast<int64_t>(static_cast<float>(total) / static_cast<float>(ports_[m]->bytes_per_cycle));
    busiest = max64(busiest, max64(all, slowest_channel));
  }
  return busiest;
}

void Traffic::add(const Access& a, Channel channel, Group group, int64_t bytes) {
  bytes_[a.memory][static_cast<int>(channel)][group] += bytes;
  ports_[a.memory] = a.port;
}

void Traffic::add(const Traffic& other) {
  for (uint32_t m = 0; m < MemorySystem::kMemories; ++m) {
    if (!other.ports_[m]) continue;
    ports_[m] = other.ports_[m];
    for (int c = 0; c < kChannels; ++c)
      for (int g = 0; g < kGroups; ++g) bytes_[m][c][g] += other.bytes_[m][c][g];
  }
}

int64_t ComputeTerms::cycles(double ao_per_element) const {
  if (none) return 0;
  if (elementwise) {
    const double block_latency = static_cast<double>(max64(ofm_latency, ifm_latency));
    return elementwise_op_cycles(ao_per_element, elements, block_latency, block_elements);
  }
  const double ao_compute = std::ceil(ao_per_element * block_elements);
  return kernel_op_cycles(mac, ao_compute > bias ? ao_compute : bias, blocks, ifm_latency, ofm_latency);
}

CycleEstimate CycleModel::estimate(OpContext& context, Operation op, uint16_t param, const MemorySystem& memory) {
  const Config& config = config_of(context.macs);
  CycleEstimate e;
  if (op == Operation::DmaStart) {
    e.npu_cycles = static_cast<uint64_t>(dma_cycles(context.regs, memory, config));
    e.cycles = e.npu_cycles;
    e.lut_load = (context.regs.get0(reg0::DmaDstRegion) >> 8) & 1;
    e.lut_slot = static_cast<int8_t>((address_of(context.regs, reg1::DmaDst) / 256) & 7);
    return e;
  }
  const OpShape s = decode(context, op, param, memory);
  // Vela charges a LUT's transfer only to a table lookup of its own (a 1x1
  // pool through a LUT), not to one fused into another operation.
  const uint32_t function = context.regs.get0(reg0::Activation) & 0x1F;
  e.stand_alone_activation = s.kind == Kind::Pool && s.kernel_w == 1 && s.kernel_h == 1 && function >= 1 && function <= 9;
  // Its table's first 256-byte slot: 8-bit entries one slot per table, 16- and
  // 32-bit entries two and four, a 16-bit input's table from slot 0.
  const uint32_t table = (context.regs.get0(reg0::Activation) >> 5) & 7;
  const uint32_t slot = function == 5 ? 2 * table : function == 7 ? 4 * table : function >= 8 ? 0 : table;
  e.lut_slot = static_cast<int8_t>(slot & 7);
  const bool chained_in = s.ifm.chained || (s.has_ifm2 && s.ifm2.chained);
  const int64_t before_npu = group_open_ && chained_in ? group_npu_ : 0;
  const int64_t before_memory = group_open_ && chained_in ? group_memory_ : 0;
  if (!(group_open_ && chained_in)) {  // a group of its own (Vela costs a chain as its first operation)
    group_terms_ = compute_terms(s, config);
    group_ao_ = 0;
    group_traffic_ = Traffic();
  }
  group_ao_ += s.ao_per_element;  // each chained operation adds its output stage
  group_traffic_.add(traffic_of(s));
  group_npu_ = group_terms_.cycles(group_ao_);
  group_memory_ = group_traffic_.busiest(context.macs);
  group_open_ = s.ofm.chained;
  const int64_t before = before_npu > before_memory ? before_npu : before_memory;
  const int64_t after = group_npu_ > group_memory_ ? group_npu_ : group_memory_;
  e.npu_cycles = static_cast<uint64_t>(max64(0, group_npu_ - before_npu));
  e.memory_cycles = static_cast<uint64_t>(max64(0, group_memory_ - before_memory));
  e.cycles = static_cast<uint64_t>(max64(0, after - before));
  return e;
}

}  // namespace ember::ethosu::u85
