// Names and fields of the Ethos-U55 commands in Vela's vocabulary (its
// --verbose-register-command-stream listing: mnemonic, then "field = value"
// for each field of the param or payload word; enum values as Vela names them).
#include "ethosu/regs/command_stream.h"

namespace ember::ethosu {
namespace {

using namespace table;

constexpr CommandField address() { return {"addr", Source::Payload, 0, 32, Format::Hex, nullptr, 0}; }

// Enum labels, indexed by value (nullptr: no such value).
constexpr const char* kActivationType[] = {"ACTIVATION_TYPE_UNSIGNED", "ACTIVATION_TYPE_SIGNED"};
constexpr const char* kActivationPrecision[] = {"ACTIVATION_PRECISION_B8", "ACTIVATION_PRECISION_B16",
                                                "ACTIVATION_PRECISION_B32", "ACTIVATION_PRECISION_B64"};
constexpr const char* kActivationFormat[] = {"ACTIVATION_FORMAT_NHWC", "ACTIVATION_FORMAT_NHCWB16"};
constexpr const char* kIfmScaleMode[] = {"IFM_SCALE_MODE_OPA_OPB_16", "IFM_SCALE_MODE_OPA_32", "IFM_SCALE_MODE_OPB_32"};
constexpr const char* kOfmScaleMode[] = {"OFM_SCALE_MODE_PER_CHANNEL", "OFM_SCALE_MODE_GLOBAL"};
constexpr const char* kRoundMode[] = {"ROUND_MODE_DBL", "ROUND_MODE_TRUNCATE", "ROUND_MODE_NATURAL"};
constexpr const char* kUpscaleMode[] = {"IFM_UPSCALE_MODE_NONE", "IFM_UPSCALE_MODE_NEAREST", "IFM_UPSCALE_MODE_ZEROS"};
constexpr const char* kWeightOrder[] = {"WEIGHT_ORDER_DEPTH_FIRST", "WEIGHT_ORDER_PART_KERNEL_FIRST"};
constexpr const char* kDilation[] = {"KERNEL_DILATION_NONE", "KERNEL_DILATION_X2"};
constexpr const char* kDecomposition[] = {"KERNEL_DECOMPOSITION_D8X8", "KERNEL_DECOMPOSITION_D4X4"};
constexpr const char* kAccFormat[] = {"ACC_FORMAT_I32", "ACC_FORMAT_I40", "ACC_FORMAT_F16"};
constexpr const char* kActivationFunction[] = {
    "ACTIVATION_FUNCTION_RELU", nullptr, nullptr, "ACTIVATION_FUNCTION_TANH", "ACTIVATION_FUNCTION_SIGMOID",
    nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr,
    "ACTIVATION_FUNCTION_TABLE_0", "ACTIVATION_FUNCTION_TABLE_1", "ACTIVATION_FUNCTION_TABLE_2",
    "ACTIVATION_FUNCTION_TABLE_3", "ACTIVATION_FUNCTION_TABLE_4", "ACTIVATION_FUNCTION_TABLE_5",
    "ACTIVATION_FUNCTION_TABLE_6", "ACTIVATION_FUNCTION_TABLE_7"};
constexpr const char* kClipRange[] = {"ACTIVATION_CLIP_RANGE_OFM_PRECISION", nullptr,
                                      "ACTIVATION_CLIP_RANGE_FORCE_UINT8", "ACTIVATION_CLIP_RANGE_FORCE_INT8", nullptr,
                                      "ACTIVATION_CLIP_RANGE_FORCE_INT16"};
constexpr const char* kDmaRegionMode[] = {"DMA_REGION_MODE_EXTERNAL", "DMA_REGION_MODE_INTERNAL"};
constexpr const char* kDmaStrideMode[] = {"DMA_STRIDE_MODE_D1", "DMA_STRIDE_MODE_D2", "DMA_STRIDE_MODE_D3"};
constexpr const char* kBroadcast[] = {"BROADCAST_MODE_DISABLE", "BROADCAST_MODE_ENABLE"};
constexpr const char* kOperandOrder[] = {"IFM2_OPERAND_ORDER_ORDER_B", "IFM2_OPERAND_ORDER_ORDER_A"};
constexpr const char* kPoolingMode[] = {"POOLING_MODE_MAX", "POOLING_MODE_AVERAGE", "POOLING_MODE_REDUCE_SUM"};
constexpr const char* kElementwiseMode[] = {
    "ELEMENTWISE_MODE_MUL", "ELEMENTWISE_MODE_ADD", "ELEMENTWISE_MODE_SUB", "ELEMENTWISE_MODE_MIN",
    "ELEMENTWISE_MODE_MAX", "ELEMENTWISE_MODE_LRELU", "ELEMENTWISE_MODE_ABS", "ELEMENTWISE_MODE_CLZ",
    "ELEMENTWISE_MODE_SHR", "ELEMENTWISE_MODE_SHL"};

// Field lists shared by several commands.
constexpr CommandField kMask[] = {param("mask")};
constexpr CommandField kPad[] = {param("pad")};
constexpr CommandField kDepth[] = {param("depth_m1")};
constexpr CommandField kWidth[] = {param("width_m1")};
constexpr CommandField kHeight[] = {param("height_m1")};
constexpr CommandField kZeroPoint[] = {param("zero_point")};
constexpr CommandField kRegion[] = {number("region", Source::Param, 0, 3)};
constexpr CommandField kClip[] = {param("clip_boundary")};
constexpr CommandField kIfmPrecision[] = {
    enum_field("activation_type", Source::Param, 0, 1, kActivationType),
    enum_field("activation_precision", Source::Param, 2, 2, kActivationPrecision),
    enum_field("activation_format", Source::Param, 6, 2, kActivationFormat),
    enum_field("scale_mode", Source::Param, 8, 2, kIfmScaleMode),
    enum_field("round_mode", Source::Param, 14, 2, kRoundMode)};
constexpr CommandField kIfm2Precision[] = {
    enum_field("activation_type", Source::Param, 0, 1, kActivationType),
    enum_field("activation_precision", Source::Param, 2, 2, kActivationPrecision),
    enum_field("activation_format", Source::Param, 6, 2, kActivationFormat)};
constexpr CommandField kOfmPrecision[] = {
    enum_field("activation_type", Source::Param, 0, 1, kActivationType),
    enum_field("activation_precision", Source::Param, 1, 2, kActivationPrecision),
    enum_field("activation_format", Source::Param, 6, 2, kActivationFormat),
    enum_field("scale_mode", Source::Param, 8, 1, kOfmScaleMode),
    enum_field("round_mode", Source::Param, 14, 2, kRoundMode)};
constexpr CommandField kKernelStride[] = {
    number("stride_x_lsb", Source::Param, 0, 1), number("stride_y_lsb", Source::Param, 1, 1),
    enum_field("weight_order", Source::Param, 2, 1, kWeightOrder),
    enum_field("dilation_x", Source::Param, 3, 1, kDilation), enum_field("dilation_y", Source::Param, 4, 1, kDilation),
    enum_field("decomposition", Source::Param, 5, 1, kDecomposition),
    number("stride_x_msb", Source::Param, 6, 1), number("stride_y_msb", Source::Param, 9, 1)};
constexpr CommandField kActivation[] = {
    enum_field("activation_function", Source::Param, 0, 5, kActivationFunction),
    enum_field("activation_clip_range", Source::Param, 12, 3, kClipRange)};
constexpr CommandField kDmaRegion[] = {number("region", Source::Param, 0, 3),
                                       enum_field("region_mode", Source::Param, 8, 1, kDmaRegionMode),
                                       enum_field("stride_mode", Source::Param, 9, 2, kDmaStrideMode)};
constexpr CommandField kBroadcastFields[] = {
    enum_field("broadcast_h", Source::Param, 0, 1, kBroadcast), enum_field("broadcast_w", Source::Param, 1, 1, kBroadcast),
    enum_field("broadcast_c", Source::Param, 2, 1, kBroadcast),
    enum_field("operand_order", Source::Param, 6, 1, kOperandOrder),
    enum_field("broadcast_constant", Source::Param, 7, 1, kBroadcast)};
constexpr CommandField kAddress[] = {address()};
constexpr CommandField kLength[] = {number("length", Source::Payload, 0, 32)};
constexpr CommandField kScale[] = {number("shift", Source::Param, 0, 6), number("scale", Source::Payload, 0, 32)};
constexpr CommandField kOpbScale[] = {number("scale", Source::Payload, 0, 16)};
constexpr CommandField kOpPool[] = {enum_field("pooling_mode", Source::Param, 0, 3, kPoolingMode)};
constexpr CommandField kOpElementwise[] = {enum_field("elementwise_mode", Source::Param, 0, 6, kElementwiseMode)};
constexpr CommandField kOpDmaWait[] = {param("k")};
constexpr CommandField kOpKernelWait[] = {param("n")};
constexpr CommandField kOpPmuMask[] = {param("enable")};
constexpr CommandField kIfmUpscale[] = {enum_field("mode", Source::Param, 0, 2, kUpscaleMode)};
constexpr CommandField kIfmIbEnd[] = {param("ib_end")};
constexpr CommandField kAccFormatFields[] = {enum_field("acc_format", Source::Param, 0, 2, kAccFormat)};
constexpr CommandField kAbStart[] = {param("ab_start")};
constexpr CommandField kBlockdep[] = {param("blockdep")};
constexpr CommandField kDma0Size0[] = {param("size")};
constexpr CommandField kDma0Size1[] = {param("size")};
constexpr CommandField kIfm2Scalar[] = {param("scalar")};
constexpr CommandField kIfm2IbStart[] = {param("ib_start")};

// cmd0: operations (opcode < 0x100) and register writes of the param.
constexpr Command kCommands0[] = {
    command(0x000, "NPU_OP_STOP", kMask), command(0x001, "NPU_OP_IRQ", kMask),
    command(0x002, "NPU_OP_CONV"), command(0x003, "NPU_OP_DEPTHWISE"),
    command(0x005, "NPU_OP_POOL", kOpPool),
    command(0x006, "NPU_OP_ELEMENTWISE", kOpElementwise),
    command(0x010, "NPU_OP_DMA_START"), command(0x011, "NPU_OP_DMA_WAIT", kOpDmaWait),
    command(0x012, "NPU_OP_KERNEL_WAIT", kOpKernelWait), command(0x013, "NPU_OP_PMU_MASK", kOpPmuMask),
    command(reg0::IfmPadTop, "NPU_SET_IFM_PAD_TOP", kPad), command(reg0::IfmPadLeft, "NPU_SET_IFM_PAD_LEFT", kPad),
    command(reg0::IfmPadRight, "NPU_SET_IFM_PAD_RIGHT", kPad),
    command(reg0::IfmPadBottom, "NPU_SET_IFM_PAD_BOTTOM", kPad),
    command(reg0::IfmDepthM1, "NPU_SET_IFM_DEPTH_M1", kDepth),
    command(reg0::IfmPrecision, "NPU_SET_IFM_PRECISION", kIfmPrecision),
    command(reg0::IfmUpscale, "NPU_SET_IFM_UPSCALE", kIfmUpscale),
    command(reg0::IfmZeroPoint, "NPU_SET_IFM_ZERO_POINT", kZeroPoint),
    command(reg0::IfmWidth0M1, "NPU_SET_IFM_WIDTH0_M1", kWidth),
    command(reg0::IfmHeight0M1, "NPU_SET_IFM_HEIGHT0_M1", kHeight),
    command(reg0::IfmHeight1M1, "NPU_SET_IFM_HEIGHT1_M1", kHeight),
    command(reg0::IfmIbEnd, "NPU_SET_IFM_IB_END", kIfmIbEnd),
    command(reg0::IfmRegion, "NPU_SET_IFM_REGION", kRegion),
    command(reg0::OfmWidthM1, "NPU_SET_OFM_WIDTH_M1", kWidth),
    command(reg0::OfmHeightM1, "NPU_SET_OFM_HEIGHT_M1", kHeight),
    command(reg0::OfmDepthM1, "NPU_SET_OFM_DEPTH_M1", kDepth),
    command(reg0::OfmPrecision, "NPU_SET_OFM_PRECISION", kOfmPrecision),
    command(reg0::OfmBlkWidthM1, "NPU_SET_OFM_BLK_WIDTH_M1", kWidth),
    command(reg0::OfmBlkHeightM1, "NPU_SET_OFM_BLK_HEIGHT_M1", kHeight),
    command(reg0::OfmBlkDepthM1, "NPU_SET_OFM_BLK_DEPTH_M1", kDepth),
    command(reg0::OfmZeroPoint, "NPU_SET_OFM_ZERO_POINT", kZeroPoint),
    command(reg0::OfmWidth0M1, "NPU_SET_OFM_WIDTH0_M1", kWidth),
    command(reg0::OfmHeight0M1, "NPU_SET_OFM_HEIGHT0_M1", kHeight),
    command(reg0::OfmHeight1M1, "NPU_SET_OFM_HEIGHT1_M1", kHeight),
    command(reg0::OfmRegion, "NPU_SET_OFM_REGION", kRegion),
    command(reg0::KernelWidthM1, "NPU_SET_KERNEL_WIDTH_M1", kWidth),
    command(reg0::KernelHeightM1, "NPU_SET_KERNEL_HEIGHT_M1", kHeight),
    command(reg0::KernelStride, "NPU_SET_KERNEL_STRIDE", kKernelStride),
    command(reg0::AccFormat, "NPU_SET_ACC_FORMAT", kAccFormatFields),
    command(reg0::Activation, "NPU_SET_ACTIVATION", kActivation),
    command(reg0::ActivationMin, "NPU_SET_ACTIVATION_MIN", kClip),
    command(reg0::ActivationMax, "NPU_SET_ACTIVATION_MAX", kClip),
    command(reg0::WeightRegion, "NPU_SET_WEIGHT_REGION", kRegion),
    command(reg0::ScaleRegion, "NPU_SET_SCALE_REGION", kRegion),
    command(reg0::AbStart, "NPU_SET_AB_START", kAbStart),
    command(reg0::BlockDep, "NPU_SET_BLOCKDEP", kBlockdep),
    command(reg0::DmaSrcRegion, "NPU_SET_DMA0_SRC_REGION", kDmaRegion),
    command(reg0::DmaDstRegion, "NPU_SET_DMA0_DST_REGION", kDmaRegion),
    command(reg0::DmaSize0, "NPU_SET_DMA0_SIZE0", kDma0Size0),
    command(reg0::DmaSize1, "NPU_SET_DMA0_SIZE1", kDma0Size1),
    command(reg0::Ifm2Broadcast, "NPU_SET_IFM2_BROADCAST", kBroadcastFields),
    command(reg0::Ifm2Scalar, "NPU_SET_IFM2_SCALAR", kIfm2Scalar),
    command(reg0::Ifm2Precision, "NPU_SET_IFM2_PRECISION", kIfm2Precision),
    command(reg0::Ifm2ZeroPoint, "NPU_SET_IFM2_ZERO_POINT", kZeroPoint),
    command(reg0::Ifm2Width0M1, "NPU_SET_IFM2_WIDTH0_M1", kWidth),
    command(reg0::Ifm2Height0M1, "NPU_SET_IFM2_HEIGHT0_M1", kHeight),
    command(reg0::Ifm2Height1M1, "NPU_SET_IFM2_HEIGHT1_M1", kHeight),
    command(reg0::Ifm2IbStart, "NPU_SET_IFM2_IB_START", kIfm2IbStart),
    command(reg0::Ifm2Region, "NPU_SET_IFM2_REGION", kRegion),
};

// cmd1: register writes of the payload word.
constexpr Command kCommands1[] = {
    command(reg1::IfmBase0, "NPU_SET_IFM_BASE0", kAddress), command(reg1::IfmBase1, "NPU_SET_IFM_BASE1", kAddress),
    command(reg1::IfmBase2, "NPU_SET_IFM_BASE2", kAddress), command(reg1::IfmBase3, "NPU_SET_IFM_BASE3", kAddress),
    command(reg1::IfmStrideX, "NPU_SET_IFM_STRIDE_X", kAddress),
    command(reg1::IfmStrideY, "NPU_SET_IFM_STRIDE_Y", kAddress),
    command(reg1::IfmStrideC, "NPU_SET_IFM_STRIDE_C", kAddress),
    command(reg1::OfmBase0, "NPU_SET_OFM_BASE0", kAddress), command(reg1::OfmBase1, "NPU_SET_OFM_BASE1", kAddress),
    command(reg1::OfmBase2, "NPU_SET_OFM_BASE2", kAddress), command(reg1::OfmBase3, "NPU_SET_OFM_BASE3", kAddress),
    command(reg1::OfmStrideX, "NPU_SET_OFM_STRIDE_X", kAddress),
    command(reg1::OfmStrideY, "NPU_SET_OFM_STRIDE_Y", kAddress),
    command(reg1::OfmStrideC, "NPU_SET_OFM_STRIDE_C", kAddress),
    command(reg1::WeightBase, "NPU_SET_WEIGHT_BASE", kAddress),
    command(reg1::WeightLength, "NPU_SET_WEIGHT_LENGTH", kLength),
    command(reg1::ScaleBase, "NPU_SET_SCALE_BASE", kAddress),
    command(reg1::ScaleLength, "NPU_SET_SCALE_LENGTH", kLength),
    command(reg1::OfmScale, "NPU_SET_OFM_SCALE", kScale), command(reg1::OpaScale, "NPU_SET_OPA_SCALE", kScale),
    command(reg1::OpbScale, "NPU_SET_OPB_SCALE", kOpbScale),
    command(reg1::DmaSrc, "NPU_SET_DMA0_SRC", kAddress), command(reg1::DmaDst, "NPU_SET_DMA0_DST", kAddress),
    command(reg1::DmaLen, "NPU_SET_DMA0_LEN", kAddress), command(reg1::DmaSkip0, "NPU_SET_DMA0_SKIP0", kAddress),
    command(reg1::DmaSkip1, "NPU_SET_DMA0_SKIP1", kAddress),
    command(reg1::Ifm2Base0, "NPU_SET_IFM2_BASE0", kAddress), command(reg1::Ifm2Base1, "NPU_SET_IFM2_BASE1", kAddress),
    command(reg1::Ifm2Base2, "NPU_SET_IFM2_BASE2", kAddress), command(reg1::Ifm2Base3, "NPU_SET_IFM2_BASE3", kAddress),
    command(reg1::Ifm2StrideX, "NPU_SET_IFM2_STRIDE_X", kAddress),
    command(reg1::Ifm2StrideY, "NPU_SET_IFM2_STRIDE_Y", kAddress),
    command(reg1::Ifm2StrideC, "NPU_SET_IFM2_STRIDE_C", kAddress),
};

}  // namespace

const CommandTable& command_table() {
  static constexpr CommandTable kTable{Span<const Command>(kCommands0), Span<const Command>(kCommands1), nullptr};
  return kTable;
}

}  // namespace ember::ethosu
