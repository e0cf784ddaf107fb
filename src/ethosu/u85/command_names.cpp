// Names and fields of the Ethos-U85 commands in Vela's vocabulary: the
// mnemonic, then "field = value" for each field of the param or payload, enum
// values by Vela's names (docs/ethos-u85.md lists where each comes from).
#include "ethosu/u85/command_stream.h"

namespace ember::ethosu::u85 {
namespace {

using namespace table;

constexpr CommandField address() { return {"addr", Source::Address40, 0, 40, Format::Hex, nullptr, 0}; }

// Enum labels, indexed by value.
constexpr const char* kNone = "****";
constexpr const char* kActivationType[] = {"ACTIVATION_TYPE_UNSIGNED", "ACTIVATION_TYPE_SIGNED"};
constexpr const char* kActivationPrecision[] = {"ACTIVATION_PRECISION_B8", "ACTIVATION_PRECISION_B16",
                                                "ACTIVATION_PRECISION_B32", "ACTIVATION_PRECISION_B64"};
constexpr const char* kActivationFormat[] = {"ACTIVATION_FORMAT_NHWC", "ACTIVATION_FORMAT_NHCWB16"};
constexpr const char* kActivationStorage[] = {"ACTIVATION_STORAGE_TILE2X2", "ACTIVATION_STORAGE_TILE3X1",
                                              "ACTIVATION_STORAGE_CHAINED", "ACTIVATION_STORAGE_NONE"};
constexpr const char* kUpscaleMode[] = {"IFM_UPSCALE_MODE_NONE", "IFM_UPSCALE_MODE_NEAREST", "IFM_UPSCALE_MODE_ZEROS"};
constexpr const char* kBroadcastMode[] = {
    "BROADCAST_MODE_NONE", "BROADCAST_MODE_H",  "BROADCAST_MODE_W",  "BROADCAST_MODE_HW",    "BROADCAST_MODE_C",
    "BROADCAST_MODE_CH",   "BROADCAST_MODE_CW", "BROADCAST_MODE_CWH", "BROADCAST_MODE_SCALAR"};
constexpr const char* kOfmScaleMode[] = {"OFM_SCALE_MODE_PER_CHANNEL", "OFM_SCALE_MODE_GLOBAL"};
constexpr const char* kReverse[] = {"ACTIVATION_REVERSE_NONE", "ACTIVATION_REVERSE_H", "ACTIVATION_REVERSE_W",
                                    "ACTIVATION_REVERSE_C"};
constexpr const char* kTranspose[] = {"ACTIVATION_TRANSPOSE_HWC", "ACTIVATION_TRANSPOSE_WHC",
                                      "ACTIVATION_TRANSPOSE_HCW", "ACTIVATION_TRANSPOSE_WCH",
                                      kNone,                      kNone,
                                      "ACTIVATION_TRANSPOSE_CHW", "ACTIVATION_TRANSPOSE_CWH"};
constexpr const char* kWeightOrder[] = {"WEIGHT_ORDER_DEPTH_FIRST", "WEIGHT_ORDER_PART_KERNEL_FIRST"};
constexpr const char* kDilation[] = {"KERNEL_DILATION_NONE", "KERNEL_DILATION_X2"};
constexpr const char* kDecomposition[] = {"KERNEL_DECOMPOSITION_D8X8", "KERNEL_DECOMPOSITION_D4X4"};
constexpr const char* kAccFormat[] = {"ACC_FORMAT_I32", "ACC_FORMAT_I48"};
constexpr const char* kAccInput[] = {"ACC_INPUT_RESET", "ACC_INPUT_KEEP", "ACC_INPUT_IFM2"};
constexpr const char* kAccOutput[] = {"ACC_OUTPUT_ENABLE", "ACC_OUTPUT_DISABLE"};
constexpr const char* kMicroblock[] = {"MICROBLOCK_U1X1", "MICROBLOCK_U1X2", "MICROBLOCK_U1X4",
                                       "MICROBLOCK_U2X2", "MICROBLOCK_U2X4", "MICROBLOCK_U4X4"};
constexpr const char* kActivationFunction[] = {
    "ACTIVATION_FUNCTION_LUT_NONE",    "ACTIVATION_FUNCTION_LUT_U8_U8",   kNone,
    kNone,                             "ACTIVATION_FUNCTION_LUT_S8_S8",   "ACTIVATION_FUNCTION_LUT_S8_S16",
    kNone,                             "ACTIVATION_FUNCTION_LUT_S8_S32",  "ACTIVATION_FUNCTION_LUT_S16_S16",
    "ACTIVATION_FUNCTION_LUT_S16_S32", "ACTIVATION_FUNCTION_LUT_TANH",    "ACTIVATION_FUNCTION_LUT_SIGMOID"};
constexpr const char* kClipRange[] = {"ACTIVATION_CLIP_RANGE_B16", "ACTIVATION_CLIP_RANGE_NONE"};
constexpr const char* kWeightFormat[] = {"WEIGHT_FORMAT_SWD", "WEIGHT_FORMAT_FWD"};
constexpr const char* kWeightSparsity[] = {"WEIGHT_SPARSITY_NONE", "WEIGHT_SPARSITY_SPARSE_2_4"};
constexpr const char* kDmaRegionMode[] = {"DMA_REGION_MODE_EXTERNAL", "DMA_REGION_MODE_INTERNAL"};
constexpr const char* kDmaStrideMode[] = {"DMA_STRIDE_MODE_D1", "DMA_STRIDE_MODE_D2", "DMA_STRIDE_MODE_D3"};
constexpr const char* kDmaIdxMode[] = {"DMA_IDX_MODE_DISABLED", "DMA_IDX_MODE_ENABLED"};
constexpr const char* kRoundModeOfm[] = {"ROUND_MODE_OFM_DOUBLE_SYMMETRIC", "ROUND_MODE_OFM_NATURAL",
                                         "ROUND_MODE_OFM_DOUBLE_ASYMMETRIC", "ROUND_MODE_OFM_SYMMETRIC",
                                         "ROUND_MODE_OFM_TRUNCATE_TO_ZERO", "ROUND_MODE_OFM_TRUNCATE_TO_LOWER"};
constexpr const char* kRoundModeIfm[] = {"ROUND_MODE_IFM_DOUBLE_SYMMETRIC", "ROUND_MODE_IFM_NATURAL"};
constexpr const char* kPoolingMode[] = {"POOLING_MODE_MAX", "POOLING_MODE_AVERAGE", "POOLING_MODE_REDUCE_SUM",
                                        "POOLING_MODE_SUM", "POOLING_MODE_NONE",    "POOLING_MODE_MIN",
                                        "POOLING_MODE_ARGMAX_X", "POOLING_MODE_ARGMAX_Y"};
constexpr const char* kElementwiseMode[] = {
    "ELEMENTWISE_MODE_MUL", "ELEMENTWISE_MODE_ADD",    "ELEMENTWISE_MODE_SUB",    "ELEMENTWISE_MODE_MIN",
    "ELEMENTWISE_MODE_MAX", "ELEMENTWISE_MODE_LRELU",  "ELEMENTWISE_MODE_ABS",    "ELEMENTWISE_MODE_CLZ",
    "ELEMENTWISE_MODE_SHR", "ELEMENTWISE_MODE_SHL",    "ELEMENTWISE_MODE_LSR",    "ELEMENTWISE_MODE_DIV",
    kNone,                  kNone,                     kNone,                     kNone,
    "ELEMENTWISE_MODE_CMP_EQ", "ELEMENTWISE_MODE_CMP_NE", "ELEMENTWISE_MODE_CMP_GE", "ELEMENTWISE_MODE_CMP_GT",
    kNone, kNone, kNone, kNone, kNone, kNone, kNone, kNone, kNone, kNone, kNone, kNone, kNone,
    "ELEMENTWISE_MODE_AND", "ELEMENTWISE_MODE_OR",     "ELEMENTWISE_MODE_XOR",    "ELEMENTWISE_MODE_NOT",
    kNone, kNone, kNone, kNone, kNone,
    "ELEMENTWISE_MODE_AND_NOT"};
constexpr const char* kResizeMode[] = {"RESIZE_MODE_BILINEAR", "RESIZE_MODE_REPLICATE", "RESIZE_MODE_NEAREST"};
constexpr const char* kBranchCond[] = {"BRANCH_COND_ALWAYS", "BRANCH_COND_RF_TRUE"};

static_assert(sizeof(kElementwiseMode) / sizeof(kElementwiseMode[0]) == 43, "AND_NOT is mode 42");

// Field lists, most shared by several commands.
constexpr CommandField kMask[] = {param("mask")};
constexpr CommandField kPadNarrow[] = {param("pad", 7)};
constexpr CommandField kPadWide[] = {param("pad", 8)};
constexpr CommandField kDepth[] = {param("depth_m1")};
constexpr CommandField kWidth[] = {param("width_m1")};
constexpr CommandField kHeight[] = {param("height_m1")};
constexpr CommandField kBlockWidth[] = {param("width_m1", 7)};
constexpr CommandField kBlockHeight[] = {param("height_m1", 7)};
constexpr CommandField kBlockDepth[] = {param("depth_m1", 10)};
constexpr CommandField kZeroPoint[] = {param("zero_point")};
constexpr CommandField kRegion[] = {param("region", 3)};
constexpr CommandField kClip[] = {param("clip_boundary")};
constexpr CommandField kIfmPrecision[] = {
    enum_field("activation_type", Source::Param, 0, 1, kActivationType),
    enum_field("activation_precision", Source::Param, 2, 2, kActivationPrecision),
    enum_field("activation_format", Source::Param, 6, 2, kActivationFormat),
    enum_field("activation_storage", Source::Param, 14, 2, kActivationStorage)};
constexpr CommandField kOfmPrecision[] = {
    enum_field("activation_type", Source::Param, 0, 1, kActivationType),
    enum_field("activation_precision", Source::Param, 1, 2, kActivationPrecision),
    enum_field("activation_format", Source::Param, 6, 2, kActivationFormat),
    enum_field("scale_mode", Source::Param, 8, 1, kOfmScaleMode),
    enum_field("activation_reverse", Source::Param, 9, 2, kReverse),
    enum_field("activation_transpose", Source::Param, 11, 3, kTranspose),
    enum_field("activation_storage", Source::Param, 14, 2, kActivationStorage)};
constexpr CommandField kBroadcast[] = {enum_field("broadcast_mode", Source::Param, 0, 4, kBroadcastMode)};
constexpr CommandField kKernelStride[] = {
    number("stride_x_lsb", Source::Param, 0, 1), number("stride_y_lsb", Source::Param, 1, 1),
    enum_field("weight_order", Source::Param, 2, 1, kWeightOrder),
    enum_field("dilation_x", Source::Param, 3, 1, kDilation), enum_field("dilation_y", Source::Param, 4, 1, kDilation),
    enum_field("decomposition", Source::Param, 5, 1, kDecomposition),
    number("stride_x_msb", Source::Param, 6, 1), number("stride_y_msb", Source::Param, 9, 1)};
constexpr CommandField kAccFormatFields[] = {
    enum_field("acc_format", Source::Param, 0, 2, kAccFormat), enum_field("acc_input", Source::Param, 4, 2, kAccInput),
    enum_field("acc_output", Source::Param, 6, 1, kAccOutput),
    enum_field("microblock", Source::Param, 8, 3, kMicroblock)};
constexpr CommandField kActivation[] = {
    enum_field("activation_function", Source::Param, 0, 5, kActivationFunction),
    number("table", Source::Param, 5, 3), enum_field("activation_clip_range", Source::Param, 12, 1, kClipRange)};
constexpr CommandField kWeightFormatFields[] = {
    enum_field("weight_format", Source::Param, 0, 1, kWeightFormat),
    enum_field("weight_sparsity", Source::Param, 4, 1, kWeightSparsity)};
constexpr CommandField kBlockdep[] = {param("blockdep", 3)};
constexpr CommandField kResizeXScale[] = {param("resize_x_scale_n_m1", 11)};
constexpr CommandField kResizeYScale[] = {param("resize_y_scale_n_m1", 11)};
constexpr CommandField kResizeXOffset[] = {signed_number("resize_x_offset", Source::Param, 0, 12)};
constexpr CommandField kResizeYOffset[] = {signed_number("resize_y_offset", Source::Param, 0, 12)};
constexpr CommandField kDmaSrcRegion[] = {param("region", 3),
                                          enum_field("region_mode", Source::Param, 8, 1, kDmaRegionMode),
                                          enum_field("stride_mode", Source::Param, 9, 2, kDmaStrideMode),
                                          enum_field("idx_mode", Source::Param, 11, 1, kDmaIdxMode)};
constexpr CommandField kDmaDstRegion[] = {param("region", 3),
                                          enum_field("region_mode", Source::Param, 8, 1, kDmaRegionMode),
                                          enum_field("idx_mode", Source::Param, 11, 1, kDmaIdxMode)};
constexpr CommandField kSize[] = {param("size")};
constexpr CommandField kOpConv[] = {param("weights_ifm2", 1)};
constexpr CommandField kOpPool[] = {enum_field("pooling_mode", Source::Param, 0, 3, kPoolingMode)};
constexpr CommandField kOpElementwise[] = {enum_field("elementwise_mode", Source::Param, 0, 6, kElementwiseMode)};
constexpr CommandField kOpResize[] = {enum_field("resize_mode", Source::Param, 0, 2, kResizeMode)};
constexpr CommandField kOpDmaWait[] = {param("k", 2)};
constexpr CommandField kOpKernelWait[] = {param("n", 1)};
constexpr CommandField kOpPmuMask[] = {param("enable", 1)};
constexpr CommandField kUpscale[] = {enum_field("mode", Source::Param, 0, 2, kUpscaleMode)};

constexpr CommandField kAddress[] = {address()};
constexpr CommandField kLength[] = {number("length", Source::Payload, 0, 32)};
constexpr CommandField kScaleLength[] = {number("length", Source::Payload, 0, 20)};
constexpr CommandField kOfmScale[] = {
    number("shift", Source::Param, 0, 6), number("dbl_rnd", Source::Param, 6, 5),
    enum_field("round_mode", Source::Param, 13, 3, kRoundModeOfm), number("scale", Source::Payload, 0, 31)};
constexpr CommandField kIfmScale[] = {
    number("shift", Source::Param, 0, 6), number("dbl_rnd", Source::Param, 6, 5),
    enum_field("round_mode", Source::Param, 13, 1, kRoundModeIfm), number("scale", Source::Payload, 0, 31)};
constexpr CommandField kOpScalar[] = {signed_number("scalar", Source::Payload, 0, 32)};
constexpr CommandField kIdxMax[] = {number("idx_max", Source::Payload, 0, 31)};
constexpr CommandField kResizeStep[] = {
    number("one_step_int", Source::Param, 0, 4), number("blk_step_int", Source::Param, 4, 11),
    number("one_step_mod", Source::Payload, 0, 11), number("blk_step_mod", Source::Payload, 16, 11)};
constexpr CommandField kBranch[] = {enum_field("branch_cond", Source::Param, 0, 1, kBranchCond),
                                    number("branch_target", Source::Payload, 0, 32)};

// cmd0: operations (opcode < 0x100) and register writes of the param.
constexpr Command kCommands0[] = {
    command(0x000, "NPU_OP_STOP", kMask),
    command(0x001, "NPU_OP_IRQ", kMask),
    command(0x002, "NPU_OP_CONV", kOpConv),
    command(0x003, "NPU_OP_DEPTHWISE"),
    command(0x005, "NPU_OP_POOL", kOpPool),
    command(0x006, "NPU_OP_ELEMENTWISE", kOpElementwise),
    command(0x007, "NPU_OP_RESIZE", kOpResize),
    command(0x010, "NPU_OP_DMA_START"),
    command(0x011, "NPU_OP_DMA_WAIT", kOpDmaWait),
    command(0x012, "NPU_OP_KERNEL_WAIT", kOpKernelWait),
    command(0x013, "NPU_OP_PMU_MASK", kOpPmuMask),
    command(0x100, "NPU_SET_IFM_PAD_TOP", kPadNarrow),
    command(0x101, "NPU_SET_IFM_PAD_LEFT", kPadNarrow),
    command(0x102, "NPU_SET_IFM_PAD_RIGHT", kPadWide),
    command(0x103, "NPU_SET_IFM_PAD_BOTTOM", kPadWide),
    command(0x104, "NPU_SET_IFM_DEPTH_M1", kDepth),
    command(0x105, "NPU_SET_IFM_PRECISION", kIfmPrecision),
    command(0x107, "NPU_SET_IFM_UPSCALE", kUpscale),
    command(0x108, "NPU_SET_IFM_BROADCAST", kBroadcast),
    command(0x109, "NPU_SET_IFM_ZERO_POINT", kZeroPoint),
    command(0x10A, "NPU_SET_IFM_WIDTH0_M1", kWidth),
    command(0x10B, "NPU_SET_IFM_HEIGHT0_M1", kHeight),
    command(0x10C, "NPU_SET_IFM_HEIGHT1_M1", kHeight),
    command(0x10F, "NPU_SET_IFM_REGION", kRegion),
    command(0x111, "NPU_SET_OFM_WIDTH_M1", kWidth),
    command(0x112, "NPU_SET_OFM_HEIGHT_M1", kHeight),
    command(0x113, "NPU_SET_OFM_DEPTH_M1", kDepth),
    command(0x114, "NPU_SET_OFM_PRECISION", kOfmPrecision),
    command(0x115, "NPU_SET_OFM_BLK_WIDTH_M1", kBlockWidth),
    command(0x116, "NPU_SET_OFM_BLK_HEIGHT_M1", kBlockHeight),
    command(0x117, "NPU_SET_OFM_BLK_DEPTH_M1", kBlockDepth),
    command(0x118, "NPU_SET_OFM_ZERO_POINT", kZeroPoint),
    command(0x11A, "NPU_SET_OFM_WIDTH0_M1", kWidth),
    command(0x11B, "NPU_SET_OFM_HEIGHT0_M1", kHeight),
    command(0x11C, "NPU_SET_OFM_HEIGHT1_M1", kHeight),
    command(0x11F, "NPU_SET_OFM_REGION", kRegion),
    command(0x120, "NPU_SET_KERNEL_WIDTH_M1", kWidth),
    command(0x121, "NPU_SET_KERNEL_HEIGHT_M1", kHeight),
    command(0x122, "NPU_SET_KERNEL_STRIDE", kKernelStride),
    command(0x124, "NPU_SET_ACC_FORMAT", kAccFormatFields),
    command(0x125, "NPU_SET_ACTIVATION", kActivation),
    command(0x126, "NPU_SET_ACTIVATION_MIN", kClip),
    command(0x127, "NPU_SET_ACTIVATION_MAX", kClip),
    command(0x128, "NPU_SET_WEIGHT_REGION", kRegion),
    command(0x129, "NPU_SET_SCALE_REGION", kRegion),
    command(0x12A, "NPU_SET_RESIZE_X_SCALE_N_M1", kResizeXScale),
    command(0x12B, "NPU_SET_RESIZE_Y_SCALE_N_M1", kResizeYScale),
    command(0x12C, "NPU_SET_RESIZE_X_OFFSET", kResizeXOffset),
    command(0x12D, "NPU_SET_RESIZE_Y_OFFSET", kResizeYOffset),
    command(0x12E, "NPU_SET_WEIGHT_FORMAT", kWeightFormatFields),
    command(0x12F, "NPU_SET_BLOCKDEP", kBlockdep),
    command(0x130, "NPU_SET_DMA0_SRC_REGION", kDmaSrcRegion),
    command(0x131, "NPU_SET_DMA0_DST_REGION", kDmaDstRegion),
    command(0x132, "NPU_SET_DMA0_SIZE0", kSize),
    command(0x133, "NPU_SET_DMA0_SIZE1", kSize),
    command(0x134, "NPU_SET_DMA0_IDX_REGION", kRegion),
    command(0x180, "NPU_SET_IFM2_BROADCAST", kBroadcast),
    command(0x185, "NPU_SET_IFM2_PRECISION", kIfmPrecision),
    command(0x189, "NPU_SET_IFM2_ZERO_POINT", kZeroPoint),
    command(0x18A, "NPU_SET_IFM2_WIDTH0_M1", kWidth),
    command(0x18B, "NPU_SET_IFM2_HEIGHT0_M1", kHeight),
    command(0x18C, "NPU_SET_IFM2_HEIGHT1_M1", kHeight),
    command(0x18F, "NPU_SET_IFM2_REGION", kRegion),
};

// cmd1: register writes of the payload word (and param bits for 40-bit addresses).
constexpr Command kCommands1[] = {
    command(0x000, "NPU_SET_IFM_BASE0", kAddress),
    command(0x001, "NPU_SET_IFM_BASE1", kAddress),
    command(0x002, "NPU_SET_IFM_BASE2", kAddress),
    command(0x003, "NPU_SET_IFM_BASE3", kAddress),
    command(0x004, "NPU_SET_IFM_STRIDE_X", kAddress),
    command(0x005, "NPU_SET_IFM_STRIDE_Y", kAddress),
    command(0x006, "NPU_SET_IFM_STRIDE_C", kAddress),
    command(0x010, "NPU_SET_OFM_BASE0", kAddress),
    command(0x011, "NPU_SET_OFM_BASE1", kAddress),
    command(0x012, "NPU_SET_OFM_BASE2", kAddress),
    command(0x013, "NPU_SET_OFM_BASE3", kAddress),
    command(0x014, "NPU_SET_OFM_STRIDE_X", kAddress),
    command(0x015, "NPU_SET_OFM_STRIDE_Y", kAddress),
    command(0x016, "NPU_SET_OFM_STRIDE_C", kAddress),
    command(0x020, "NPU_SET_WEIGHT_BASE", kAddress),
    command(0x021, "NPU_SET_WEIGHT_LENGTH", kLength),
    command(0x022, "NPU_SET_SCALE_BASE", kAddress),
    command(0x023, "NPU_SET_SCALE_LENGTH", kScaleLength),
    command(0x024, "NPU_SET_OFM_SCALE", kOfmScale),
    command(0x025, "NPU_SET_IFM_SCALE", kIfmScale),
    command(0x026, "NPU_SET_IFM2_SCALE", kIfmScale),
    command(0x027, "NPU_SET_OP_SCALAR", kOpScalar),
    command(0x030, "NPU_SET_DMA0_SRC", kAddress),
    command(0x031, "NPU_SET_DMA0_DST", kAddress),
    command(0x032, "NPU_SET_DMA0_LEN", kAddress),
    command(0x033, "NPU_SET_DMA0_SRC_STRIDE0", kAddress),
    command(0x034, "NPU_SET_DMA0_SRC_STRIDE1", kAddress),
    command(0x035, "NPU_SET_DMA0_DST_STRIDE0", kAddress),
    command(0x036, "NPU_SET_DMA0_DST_STRIDE1", kAddress),
    command(0x037, "NPU_SET_DMA0_IDX", kAddress),
    command(0x038, "NPU_SET_DMA0_IDX_MAX", kIdxMax),
    command(0x039, "NPU_SET_DMA0_IDX_SKIP1", kAddress),
    command(0x080, "NPU_SET_IFM2_BASE0", kAddress),
    command(0x081, "NPU_SET_IFM2_BASE1", kAddress),
    command(0x082, "NPU_SET_IFM2_BASE2", kAddress),
    command(0x083, "NPU_SET_IFM2_BASE3", kAddress),
    command(0x084, "NPU_SET_IFM2_STRIDE_X", kAddress),
    command(0x085, "NPU_SET_IFM2_STRIDE_Y", kAddress),
    command(0x086, "NPU_SET_IFM2_STRIDE_C", kAddress),
    command(0x090, "NPU_SET_WEIGHT1_BASE", kAddress),
    command(0x091, "NPU_SET_WEIGHT1_LENGTH", kLength),
    command(0x092, "NPU_SET_WEIGHT2_BASE", kAddress),
    command(0x093, "NPU_SET_WEIGHT2_LENGTH", kLength),
    command(0x094, "NPU_SET_WEIGHT3_BASE", kAddress),
    command(0x095, "NPU_SET_WEIGHT3_LENGTH", kLength),
    command(0x096, "NPU_SET_RESIZE_X_STEP", kResizeStep),
    command(0x097, "NPU_SET_RESIZE_Y_STEP", kResizeStep),
    command(0x100, "NPU_OP_BRANCH", kBranch),
};

}  // namespace

const CommandTable& command_table() {
  // "****" where Vela's listing has no name for a value (its printer's placeholder).
  static constexpr CommandTable kTable{Span<const Command>(kCommands0), Span<const Command>(kCommands1), kNone};
  return kTable;
}

}  // namespace ember::ethosu::u85
