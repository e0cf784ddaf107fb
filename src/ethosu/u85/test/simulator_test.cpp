// The Ethos-U85 model's own parts: the weight order (each weight of an OFM
// block exactly once, in the order of Vela's EthosU85WeightOrdering), small
// streams run end to end, and every malformed or unmodelled stream one named
// fault. Whole networks against the TOSA reference: tests/ethosu/test_u85_vs_tosa_reference.py.
#include <cstring>
#include <vector>

#include "ethosu/sim/simulator.h"
#include "ethosu/u85/fast_weight_decoder.h"
#include "ethosu/u85/npu_mmio.h"
#include "ethosu/u85/weight_order.h"
#include "testing/test.h"

namespace ember::ethosu::u85 {
namespace {

struct Position {
  int32_t o, y, x, i;
};

std::vector<Position> walk(const WeightOrder& order, int32_t block_index, int32_t block_size) {
  std::vector<Position> positions;
  order.walk_ofm_block(block_index, block_size, [&](int32_t o, int32_t y, int32_t x, int32_t i) {
    positions.push_back({o, y, x, i});
    return true;
  });
  return positions;
}

// Each (o, y, x, i) of the block once; the rest padding.
bool covers_each_weight_once(const WeightOrder& w, const std::vector<Position>& positions, int32_t block_size) {
  std::vector<int> seen(static_cast<size_t>(block_size * w.kernel_height * w.kernel_width * w.ifm_depth), 0);
  for (const Position& p : positions) {
    if (p.o < 0) continue;
    if (p.o >= block_size || p.y >= w.kernel_height || p.x >= w.kernel_width || p.i >= w.ifm_depth) return false;
    ++seen[static_cast<size_t>(((p.o * w.kernel_height + p.y) * w.kernel_width + p.x) * w.ifm_depth + p.i)];
  }
  for (int n : seen) {
    if (n != 1) return false;
  }
  return true;
}

EMBER_TEST(depth_first_order_is_ofm_then_ifm_within_a_microblock_padded_to_the_ifm_block) {
  WeightOrder w;  // 1x1 kernel, 8 input channels, micro-block 8, IFM block 64
  w.ifm_depth = 8;
  const std::vector<Position> p = walk(w, 0, 8);
  EXPECT_EQ(p.size(), size_t{8 * 64});  // 64 IFM positions per OFM channel, 56 of them padding
  EXPECT_TRUE(covers_each_weight_once(w, p, 8));
  EXPECT_EQ(p[0].o, 0);
  EXPECT_EQ(p[7].i, 7);
  EXPECT_EQ(p[8].o, 1);  // then the next OFM channel's first 8 IFM channels
  EXPECT_EQ(p[8].i, 0);
  EXPECT_EQ(p[64].o, -1);  // IFM channels 8..15 do not exist: padding
}

EMBER_TEST(part_kernel_first_splits_the_kernel_by_stride_phase_in_alternating_rows) {
  WeightOrder w;
  w.traversal = Traversal::PartKernel;
  w.kernel_width = w.kernel_height = 3;
  w.stride_x = w.stride_y = 2;
  w.ifm_depth = 3;
  w.ifm_block_depth = 16;
  const std::vector<Position> p = walk(w, 0, 8);
  // One element is 16 IFM x 8 OFM positions; 9 elements padded to 10.
  EXPECT_EQ(p.size(), size_t{10 * 16 * 8});
  EXPECT_TRUE(covers_each_weight_once(w, p, 8));
  const int32_t expected[9][2] = {{0, 0}, {0, 2}, {2, 2}, {2, 0}, {0, 1}, {2, 1}, {1, 0}, {1, 2}, {1, 1}};
  for (int e = 0; e < 9; ++e) {
    const Position& first = p[static_cast<size_t>(e * 16 * 8)];
    EXPECT_EQ(first.y, expected[e][0]);
    EXPECT_EQ(first.x, expected[e][1]);
  }
  EXPECT_EQ(p[9 * 16 * 8].o, -1);
}

EMBER_TEST(sparse_streams_take_ifm_channels_sixteen_at_a_time) {
  WeightOrder w;
  w.sparse = true;
  w.ifm_depth = 20;
  w.ifm_block_depth = 128;  // sparse 8-bit depth-first
  const std::vector<Position> p = walk(w, 0, 8);
  EXPECT_EQ(p.size(), size_t{8 * 128});
  EXPECT_TRUE(covers_each_weight_once(w, p, 8));
  EXPECT_EQ(p[15].o, 0);
  EXPECT_EQ(p[15].i, 15);
  EXPECT_EQ(p[16].o, 1);
}

EMBER_TEST(ifm_blocks_snake_from_one_ofm_block_to_the_next) {
  WeightOrder w;
  w.ifm_depth = 70;  // two IFM blocks of 64
  const std::vector<Position> even = walk(w, 0, 8), odd = walk(w, 1, 8);
  EXPECT_TRUE(covers_each_weight_once(w, even, 8));
  EXPECT_TRUE(covers_each_weight_once(w, odd, 8));
  EXPECT_EQ(even[0].i, 0);
  EXPECT_EQ(odd[0].i, 64);
}

EMBER_TEST(depthwise_takes_one_weight_per_channel_and_element_padded_to_ten) {
  WeightOrder w;
  w.traversal = Traversal::Depthwise;
  w.kernel_width = w.kernel_height = 3;
  w.ofm_ublock_depth = 16;
  const std::vector<Position> p = walk(w, 0, 12);
  EXPECT_EQ(p.size(), size_t{10 * 16});
  EXPECT_TRUE(covers_each_weight_once(w, p, 12));
  EXPECT_EQ(p[12].o, -1);  // channels 12..15 of the micro-block are padding
}

// A fast-format stream, LSB first: the 256-bit header, then the codes.
struct FastStream {
  uint8_t bytes[64] = {};
  size_t bit = 0;
  void put(uint32_t count, uint32_t value) {
    for (uint32_t i = 0; i < count; ++i, ++bit) bytes[bit / 8] |= static_cast<uint8_t>(((value >> i) & 1) << (bit % 8));
  }
  void header(bool raw, bool small, int8_t zero_adjust, std::initializer_list<int> palette) {
    put(1, raw);
    put(1, small);
    bit += 102;
    put(8, static_cast<uint8_t>(zero_adjust));
    int n = 0;
    for (int v : palette) {
      put(9, static_cast<uint32_t>((v < 0 ? -v : v) << 1 | (v < 0 ? 1 : 0)));
      ++n;
    }
    bit += static_cast<size_t>(9 * (16 - n));
  }
};

EMBER_TEST(fast_weights_raw_and_palette_codes) {
  FastStream raw;
  raw.header(true, false, 3, {});
  raw.put(8, static_cast<uint8_t>(-125));  // -125 - 3 = -128
  raw.put(8, 10);
  FastWeightDecoder raw_decoder(Span<const uint8_t>(raw.bytes, 64));
  int16_t w = 0;
  EXPECT_TRUE(raw_decoder.next(&w));
  EXPECT_EQ(w, -128);
  EXPECT_TRUE(raw_decoder.next(&w));
  EXPECT_EQ(w, 7);
  EXPECT_TRUE(raw_decoder.at_padding(64));  // 272 of 512 bits read: the rest pads to 256 bits

  FastStream small;
  small.header(false, true, 0, {5, -9, 0, 127});
  small.put(2, 1);
  small.put(2, 3);
  small.put(2, 0);
  FastWeightDecoder small_decoder(Span<const uint8_t>(small.bytes, 64));
  EXPECT_TRUE(small_decoder.next(&w));
  EXPECT_EQ(w, -9);
  EXPECT_TRUE(small_decoder.next(&w));
  EXPECT_EQ(w, 127);
  EXPECT_TRUE(small_decoder.next(&w));
  EXPECT_EQ(w, 5);
  EXPECT_TRUE(!small_decoder.at_padding(96));  // 96 bytes: more than a padding's worth left

  FastStream reserved;  // a set reserved header bit: malformed
  reserved.put(1, 0);
  reserved.put(1, 0);
  reserved.put(1, 1);
  FastWeightDecoder bad(Span<const uint8_t>(reserved.bytes, 64));
  EXPECT_TRUE(!bad.next(&w));
  FastWeightDecoder truncated(Span<const uint8_t>(small.bytes, 16));  // the header cut short
  EXPECT_TRUE(!truncated.next(&w));
}

// Streams run on a U85-256 over one region of memory.
struct U85 {
  int16_t scratch[4096];
  int32_t chain[256];
  uint8_t memory[4096] = {};
  RegionMap regions;
  Simulator sim{NpuConfig{}, Span<int16_t>(scratch)};
  std::vector<uint32_t> words;

  U85() {
    NpuConfig config;
    config.product = mmio::kProduct;
    config.macs_per_cycle = 256;
    sim.configure(config);
    regions.base[1] = memory;
    regions.size[1] = sizeof(memory);
  }
  U85& cmd0(uint32_t opcode, uint32_t param = 0) {
    words.push_back(param << 16 | opcode);
    return *this;
  }
  U85& cmd1(uint32_t opcode, uint32_t payload, uint32_t param = 0) {
    words.push_back(param << 16 | 0x4000 | opcode);
    words.push_back(payload);
    return *this;
  }
  Fault run(RunReport* report = nullptr) {
    RunReport local;
    RunReport* r = report ? report : &local;
    std::vector<uint8_t> bytes(words.size() * 4);
    std::memcpy(bytes.data(), words.data(), bytes.size());
    static_cast<void>(sim.run(Span<const uint8_t>(bytes.data(), bytes.size()), regions, r));  // the fault is in *r
    return r->fault;
  }
  // A 2x2x2 int8 NHWC map at `base` in region 1: the IFM, IFM2 or OFM registers.
  U85& map2x2x2(uint16_t region_reg, uint16_t base_reg, uint16_t stride_x_reg, uint16_t precision_reg, uint32_t base) {
    cmd0(region_reg, 1).cmd1(base_reg, base).cmd1(stride_x_reg, 2).cmd1(stride_x_reg + 1, 4).cmd1(stride_x_reg + 2, 1);
    return cmd0(precision_reg, 1);  // signed int8, NHWC
  }
};

EMBER_TEST(u85_add_scales_each_input_and_chains_into_the_next_operation) {
  U85 npu;
  npu.sim.set_chain_scratch(Span<int32_t>(npu.chain));
  for (int i = 0; i < 8; ++i) {
    npu.memory[i] = static_cast<uint8_t>(i - 4);     // IFM
    npu.memory[16 + i] = static_cast<uint8_t>(3 * i);  // IFM2
  }
  npu.map2x2x2(0x10F, 0x000, 0x004, 0x105, 0).map2x2x2(0x18F, 0x080, 0x084, 0x185, 16);
  npu.cmd0(0x104, 1).cmd0(0x10A, 1).cmd0(0x10B, 1).cmd0(0x10C, 1).cmd0(0x18A, 1).cmd0(0x18B, 1).cmd0(0x18C, 1);
  npu.cmd0(0x111, 1).cmd0(0x112, 1).cmd0(0x113, 1).cmd0(0x11A, 1).cmd0(0x11B, 1).cmd0(0x11C, 1);
  npu.cmd0(0x126, 0xFF80).cmd0(0x127, 0x7F);
  npu.cmd1(0x025, 3, 1 | 1 << 13).cmd1(0x026, 1, 1 << 13).cmd1(0x024, 1, 1 << 13);  // IFM x3 >> 1, IFM2 x1, OFM x1: natural
  npu.cmd0(0x114, 1 | 2 << 14);  // OFM int8, CHAINED
  npu.cmd0(0x006, 1);            // ADD into the chain
  npu.cmd0(0x105, 1 | 2 << 14);  // the chain as IFM, plus IFM2 once more
  npu.cmd1(0x025, 1, 1 << 13);
  npu.map2x2x2(0x11F, 0x010, 0x014, 0x114, 32);
  npu.cmd0(0x006, 1).cmd0(0x000);
  EXPECT_EQ(static_cast<int>(npu.run()), static_cast<int>(Fault::None));
  for (int i = 0; i < 8; ++i) {
    const int a = i - 4, b = 3 * i;
    const int first = ((3 * a + 1) >> 1) + b;  // round half up
    const int expected = first + b > 127 ? 127 : first + b;
    EXPECT_EQ(static_cast<int8_t>(npu.memory[32 + i]), expected);
  }
  EXPECT_EQ(npu.sim.chain_peak(), size_t{8});  // the 2x2x2 chained result
}

EMBER_TEST(u85_chained_result_larger_than_its_scratch_is_a_named_fault) {
  U85 npu;
  npu.sim.set_chain_scratch(Span<int32_t>(npu.chain, 7));  // one element short of a 2x2x2 result
  npu.cmd0(0x111, 1).cmd0(0x112, 1).cmd0(0x113, 1).cmd0(0x114, 1 | 2 << 14).cmd0(0x006, 1).cmd0(0x000);
  RunReport report;
  EXPECT_EQ(static_cast<int>(npu.run(&report)), static_cast<int>(Fault::ScratchTooSmall));
  EXPECT_EQ(report.operations, 0u);
  EXPECT_EQ(npu.sim.chain_peak(), size_t{8});  // what it would have needed
}

// The cycle model on one operation Vela estimated: conv_stride2's input
// transpose (tests/ethosu/models.py) on e8-hp-u85, a 1x1 SUM pool writing a
// 3x13x13 int8 map as 13x13x3 NHCWB16 (transpose WCH). Vela 5.1's debug
// database: 1993 cycles (MAC 1710 = 91 micro-blocks x 4 x 4 + 0.5 x 507 for the
// H<->W transpose, plus block latencies), SRAM access 264.
EMBER_TEST(u85_cycle_estimate_of_a_transposing_copy_equals_vela) {
  U85 npu;
  const MemoryPort sram{32, 32, 32, 32, 2, 8, 8};  // e8.ini Alif_E8_HP_U85 Sram: 2 ports x 16 B, 8 in flight
  NpuConfig config = npu.sim.config();
  config.memory = two_area_memory(sram, sram, true);
  npu.sim.configure(config);
  npu.cmd0(0x105, 1).cmd0(0x10F, 1).cmd1(0x000, 0).cmd0(0x10B, 2).cmd0(0x10C, 2).cmd0(0x10A, 12).cmd0(0x104, 12);
  npu.cmd1(0x005, 0xA9).cmd1(0x004, 0xD).cmd1(0x006, 1);
  npu.cmd0(0x114, 0x1941).cmd0(0x11F, 1).cmd1(0x010, 1024);  // signed int8 NHCWB16, transpose WCH
  npu.cmd0(0x112, 2).cmd0(0x111, 12).cmd0(0x113, 12).cmd0(0x11B, 12).cmd0(0x11C, 12).cmd0(0x11A, 12);
  npu.cmd1(0x015, 0xD0).cmd1(0x014, 0x10).cmd1(0x016, 0xD0);
  npu.cmd0(0x126, 0xFF80).cmd0(0x127, 0x7F).cmd1(0x024, 1);
  npu.cmd0(0x116, 15).cmd0(0x115, 13).cmd0(0x117, 15).cmd0(0x124, 0x100);  // OFM block 16x14x16, micro-block 1x2
  npu.cmd0(0x005, 3).cmd0(0x000);                                            // POOL SUM, STOP
  OpRecord record{};
  RunReport report;
  report.records = &record;
  report.record_capacity = 1;
  EXPECT_EQ(static_cast<int>(npu.run(&report)), static_cast<int>(Fault::None));
  EXPECT_EQ(report.cycles, uint64_t{1993});
  EXPECT_EQ(record.npu_cycles, uint64_t{1993});
  EXPECT_EQ(record.memory_cycles, uint64_t{264});
}

EMBER_TEST(u85_comparison_gives_all_ones_masks) {
  U85 npu;
  for (int i = 0; i < 8; ++i) {
    npu.memory[i] = static_cast<uint8_t>(i);
    npu.memory[16 + i] = static_cast<uint8_t>(7 - i);
  }
  npu.map2x2x2(0x10F, 0x000, 0x004, 0x105, 0).map2x2x2(0x18F, 0x080, 0x084, 0x185, 16);
  npu.map2x2x2(0x11F, 0x010, 0x014, 0x114, 32);
  npu.cmd0(0x104, 1).cmd0(0x10A, 1).cmd0(0x10B, 1).cmd0(0x10C, 1).cmd0(0x18A, 1).cmd0(0x18B, 1).cmd0(0x18C, 1);
  npu.cmd0(0x111, 1).cmd0(0x112, 1).cmd0(0x113, 1).cmd0(0x11A, 1).cmd0(0x11B, 1).cmd0(0x11C, 1);
  npu.cmd0(0x126, 0xFF80).cmd0(0x127, 0x7F).cmd1(0x024, 1).cmd1(0x025, 1).cmd1(0x026, 1);
  npu.cmd0(0x006, 19).cmd0(0x000);  // CMP_GT
  EXPECT_EQ(static_cast<int>(npu.run()), static_cast<int>(Fault::None));
  for (int i = 0; i < 8; ++i) EXPECT_EQ(static_cast<int8_t>(npu.memory[32 + i]), i > 7 - i ? -1 : 0);
}

EMBER_TEST(u85_malformed_or_unmodelled_streams_are_named_faults) {
  {
    U85 npu;  // an opcode the U85 does not have
    npu.cmd0(0x004).cmd0(0x000);
    EXPECT_EQ(static_cast<int>(npu.run()), static_cast<int>(Fault::ParseError));
  }
  {
    U85 npu;  // no STOP
    npu.cmd0(0x105, 1);
    EXPECT_EQ(static_cast<int>(npu.run()), static_cast<int>(Fault::ParseError));
  }
  {
    U85 npu;  // NPU_OP_BRANCH: not modelled
    npu.cmd1(0x100, 0).cmd0(0x000);
    EXPECT_EQ(static_cast<int>(npu.run()), static_cast<int>(Fault::Unsupported));
  }
  {
    U85 npu;  // an unknown elementwise mode
    npu.cmd0(0x006, 12).cmd0(0x000);
    EXPECT_EQ(static_cast<int>(npu.run()), static_cast<int>(Fault::ParseError));
  }
  {
    U85 npu;  // a chained result with no chain scratch
    npu.cmd0(0x114, 1 | 2 << 14).cmd0(0x006, 1).cmd0(0x000);
    EXPECT_EQ(static_cast<int>(npu.run()), static_cast<int>(Fault::ScratchTooSmall));
  }
  {
    U85 npu;  // an OFM outside its region
    npu.cmd0(0x11F, 1).cmd1(0x010, 4096).cmd0(0x114, 1).cmd0(0x005, 3).cmd0(0x000);
    EXPECT_EQ(static_cast<int>(npu.run()), static_cast<int>(Fault::BusError));
  }
  {
    U85 npu;  // a convolution whose weight stream is empty
    npu.cmd0(0x114, 1).cmd0(0x11F, 1).cmd0(0x128, 1).cmd0(0x129, 1).cmd1(0x022, 512).cmd1(0x023, 160);
    npu.cmd0(0x124, 1 << 8).cmd1(0x020, 0).cmd1(0x021, 0).cmd0(0x002).cmd0(0x000);
    EXPECT_EQ(static_cast<int>(npu.run()), static_cast<int>(Fault::WeightStream));
    // The decoded weights it needed are counted (a firmware image's weight scratch is
    // sized from them); with a scratch one element short the same stream is ScratchTooSmall.
    const size_t needed = npu.sim.weight_peak();
    EXPECT_TRUE(needed >= 1);
    U85 small;
    small.sim = Simulator(small.sim.config(), Span<int16_t>(small.scratch, needed - 1));
    small.words = npu.words;
    EXPECT_EQ(static_cast<int>(small.run()), static_cast<int>(Fault::ScratchTooSmall));
    EXPECT_EQ(small.sim.weight_peak(), needed);
  }
  {
    U85 npu;  // a gather index beyond DMA0_IDX_MAX
    npu.memory[100] = 4;
    npu.cmd0(0x130, 1 | 1 << 11).cmd0(0x131, 1).cmd1(0x031, 200).cmd1(0x032, 3).cmd1(0x033, 3).cmd1(0x035, 3);
    npu.cmd0(0x134, 1).cmd1(0x038, 3).cmd1(0x037, 100).cmd0(0x010).cmd0(0x000);
    EXPECT_EQ(static_cast<int>(npu.run()), static_cast<int>(Fault::Unsupported));
  }
  {
    U85 npu;  // a DMA from LUT memory
    npu.cmd0(0x130, 1 | 1 << 8).cmd0(0x131, 1).cmd1(0x032, 4).cmd0(0x010).cmd0(0x000);
    EXPECT_EQ(static_cast<int>(npu.run()), static_cast<int>(Fault::Unsupported));
  }
}

// Vela's gather: rows of a [4, 3] table picked by index into the OFM.
EMBER_TEST(u85_dma_gathers_rows_by_32_bit_index_in_2d_mode) {
  U85 npu;
  for (int i = 0; i < 12; ++i) npu.memory[i] = static_cast<uint8_t>(10 + i);
  const int32_t indices[4] = {2, 0, 3, 2};
  std::memcpy(npu.memory + 100, indices, sizeof(indices));
  npu.cmd0(0x130, 1 | 1 << 9 | 1 << 11).cmd1(0x030, 0).cmd0(0x131, 1).cmd1(0x031, 200).cmd1(0x032, 3);
  npu.cmd0(0x132, 4).cmd1(0x033, 3).cmd1(0x035, 3).cmd0(0x134, 1).cmd1(0x038, 3).cmd1(0x037, 100);
  npu.cmd0(0x010).cmd0(0x000);
  EXPECT_EQ(static_cast<int>(npu.run()), static_cast<int>(Fault::None));
  for (int row = 0; row < 4; ++row) {
    for (int k = 0; k < 3; ++k) EXPECT_EQ(npu.memory[200 + 3 * row + k], 10 + 3 * indices[row] + k);
  }
}

// With 64-bit indices Vela gathers in 3-D mode, one row per outer step, and
// skips each index's high word (IDX_SKIP1 4).
EMBER_TEST(u85_dma_gathers_by_the_low_words_of_64_bit_indices_in_3d_mode) {
  U85 npu;
  for (int i = 0; i < 12; ++i) npu.memory[i] = static_cast<uint8_t>(10 + i);
  const int64_t indices[3] = {1, 3, 1};
  std::memcpy(npu.memory + 96, indices, sizeof(indices));
  npu.cmd0(0x130, 1 | 2 << 9 | 1 << 11).cmd1(0x030, 0).cmd0(0x131, 1).cmd1(0x031, 200).cmd1(0x032, 3);
  npu.cmd0(0x132, 1).cmd0(0x133, 3).cmd1(0x033, 3).cmd1(0x034, 0).cmd1(0x035, 0).cmd1(0x036, 3);
  npu.cmd0(0x134, 1).cmd1(0x038, 3).cmd1(0x037, 96).cmd1(0x039, 4).cmd0(0x010).cmd0(0x000);
  EXPECT_EQ(static_cast<int>(npu.run()), static_cast<int>(Fault::None));
  for (int row = 0; row < 3; ++row) {
    for (int k = 0; k < 3; ++k) EXPECT_EQ(npu.memory[200 + 3 * row + k], 10 + 3 * indices[row] + k);
  }
}

EMBER_TEST(u85_registers_survive_a_fault_and_the_next_stream_runs) {
  U85 npu;
  npu.cmd0(0x004).cmd0(0x000);
  EXPECT_EQ(static_cast<int>(npu.run()), static_cast<int>(Fault::ParseError));
  npu.words.clear();
  npu.cmd0(0x000);
  RunReport report;
  EXPECT_EQ(static_cast<int>(npu.run(&report)), static_cast<int>(Fault::None));
  EXPECT_TRUE(report.reached_stop);
}

}  // namespace
}  // namespace ember::ethosu::u85
