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

}  // namespace
}  // namespace ember::ethosu
