#include "ethosu/u85/weight_order.h"

#include "ethosu/sim/kernel_geometry.h"
#include "ethosu/u85/registers.h"

namespace ember::ethosu::u85 {

int32_t ublock_depth_of(uint32_t macs, uint32_t microblock) {
  constexpr int32_t k128[6] = {16, 8, 0, 0, 0, 0};
  constexpr int32_t k256[6] = {0, 16, 8, 8, 0, 0};
  constexpr int32_t k512[6] = {0, 0, 16, 16, 0, 0};
  constexpr int32_t k1024[6] = {0, 0, 32, 32, 16, 0};
  constexpr int32_t k2048[6] = {0, 0, 64, 64, 0, 16};
  if (microblock >= 6) return 0;
  switch (macs) {
    case 128: return k128[microblock];
    case 256: return k256[microblock];
    case 512: return k512[microblock];
    case 1024: return k1024[microblock];
    case 2048: return k2048[microblock];
    default: return 0;
  }
}

bool WeightOrder::of(const RegisterFile& r, bool depthwise, uint32_t macs, int32_t ifm_depth, int32_t ifm_bits,
                     WeightOrder* order) {
  // One weight stream per core: the U85-128/256 have one; several streams interleave (not decoded here).
  if (macs > 256) return false;
  const KernelGeometry k = KernelGeometry::of(r);
  WeightOrder w;
  w.traversal = depthwise ? Traversal::Depthwise : k.part_kernel_first ? Traversal::PartKernel : Traversal::DepthFirst;
  w.kernel_width = k.width;
  w.kernel_height = k.height;
  w.stride_x = k.stride_x;
  w.stride_y = k.stride_y;
  w.decomposition_x = 8 / k.dilation_x;
  w.decomposition_y = 8 / k.dilation_y;
  w.ifm_depth = depthwise ? 1 : ifm_depth;
  w.ifm_16bit = ifm_bits == 16;
  w.sparse = !depthwise && ((r.get0(reg0::WeightFormat) >> 4) & 1) != 0;
  w.ofm_block_depth = r.get0(reg0::OfmBlkDepthM1) + 1;
  w.ofm_ublock_depth = ublock_depth_of(macs, (r.get0(reg0::AccFormat) >> 8) & 7);
  if (w.ofm_ublock_depth == 0) return false;
  // The IFM block depth (ArchEthosU85::FindBlockConfig): 16 part-kernel-first,
  // 32 for 32-bit inputs or a 16-deep micro-block on the 128/256 (not sparse),
  // 128 for sparse 8-bit inputs, else 64.
  if (w.traversal == Traversal::PartKernel) w.ifm_block_depth = 16;
  else if (ifm_bits == 32 || (w.ofm_ublock_depth == 16 && !w.sparse)) w.ifm_block_depth = 32;
  else if (w.sparse && ifm_bits == 8) w.ifm_block_depth = 128;
  else w.ifm_block_depth = 64;
  // Depthwise sub-kernels gain zero elements except for 8-bit inputs on up to 256 MACs.
  w.depthwise_padding = (!w.ifm_16bit && macs <= 256) ? 0 : (macs <= 512 ? 2 : 6);
  *order = w;
  return true;
}

}  // namespace ember::ethosu::u85
