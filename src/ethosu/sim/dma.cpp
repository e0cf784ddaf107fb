// DMA_START: copies DMA0_LEN bytes between regions, or into SHRAM (internal
// destination mode) where LUTs live. 1-D transfers only.
#include "ethosu/sim/op_context.h"

namespace ember::ethosu {

Error run_dma(OpContext& context) {
  const RegisterFile& r = context.regs;
  const uint16_t src_region = r.get0(reg0::DmaSrcRegion);
  const uint16_t dst_region = r.get0(reg0::DmaDstRegion);
  const uint32_t length = r.get1(reg1::DmaLen);
  if (((src_region >> 9) & 3) != 0 || ((dst_region >> 9) & 3) != 0 || (src_region >> 8) & 1) {
    context.fault = Fault::Unsupported;  // 2-D/3-D transfers, SHRAM as a source
    return Error::NpuFault;
  }
  const uint8_t* src = context.memory.at(src_region & 7, r.get1(reg1::DmaSrc), length);
  uint8_t* dst = nullptr;
  if ((dst_region >> 8) & 1) {
    // SHRAM: the LUT slots are its last 2 KB (context.shram_lut_base on).
    const uint32_t address = r.get1(reg1::DmaDst);
    if (address >= context.shram_lut_base && address - context.shram_lut_base + length <= 2048) {
      dst = context.shram_lut + (address - context.shram_lut_base);
    }
  } else {
    dst = context.memory.at(dst_region & 7, r.get1(reg1::DmaDst), length, true);
  }
  if (!src || !dst) {
    context.fault = Fault::BusError;
    return Error::NpuFault;
  }
  for (uint32_t i = 0; i < length; ++i) dst[i] = src[i];
  context.stats.bytes_read += length;
  context.stats.bytes_written += length;
  return Error::Ok;
}

}  // namespace ember::ethosu
