#include "ethosu/regs/command_stream.h"

namespace ember::ethosu {
namespace {

struct Name {
  uint16_t opcode;
  const char* name;
};

// Vela's mnemonics (its --verbose-register-command-stream listing).
constexpr Name kOperations[] = {
    {0x000, "NPU_OP_STOP"}, {0x001, "NPU_OP_IRQ"}, {0x002, "NPU_OP_CONV"}, {0x003, "NPU_OP_DEPTHWISE"},
    {0x005, "NPU_OP_POOL"}, {0x006, "NPU_OP_ELEMENTWISE"}, {0x010, "NPU_OP_DMA_START"},
    {0x011, "NPU_OP_DMA_WAIT"}, {0x012, "NPU_OP_KERNEL_WAIT"}, {0x013, "NPU_OP_PMU_MASK"},
    {reg0::IfmPadTop, "NPU_SET_IFM_PAD_TOP"}, {reg0::IfmPadLeft, "NPU_SET_IFM_PAD_LEFT"},
    {reg0::IfmPadRight, "NPU_SET_IFM_PAD_RIGHT"}, {reg0::IfmPadBottom, "NPU_SET_IFM_PAD_BOTTOM"},
    {reg0::IfmDepthM1, "NPU_SET_IFM_DEPTH_M1"}, {reg0::IfmPrecision, "NPU_SET_IFM_PRECISION"},
    {reg0::IfmUpscale, "NPU_SET_IFM_UPSCALE"}, {reg0::IfmZeroPoint, "NPU_SET_IFM_ZERO_POINT"},
    {reg0::IfmWidth0M1, "NPU_SET_IFM_WIDTH0_M1"}, {reg0::IfmHeight0M1, "NPU_SET_IFM_HEIGHT0_M1"},
    {reg0::IfmHeight1M1, "NPU_SET_IFM_HEIGHT1_M1"}, {reg0::IfmIbEnd, "NPU_SET_IFM_IB_END"},
    {reg0::IfmRegion, "NPU_SET_IFM_REGION"}, {reg0::OfmWidthM1, "NPU_SET_OFM_WIDTH_M1"},
    {reg0::OfmHeightM1, "NPU_SET_OFM_HEIGHT_M1"}, {reg0::OfmDepthM1, "NPU_SET_OFM_DEPTH_M1"},
    {reg0::OfmPrecision, "NPU_SET_OFM_PRECISION"}, {reg0::OfmBlkWidthM1, "NPU_SET_OFM_BLK_WIDTH_M1"},
    {reg0::OfmBlkHeightM1, "NPU_SET_OFM_BLK_HEIGHT_M1"}, {reg0::OfmBlkDepthM1, "NPU_SET_OFM_BLK_DEPTH_M1"},
    {reg0::OfmZeroPoint, "NPU_SET_OFM_ZERO_POINT"}, {reg0::OfmWidth0M1, "NPU_SET_OFM_WIDTH0_M1"},
    {reg0::OfmHeight0M1, "NPU_SET_OFM_HEIGHT0_M1"}, {reg0::OfmHeight1M1, "NPU_SET_OFM_HEIGHT1_M1"},
    {reg0::OfmRegion, "NPU_SET_OFM_REGION"}, {reg0::KernelWidthM1, "NPU_SET_KERNEL_WIDTH_M1"},
    {reg0::KernelHeightM1, "NPU_SET_KERNEL_HEIGHT_M1"}, {reg0::KernelStride, "NPU_SET_KERNEL_STRIDE"},
    {reg0::AccFormat, "NPU_SET_ACC_FORMAT"}, {reg0::Activation, "NPU_SET_ACTIVATION"},
    {reg0::ActivationMin, "NPU_SET_ACTIVATION_MIN"}, {reg0::ActivationMax, "NPU_SET_ACTIVATION_MAX"},
    {reg0::WeightRegion, "NPU_SET_WEIGHT_REGION"}, {reg0::ScaleRegion, "NPU_SET_SCALE_REGION"},
    {reg0::AbStart, "NPU_SET_AB_START"}, {reg0::BlockDep, "NPU_SET_BLOCKDEP"},
    {reg0::DmaSrcRegion, "NPU_SET_DMA0_SRC_REGION"}, {reg0::DmaDstRegion, "NPU_SET_DMA0_DST_REGION"},
    {reg0::DmaSize0, "NPU_SET_DMA0_SIZE0"}, {reg0::DmaSize1, "NPU_SET_DMA0_SIZE1"},
    {reg0::Ifm2Broadcast, "NPU_SET_IFM2_BROADCAST"}, {reg0::Ifm2Scalar, "NPU_SET_IFM2_SCALAR"},
    {reg0::Ifm2Precision, "NPU_SET_IFM2_PRECISION"}, {reg0::Ifm2ZeroPoint, "NPU_SET_IFM2_ZERO_POINT"},
    {reg0::Ifm2Width0M1, "NPU_SET_IFM2_WIDTH0_M1"}, {reg0::Ifm2Height0M1, "NPU_SET_IFM2_HEIGHT0_M1"},
    {reg0::Ifm2Height1M1, "NPU_SET_IFM2_HEIGHT1_M1"}, {reg0::Ifm2IbStart, "NPU_SET_IFM2_IB_START"},
    {reg0::Ifm2Region, "NPU_SET_IFM2_REGION"},
};

constexpr Name kPayloadRegisters[] = {
    {reg1::IfmBase0, "NPU_SET_IFM_BASE0"}, {reg1::IfmBase1, "NPU_SET_IFM_BASE1"},
    {reg1::IfmBase2, "NPU_SET_IFM_BASE2"}, {reg1::IfmBase3, "NPU_SET_IFM_BASE3"},
    {reg1::IfmStrideX, "NPU_SET_IFM_STRIDE_X"}, {reg1::IfmStrideY, "NPU_SET_IFM_STRIDE_Y"},
    {reg1::IfmStrideC, "NPU_SET_IFM_STRIDE_C"}, {reg1::OfmBase0, "NPU_SET_OFM_BASE0"},
    {reg1::OfmBase1, "NPU_SET_OFM_BASE1"}, {reg1::OfmBase2, "NPU_SET_OFM_BASE2"},
    {reg1::OfmBase3, "NPU_SET_OFM_BASE3"}, {reg1::OfmStrideX, "NPU_SET_OFM_STRIDE_X"},
    {reg1::OfmStrideY, "NPU_SET_OFM_STRIDE_Y"}, {reg1::OfmStrideC, "NPU_SET_OFM_STRIDE_C"},
    {reg1::WeightBase, "NPU_SET_WEIGHT_BASE"}, {reg1::WeightLength, "NPU_SET_WEIGHT_LENGTH"},
    {reg1::ScaleBase, "NPU_SET_SCALE_BASE"}, {reg1::ScaleLength, "NPU_SET_SCALE_LENGTH"},
    {reg1::OfmScale, "NPU_SET_OFM_SCALE"}, {reg1::OpaScale, "NPU_SET_OPA_SCALE"},
    {reg1::OpbScale, "NPU_SET_OPB_SCALE"}, {reg1::DmaSrc, "NPU_SET_DMA0_SRC"}, {reg1::DmaDst, "NPU_SET_DMA0_DST"},
    {reg1::DmaLen, "NPU_SET_DMA0_LEN"}, {reg1::DmaSkip0, "NPU_SET_DMA0_SKIP0"},
    {reg1::DmaSkip1, "NPU_SET_DMA0_SKIP1"}, {reg1::Ifm2Base0, "NPU_SET_IFM2_BASE0"},
    {reg1::Ifm2Base1, "NPU_SET_IFM2_BASE1"}, {reg1::Ifm2Base2, "NPU_SET_IFM2_BASE2"},
    {reg1::Ifm2Base3, "NPU_SET_IFM2_BASE3"}, {reg1::Ifm2StrideX, "NPU_SET_IFM2_STRIDE_X"},
    {reg1::Ifm2StrideY, "NPU_SET_IFM2_STRIDE_Y"}, {reg1::Ifm2StrideC, "NPU_SET_IFM2_STRIDE_C"},
};

}  // namespace

const char* command_name(uint32_t opcode, uint32_t control) {
  if (control == 0) {
    for (const Name& n : kOperations) {
      if (n.opcode == opcode) return n.name;
    }
  } else if (control == 1) {
    for (const Name& n : kPayloadRegisters) {
      if (n.opcode == opcode) return n.name;
    }
  }
  return nullptr;
}

}  // namespace ember::ethosu
