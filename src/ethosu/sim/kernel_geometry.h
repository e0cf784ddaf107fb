// Kernel size, stride, dilation and padding from the registers; the IFM extent
// they imply (there is no IFM width/height register).
#pragma once
#include <cstdint>

#include "ethosu/sim/register_file.h"

namespace ember::ethosu {

struct KernelGeometry {
  int32_t width = 1, height = 1;           // undilated kernel size
  int32_t stride_x = 1, stride_y = 1;
  int32_t dilation_x = 1, dilation_y = 1;
  int32_t pad_top = 0, pad_left = 0, pad_bottom = 0, pad_right = 0;
  bool part_kernel_first = false;          // weight order
  int32_t upscale = 0;                     // IFM_UPSCALE: 0 none, 1 nearest, 2 zeros (2x)

  static KernelGeometry of(const RegisterFile& r) {
    KernelGeometry k;
    const uint16_t s = r.get0(reg0::KernelStride);
    k.stride_x = (((s >> 6) & 1) << 1 | (s & 1)) + 1;
    k.stride_y = (((s >> 9) & 1) << 1 | ((s >> 1) & 1)) + 1;
    k.part_kernel_first = (s >> 2) & 1;
    k.dilation_x = (s >> 3) & 1 ? 2 : 1;
    k.dilation_y = (s >> 4) & 1 ? 2 : 1;
    // KERNEL_*_M1 hold the dilated extent - 1.
    k.width = r.get0(reg0::KernelWidthM1) / k.dilation_x + 1;
    k.height = r.get0(reg0::KernelHeightM1) / k.dilation_y + 1;
    k.pad_top = r.get0(reg0::IfmPadTop);
    k.pad_left = r.get0(reg0::IfmPadLeft);
    k.pad_bottom = r.get0(reg0::IfmPadBottom);
    k.pad_right = r.get0(reg0::IfmPadRight);
    k.upscale = r.get0(reg0::IfmUpscale) & 3;
    return k;
  }
  int32_t extent_x() const { return (width - 1) * dilation_x + 1; }
  int32_t extent_y() const { return (height - 1) * dilation_y + 1; }
  // The (upscaled) IFM size the OFM size implies.
  int32_t ifm_width(int32_t ofm_width) const { return (ofm_width - 1) * stride_x + extent_x() - pad_left - pad_right; }
  int32_t ifm_height(int32_t ofm_height) const { return (ofm_height - 1) * stride_y + extent_y() - pad_top - pad_bottom; }
};

}  // namespace ember::ethosu
