// The Ethos-U55 command stream (docs/ethos-u55.md), one description
// shared by the simulator and the disassembler. A command is a 32-bit word:
// bits [9:0] opcode, [15:14] control (0: one word, 1: a payload word follows),
// [31:16] param. cmd0 opcodes below 0x100 are operations, from 0x100 register
// writes of `param`; cmd1 opcodes write the payload word.
#pragma once
#include <cstdint>

#include "core/span.h"
#include "ethosu/regs/command_table.h"

namespace ember::ethosu {

constexpr uint32_t opcode_of(uint32_t word) { return word & 0x3FF; }
constexpr uint32_t control_of(uint32_t word) { return (word >> 14) & 0x3; }
constexpr uint32_t param_of(uint32_t word) { return word >> 16; }

enum class Operation : uint16_t {
  Stop = 0x000, Irq = 0x001, Conv = 0x002, Depthwise = 0x003, Pool = 0x005, Elementwise = 0x006,
  DmaStart = 0x010, DmaWait = 0x011, KernelWait = 0x012, PmuMask = 0x013,
};

enum class PoolMode : uint16_t { Max = 0, Average = 1, ReduceSum = 2 };
enum class ElementwiseMode : uint16_t { Mul = 0, Add = 1, Sub = 2, Min = 3, Max = 4, LRelu = 5, Abs = 6, Clz = 7, Shr = 8, Shl = 9 };

// cmd0 register writes: the 16-bit param is the value.
namespace reg0 {
enum : uint16_t {
  IfmPadTop = 0x100, IfmPadLeft = 0x101, IfmPadRight = 0x102, IfmPadBottom = 0x103, IfmDepthM1 = 0x104,
  IfmPrecision = 0x105, IfmUpscale = 0x107, IfmZeroPoint = 0x109, IfmWidth0M1 = 0x10A, IfmHeight0M1 = 0x10B,
  IfmHeight1M1 = 0x10C, IfmIbEnd = 0x10D, IfmRegion = 0x10F, OfmWidthM1 = 0x111, OfmHeightM1 = 0x112,
  OfmDepthM1 = 0x113, OfmPrecision = 0x114, OfmBlkWidthM1 = 0x115, OfmBlkHeightM1 = 0x116, OfmBlkDepthM1 = 0x117,
  OfmZeroPoint = 0x118, OfmWidth0M1 = 0x11A, OfmHeight0M1 = 0x11B, OfmHeight1M1 = 0x11C, OfmRegion = 0x11F,
  KernelWidthM1 = 0x120, KernelHeightM1 = 0x121, KernelStride = 0x122, AccFormat = 0x124, Activation = 0x125,
  ActivationMin = 0x126, ActivationMax = 0x127, WeightRegion = 0x128, ScaleRegion = 0x129, AbStart = 0x12D,
  BlockDep = 0x12F, DmaSrcRegion = 0x130, DmaDstRegion = 0x131, DmaSize0 = 0x132, DmaSize1 = 0x133,
  Ifm2Broadcast = 0x180, Ifm2Scalar = 0x181, Ifm2Precision = 0x185, Ifm2ZeroPoint = 0x189, Ifm2Width0M1 = 0x18A,
  Ifm2Height0M1 = 0x18B, Ifm2Height1M1 = 0x18C, Ifm2IbStart = 0x18D, Ifm2Region = 0x18F,
};
}  // namespace reg0

// cmd1 register writes: the payload word is the value (the param may hold more).
namespace reg1 {
enum : uint16_t {
  IfmBase0 = 0x000, IfmBase1 = 0x001, IfmBase2 = 0x002, IfmBase3 = 0x003, IfmStrideX = 0x004, IfmStrideY = 0x005,
  IfmStrideC = 0x006, OfmBase0 = 0x010, OfmBase1 = 0x011, OfmBase2 = 0x012, OfmBase3 = 0x013, OfmStrideX = 0x014,
  OfmStrideY = 0x015, OfmStrideC = 0x016, WeightBase = 0x020, WeightLength = 0x021, ScaleBase = 0x022,
  ScaleLength = 0x023, OfmScale = 0x024, OpaScale = 0x025, OpbScale = 0x026, DmaSrc = 0x030, DmaDst = 0x031,
  DmaLen = 0x032, DmaSkip0 = 0x033, DmaSkip1 = 0x034, Ifm2Base0 = 0x080, Ifm2Base1 = 0x081, Ifm2Base2 = 0x082,
  Ifm2Base3 = 0x083, Ifm2StrideX = 0x084, Ifm2StrideY = 0x085, Ifm2StrideC = 0x086,
};
}  // namespace reg1

// Names and fields of the commands, as Vela's listing gives them (command_names.cpp).
const CommandTable& command_table();

}  // namespace ember::ethosu
