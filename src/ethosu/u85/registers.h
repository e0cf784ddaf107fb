// The Ethos-U85 command registers the simulator reads (docs/ethos-u85.md;
// opcodes and fields of Vela 5.1's ethos_u85_interface.hpp). The word format
// is the U55's, so the U55's RegisterFile holds them: cmd0 registers keep the
// 16-bit param, cmd1 registers the payload and, for a 40-bit address, its high
// 8 bits in the param.
#pragma once
#include <cstdint>

#include "ethosu/sim/register_file.h"

namespace ember::ethosu::u85 {

enum class Operation : uint16_t {
  Stop = 0x000, Irq = 0x001, Conv = 0x002, Depthwise = 0x003, Pool = 0x005, Elementwise = 0x006, Resize = 0x007,
  DmaStart = 0x010, DmaWait = 0x011, KernelWait = 0x012, PmuMask = 0x013,
};

enum class PoolMode : uint16_t { Max = 0, Average = 1, ReduceSum = 2, Sum = 3, None = 4, Min = 5, ArgmaxX = 6, ArgmaxY = 7 };

enum class ElementwiseMode : uint16_t {
  Mul = 0, Add = 1, Sub = 2, Min = 3, Max = 4, LRelu = 5, Abs = 6, Clz = 7, Shr = 8, Shl = 9, Lsr = 10, Div = 11,
  CmpEq = 16, CmpNe = 17, CmpGe = 18, CmpGt = 19, And = 33, Or = 34, Xor = 35, Not = 36, AndNot = 42,
};

namespace reg0 {
enum : uint16_t {
  IfmPadTop = 0x100, IfmPadLeft = 0x101, IfmPadRight = 0x102, IfmPadBottom = 0x103, IfmDepthM1 = 0x104,
  IfmPrecision = 0x105, IfmUpscale = 0x107, IfmBroadcast = 0x108, IfmZeroPoint = 0x109, IfmWidth0M1 = 0x10A,
  IfmHeight0M1 = 0x10B, IfmHeight1M1 = 0x10C, IfmRegion = 0x10F, OfmWidthM1 = 0x111, OfmHeightM1 = 0x112,
  OfmDepthM1 = 0x113, OfmPrecision = 0x114, OfmBlkWidthM1 = 0x115, OfmBlkHeightM1 = 0x116, OfmBlkDepthM1 = 0x117,
  OfmZeroPoint = 0x118, OfmWidth0M1 = 0x11A, OfmHeight0M1 = 0x11B, OfmHeight1M1 = 0x11C, OfmRegion = 0x11F,
  KernelWidthM1 = 0x120, KernelHeightM1 = 0x121, KernelStride = 0x122, AccFormat = 0x124, Activation = 0x125,
  ActivationMin = 0x126, ActivationMax = 0x127, WeightRegion = 0x128, ScaleRegion = 0x129, ResizeXScaleNM1 = 0x12A,
  ResizeYScaleNM1 = 0x12B, ResizeXOffset = 0x12C, ResizeYOffset = 0x12D, WeightFormat = 0x12E, BlockDep = 0x12F,
  DmaSrcRegion = 0x130, DmaDstRegion = 0x131, DmaSize0 = 0x132, DmaSize1 = 0x133, DmaIdxRegion = 0x134,
  Ifm2Broadcast = 0x180, Ifm2Precision = 0x185, Ifm2ZeroPoint = 0x189, Ifm2Width0M1 = 0x18A, Ifm2Height0M1 = 0x18B,
  Ifm2Height1M1 = 0x18C, Ifm2Region = 0x18F,
};
}  // namespace reg0

namespace reg1 {
enum : uint16_t {
  IfmBase0 = 0x000, IfmStrideX = 0x004, IfmStrideY = 0x005, IfmStrideC = 0x006, OfmBase0 = 0x010,
  OfmStrideX = 0x014, OfmStrideY = 0x015, OfmStrideC = 0x016, WeightBase = 0x020, WeightLength = 0x021,
  ScaleBase = 0x022, ScaleLength = 0x023, OfmScale = 0x024, IfmScale = 0x025, Ifm2Scale = 0x026, OpScalar = 0x027,
  DmaSrc = 0x030, DmaDst = 0x031, DmaLen = 0x032, DmaSrcStride0 = 0x033, DmaSrcStride1 = 0x034,
  DmaDstStride0 = 0x035, DmaDstStride1 = 0x036, DmaIdx = 0x037, DmaIdxMax = 0x038, DmaIdxSkip1 = 0x039,
  Ifm2Base0 = 0x080, Ifm2StrideX = 0x084, Ifm2StrideY = 0x085, Ifm2StrideC = 0x086, Weight1Base = 0x090,
  Weight1Length = 0x091, ResizeXStep = 0x096, ResizeYStep = 0x097,
};
}  // namespace reg1

// A 40-bit address or stride register, sign-extended (a stride may be negative).
inline int64_t address_of(const RegisterFile& r, uint16_t id) {
  const uint64_t raw = (static_cast<uint64_t>(r.cmd1_param[id] & 0xFF) << 32) | r.cmd1[id];
  return static_cast<int64_t>(raw << 24) >> 24;
}

// Fields of the precision registers.
enum class Storage : uint8_t { Tile2x2 = 0, Tile3x1 = 1, Chained = 2, None = 3 };
inline Storage storage_of(uint16_t precision) { return static_cast<Storage>((precision >> 14) & 3); }

}  // namespace ember::ethosu::u85
