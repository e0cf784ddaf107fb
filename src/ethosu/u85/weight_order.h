// The order of the Ethos-U85's weights in a standard-format (SWD) weight stream
// (docs/ethos-u85.md "Weights and scales"; Vela 5.1's EthosU85WeightOrdering in
// ethos_u85_weight_encoder.cpp). The compression is the U55's (both encode
// with the same mlw codec), the order is the U85's own: OFM blocks, IFM blocks
// snaking forwards and back, 8x8 sub-kernels (x outer), IFM and OFM
// micro-blocks, the kernel split by stride phase and walked in rows that
// alternate direction, then OFM channels of a micro-block, IFM channels
// innermost; sub-kernels padded to a multiple of 5 or 10 elements.
#pragma once
#include <cstdint>

#include "ethosu/sim/register_file.h"

namespace ember::ethosu::u85 {

enum class Traversal : uint8_t { DepthFirst, PartKernel, Depthwise };

// OFM micro-block depth by MACs and ACC_FORMAT.microblock (U1X1, U1X2, U1X4,
// U2X2, U2X4, U4X4): Vela 5.1 ethos_u85.cpp s_EthosU85Configs lists each
// configuration's micro-blocks (HxWxC); the register names only H and W. 0: none.
int32_t ublock_depth_of(uint32_t macs, uint32_t microblock);

struct WeightOrder {
  Traversal traversal = Traversal::DepthFirst;
  int32_t kernel_width = 1, kernel_height = 1;  // undilated
  int32_t stride_x = 1, stride_y = 1;
  int32_t decomposition_x = 8, decomposition_y = 8;  // sub-kernel size: 8 / dilation
  int32_t ifm_depth = 1;                              // 1 for depthwise
  bool ifm_16bit = false;
  bool sparse = false;  // 2:4 sparsity (WEIGHT_FORMAT.weight_sparsity): the stream still holds every weight
  int32_t ofm_block_depth = 16;
  int32_t ofm_ublock_depth = 8;
  int32_t ifm_block_depth = 64;
  int32_t depthwise_padding = 0;  // zero elements after each group of sub-kernel elements (depthwise)

  // The order of a CONV or DEPTHWISE from its registers on an NPU of `macs`
  // MACs; false when the stream's form is one the simulator does not decode
  // (several weight streams, an unknown microblock).
  static bool of(const RegisterFile& r, bool depthwise, uint32_t macs, int32_t ifm_depth, int32_t ifm_bits,
                 WeightOrder* order);

  // Visits one OFM block's stream positions in order: visit(o, ky, kx, i)
  // with o relative to the block, or visit(-1, 0, 0, 0) for a padding position.
  // `block_index` counts the operation's OFM blocks (the IFM blocks snake).
  template <typename Visit>
  bool walk_ofm_block(int32_t block_index, int32_t ofm_block_size, Visit&& visit) const;
};

template <typename Visit>
bool WeightOrder::walk_ofm_block(int32_t block_index, int32_t ofm_block_size, Visit&& visit) const {
  const bool depthwise = traversal == Traversal::Depthwise;
  const bool part_kernel = traversal == Traversal::PartKernel;
  // Depth-first streams take the whole kernel at unit stride; the others split it by stride phase.
  const int32_t phase_x = traversal == Traversal::DepthFirst ? 1 : stride_x;
  const int32_t phase_y = traversal == Traversal::DepthFirst ? 1 : stride_y;
  const int32_t element_round = depthwise ? 10 : part_kernel ? (ifm_16bit || sparse ? 10 : 5) : 1;
  const int32_t ifm_ublock = depthwise ? 1 : part_kernel && ifm_16bit && !sparse ? 8 : ifm_block_depth;
  const int32_t ifm_step = depthwise ? 1 : (sparse ? 16 : 8);
  const int32_t ifm_blocks = depthwise ? 1 : (ifm_depth + ifm_block_depth - 1) / ifm_block_depth;
  for (int32_t n = 0; n < ifm_blocks; ++n) {
    const int32_t ifm_block = (block_index & 1 ? ifm_blocks - 1 - n : n) * ifm_block_depth;
    const int32_t ifm_block_size = depthwise ? 1 : (ifm_block_depth < ifm_depth - ifm_block ? ifm_block_depth : ifm_depth - ifm_block);
    for (int32_t sub_x = 0; sub_x < kernel_width; sub_x += decomposition_x) {
      const int32_t sub_w = decomposition_x < kernel_width - sub_x ? decomposition_x : kernel_width - sub_x;
      for (int32_t sub_y = 0; sub_y < kernel_height; sub_y += decomposition_y) {
        const int32_t sub_h = decomposition_y < kernel_height - sub_y ? decomposition_y : kernel_height - sub_y;
        for (int32_t ifm_outer = 0; ifm_outer < ifm_block_size; ifm_outer += ifm_ublock) {
          for (int32_t ofm_outer = 0; ofm_outer < ofm_block_size; ofm_outer += ofm_ublock_depth) {
            int32_t elements_left = (sub_w * sub_h + element_round - 1) / element_round * element_round;
            for (int32_t py = 0; py < phase_y; ++py) {
              const int32_t rows = (sub_h + phase_y - 1 - py) / phase_y;
              for (int32_t px = 0; px < phase_x; ++px) {
                const int32_t columns = (sub_w + phase_x - 1 - px) / phase_x;
                for (int32_t row = 0; row < rows; ++row) {
                  for (int32_t column = 0; column < columns; ++column) {
                    const int32_t x = row % 2 == 0 ? column : columns - 1 - column;
                    const int32_t kx = sub_x + px + x * phase_x, ky = sub_y + py + row * phase_y;
                    --elements_left;
                    for (int32_t ifm_inner = 0; ifm_inner < ifm_ublock; ifm_inner += ifm_step) {
                      for (int32_t oz = 0; oz < ofm_ublock_depth; ++oz) {
                        for (int32_t iz = 0; iz < ifm_step; ++iz) {
                          const int32_t i = depthwise ? 0 : ifm_block + ifm_outer + ifm_inner + iz;
                          const int32_t o = ofm_outer + oz;
                          const bool valid = i < (depthwise ? 1 : ifm_depth) && o < ofm_block_size;
                          if (!(valid ? visit(o, ky, kx, i) : visit(-1, 0, 0, 0))) return false;
                        }
                      }
                    }
                    if (depthwise && elements_left % element_round == 0) {
                      for (int32_t p = 0; p < depthwise_padding * ofm_ublock_depth; ++p)
                        if (!visit(-1, 0, 0, 0)) return false;
                    }
                  }
                }
              }
            }
            if (elements_left > 0) {
              const int32_t padding = (elements_left + (depthwise ? depthwise_padding : 0)) * ifm_ublock * ofm_ublock_depth;
              for (int32_t p = 0; p < padding; ++p)
                if (!visit(-1, 0, 0, 0)) return false;
            }
          }
        }
      }
    }
  }
  return true;
}

}  // namespace ember::ethosu::u85
