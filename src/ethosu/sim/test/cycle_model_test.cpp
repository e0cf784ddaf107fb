// The cycle model on two operations of the MNIST example as Vela compiles them
// for the E8 HE (U55-128, Sram_Only): their registers as Vela's
// --verbose-register-command-stream lists them, and Vela's own per-layer
// estimate (--verbose-performance, "Op Cycles") as the expected value.
#include "ethosu/sim/cycle_model.h"

#include <initializer_list>

#include "testing/test.h"

namespace ember::ethosu {
namespace {

RegisterFile first_convolution() {  // 3x3 conv 28x28x1 -> 28x28x16, part-kernel-first
  RegisterFile r;
  r.cmd0[reg0::IfmRegion - 0x100] = 1;
  r.cmd0[reg0::IfmHeight0M1 - 0x100] = 27;
  r.cmd0[reg0::IfmWidth0M1 - 0x100] = 27;
  r.cmd0[reg0::IfmPrecision - 0x100] = 0x0001;  // int8 NHWC
  for (uint16_t pad : {reg0::IfmPadTop, reg0::IfmPadLeft, reg0::IfmPadBottom, reg0::IfmPadRight}) r.cmd0[pad - 0x100] = 1;
  r.cmd0[reg0::OfmRegion - 0x100] = 1;
  r.cmd0[reg0::OfmHeightM1 - 0x100] = 27;
  r.cmd0[reg0::OfmWidthM1 - 0x100] = 27;
  r.cmd0[reg0::OfmDepthM1 - 0x100] = 15;
  r.cmd0[reg0::OfmPrecision - 0x100] = 0x8041;  // int8 NHCWB16
  r.cmd0[reg0::KernelHeightM1 - 0x100] = 2;
  r.cmd0[reg0::KernelWidthM1 - 0x100] = 2;
  r.cmd0[reg0::KernelStride - 0x100] = 0x0004;  // part-kernel-first
  r.cmd1[reg1::WeightLength] = 272;
  r.cmd1[reg1::ScaleLength] = 160;
  r.cmd0[reg0::ActivationMin - 0x100] = 0xFF80;
  r.cmd0[reg0::ActivationMax - 0x100] = 0x007F;
  r.cmd0[reg0::OfmBlkHeightM1 - 0x100] = 8;
  r.cmd0[reg0::OfmBlkWidthM1 - 0x100] = 13;
  r.cmd0[reg0::OfmBlkDepthM1 - 0x100] = 15;
  return r;
}

RegisterFile fully_connected() {  // 1568 -> 64, depth-first; weights and scales in region 0
  RegisterFile r;
  r.cmd0[reg0::IfmRegion - 0x100] = 1;
  r.cmd0[reg0::IfmDepthM1 - 0x100] = 1567;
  r.cmd0[reg0::IfmPrecision - 0x100] = 0x0001;
  r.cmd0[reg0::OfmRegion - 0x100] = 1;
  r.cmd0[reg0::OfmDepthM1 - 0x100] = 63;
  r.cmd0[reg0::OfmPrecision - 0x100] = 0x8041;
  r.cmd1[reg1::WeightLength] = 100368;
  r.cmd1[reg1::ScaleLength] = 640;
  r.cmd0[reg0::ActivationMin - 0x100] = 0xFF80;
  r.cmd0[reg0::ActivationMax - 0x100] = 0x007F;
  r.cmd0[reg0::OfmBlkWidthM1 - 0x100] = 1;
  r.cmd0[reg0::OfmBlkDepthM1 - 0x100] = 63;
  return r;
}

EMBER_TEST(convolution_equals_vela_estimate) {
  const CycleEstimate e = estimate_operation(first_convolution(), Operation::Conv, 0, 128, e8_sram_only());
  EXPECT_EQ(e.cycles, 14460u);  // output-stage bound: 1.0 cycle per element without a fused activation
  EXPECT_TRUE(e.memory_cycles < e.npu_cycles);
}

EMBER_TEST(fully_connected_equals_vela_estimate) {
  const CycleEstimate e = estimate_operation(fully_connected(), Operation::Conv, 0, 128, e8_sram_only());
  EXPECT_EQ(e.cycles, 15776u);  // MAC bound: 49 IFM-depth blocks of 32
  EXPECT_TRUE(e.memory_cycles < e.npu_cycles);
}

// e8.ini's OffChipFlash_clock_scale: 0.5 GB/s over 8 B x the NPU clock.
constexpr double kHeMramClockScale = 0.390625, kHpMramClockScale = 0.15625;

EMBER_TEST(weights_in_mram_make_the_fully_connected_layer_memory_bound) {
  // Region 0 in MRAM at 0.390625 x 8 B/cycle: 100368 + 640 weight and scale bytes.
  const CycleEstimate e = estimate_operation(fully_connected(), Operation::Conv, 0, 128, e8_shared_sram(kHeMramClockScale));
  EXPECT_EQ(e.memory_cycles, 32322u);  // Vela 5.1: 32,322 for MNIST fc1 in Shared_Sram on e8-he
  EXPECT_EQ(e.cycles, e.memory_cycles);
  const CycleEstimate hp = estimate_operation(fully_connected(), Operation::Conv, 0, 256, e8_shared_sram(kHpMramClockScale));
  EXPECT_EQ(hp.memory_cycles, 80806u);  // MRAM is slower per cycle of the faster NPU clock
}

// One piece of a transpose as Vela lowers it (seen in a generated network's
// int16 transpose): a 1x1 AVERAGE pool copying a 1x48x1 row into every fifth
// element of the output (OFM x step 10 bytes), the row step Vela gives the
// permuted OFM (2 bytes) shorter than its row of 48 columns.
RegisterFile one_high_transpose_piece(int32_t ofm_stride_y) {
  RegisterFile r;
  r.cmd0[reg0::IfmRegion - 0x100] = 1;
  r.cmd0[reg0::IfmWidth0M1 - 0x100] = 47;
  r.cmd0[reg0::IfmPrecision - 0x100] = 0x0005;  // int16 NHWC
  r.cmd0[reg0::OfmRegion - 0x100] = 1;
  r.cmd0[reg0::OfmWidthM1 - 0x100] = 47;
  r.cmd0[reg0::OfmWidth0M1 - 0x100] = 47;
  r.cmd0[reg0::OfmPrecision - 0x100] = 0x0003;  // int16 NHWC
  r.cmd1[reg1::IfmStrideX] = 2;
  r.cmd1[reg1::IfmStrideY] = 96;
  r.cmd1[reg1::OfmStrideX] = 10;
  r.cmd1[reg1::OfmStrideY] = static_cast<uint32_t>(ofm_stride_y);
  r.cmd0[reg0::OfmBlkWidthM1 - 0x100] = 3;
  r.cmd0[reg0::OfmBlkDepthM1 - 0x100] = 7;
  return r;
}

EMBER_TEST(a_one_high_transpose_piece_costs_its_traffic) {
  const CycleEstimate e =
      estimate_operation(one_high_transpose_piece(2), Operation::Pool, uint16_t(PoolMode::Average), 128, e8_sram_only());
  // 48 elements read in full 32-byte bursts (the input row fills its 48-deep block),
  // 48 written in 32-byte bursts, both through the one 8 B/cycle SRAM port.
  EXPECT_EQ(e.npu_cycles, 0u);
  EXPECT_EQ(e.memory_cycles, 12u);
  // The same copy into a plain output (row step = 48 columns) is a pool: 16-bit
  // pooling through the MAC array, block by block.
  const CycleEstimate plain = estimate_operation(one_high_transpose_piece(48 * 10), Operation::Pool,
                                                 uint16_t(PoolMode::Average), 128, e8_sram_only());
  EXPECT_TRUE(plain.npu_cycles > 10 * e.memory_cycles);
}

EMBER_TEST(two_area_memory_puts_only_region_0_in_the_constants_memory) {
  const MemoryPort sram{8, 32, 32, 32}, mram{3.125, 64, 0, 128};
  const MemorySystem shared = two_area_memory(sram, mram, false);
  EXPECT_EQ(shared.region_memory[0], 1);
  for (int region = 1; region < 8; ++region) EXPECT_EQ(shared.region_memory[region], 0);
  EXPECT_EQ(shared.memories[1].bytes_per_cycle, 3.125);
  // MNIST fc1 with its weights in that memory: Vela's 32,322 (as e8_shared_sram gives).
  EXPECT_EQ(estimate_operation(fully_connected(), Operation::Conv, 0, 128, shared).memory_cycles, 32322u);
  const MemorySystem one = two_area_memory(sram, sram, true);
  EXPECT_EQ(one.region_memory[0], 0);
  EXPECT_EQ(estimate_operation(fully_connected(), Operation::Conv, 0, 128, one).cycles, 15776u);
}

CycleEstimate kernel(uint64_t cycles) {
  CycleEstimate e;
  e.cycles = e.npu_cycles = cycles;
  return e;
}

EMBER_TEST(a_dma_counts_only_what_the_kernel_operation_before_it_does_not_hide) {
  RunCycles run;
  EXPECT_EQ(run.add(kernel(100), false), 100u);
  EXPECT_EQ(run.add(kernel(60), true), 0u);   // under the 100
  EXPECT_EQ(run.add(kernel(60), true), 20u);  // 40 left to hide under
  EXPECT_EQ(run.add(kernel(60), true), 60u);
  // A memory-bound operation hides a DMA under its compute cycles only.
  CycleEstimate memory_bound = kernel(300);
  memory_bound.npu_cycles = 50;
  EXPECT_EQ(run.add(memory_bound, false), 300u);
  EXPECT_EQ(run.add(kernel(60), true), 10u);
}

EMBER_TEST(a_lut_load_counts_only_for_a_stand_alone_activation) {
  CycleEstimate lut = kernel(288);
  lut.lut_load = true;
  CycleEstimate activation = kernel(116);
  activation.stand_alone_activation = true;
  // A LUT fused into a convolution (MNIST-like fc + sigmoid): Vela charges no LUT load.
  RunCycles fused;
  EXPECT_EQ(fused.add(lut, true), 0u);
  EXPECT_EQ(fused.add(kernel(315), false), 315u);
  // A stand-alone activation after a 200-cycle operation: the load less those 200.
  RunCycles alone;
  EXPECT_EQ(alone.add(kernel(200), false), 200u);
  EXPECT_EQ(alone.add(lut, true), 0u);
  EXPECT_EQ(alone.add(activation, false), 116u + 88u);
}

CycleEstimate piece(int64_t reads_at, int64_t writes_at) {
  CycleEstimate e = kernel(12);
  TransposePiece& p = e.transpose;
  p.is_piece = true;
  p.read_cycles = p.write_cycles = 6;
  p.read_latency = p.write_latency = 32;
  p.reads = {1, reads_at, reads_at + 16};
  p.writes = {1, writes_at, writes_at + 16};
  return e;
}

EMBER_TEST(a_transpose_costs_its_traffic_or_its_slower_side_with_latency) {
  RunCycles run;
  // A transpose of 0..32 into 100..132 in two pieces: 12 + 12 cycles each way
  // through one memory, latency 32: max(12 + 32, 24) = 44.
  EXPECT_EQ(run.add(piece(0, 100), false), 38u);
  EXPECT_EQ(run.add(piece(16, 116), false), 6u);
  // One of 100..132 into 200..232 reads what the pieces before wrote: a new transpose.
  EXPECT_EQ(run.add(piece(100, 200), false), 38u);
  EXPECT_EQ(run.add(kernel(50), false), 50u);
  // A long transpose becomes traffic-bound: 10 pieces, 60 + 60 > 60 + 32.
  uint64_t total = 0;
  for (int i = 0; i < 10; ++i) total += run.add(piece(300 + 16 * i, 600 + 16 * i), false);
  EXPECT_EQ(total, 120u);
  // A DMA after it hides under the whole transpose's slower side with latency, 92.
  EXPECT_EQ(run.add(kernel(100), true), 8u);
}

EMBER_TEST(a_transpose_piece_reports_the_latency_of_its_memories) {
  const CycleEstimate e =
      estimate_operation(one_high_transpose_piece(2), Operation::Pool, uint16_t(PoolMode::Average), 128, e8_sram_only());
  EXPECT_TRUE(e.transpose.is_piece && e.transpose.one_memory);
  EXPECT_EQ(e.transpose.read_cycles, 6.0);  // 48 bytes at 8 B/cycle each way
  EXPECT_EQ(e.transpose.write_cycles, 6.0);
  EXPECT_EQ(e.transpose.read_latency, 32);  // e8.ini Sram_read_latency / Sram_write_latency
  // The bytes it reads (48 int16 from 0) and writes (every fifth int16 from 0: 47 x 10 + 2).
  EXPECT_EQ(e.transpose.reads.end - e.transpose.reads.first, 96);
  EXPECT_EQ(e.transpose.writes.end - e.transpose.writes.first, 472);
}

}  // namespace
}  // namespace ember::ethosu
