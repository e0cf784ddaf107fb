// NPU_OP_DMA_START on the U85: DMA0_LEN bytes at a time from one region to
// another or into LUT memory (destination region mode INTERNAL, address =
// slot * 256), in 1-D, 2-D or 3-D stride mode, either side optionally indexed
// (Vela's gather and scatter). Read from Vela 5.1's GenerateDMA
// (ethos_u85_register_cs_generator.cpp) and GenerateHLCDMACommands
// (high_level_command_stream_generator.cpp); docs/ethos-u85.md, "DMA".
#include "ethosu/u85/op_context.h"

namespace ember::ethosu::u85 {
namespace {

enum class StrideMode : uint8_t { D1 = 0, D2 = 1, D3 = 2 };

struct Transfer {
  int64_t src_stride0, src_stride1, dst_stride0, dst_stride1;
  uint32_t size0 = 1, size1 = 1;  // transfers per outer step, outer steps
  bool src_indexed, dst_indexed;
  int64_t idx_address, idx_skip1;
  uint16_t idx_region;
  uint32_t idx_max;
};

int32_t read_index(const RegionMap& memory, uint16_t region, int64_t address, bool* fault) {
  const uint8_t* p = memory.at(region, address, 4);
  if (!p) {
    *fault = true;
    return 0;
  }
  return static_cast<int32_t>(static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 |
                              static_cast<uint32_t>(p[2]) << 16 | static_cast<uint32_t>(p[3]) << 24);
}

}  // namespace

// Work of a DMA in bytes moved (the simulator's hang budget).
uint64_t dma_bytes(const RegisterFile& r) {
  const auto stride_mode = static_cast<StrideMode>((r.get0(reg0::DmaSrcRegion) >> 9) & 3);
  uint64_t transfers = 1;
  if (stride_mode != StrideMode::D1) transfers *= r.get0(reg0::DmaSize0);
  if (stride_mode == StrideMode::D3) transfers *= r.get0(reg0::DmaSize1);
  return transfers * static_cast<uint64_t>(address_of(r, reg1::DmaLen) & 0xFFFFFFFFFF);
}

Error run_dma(OpContext& context) {
  const RegisterFile& r = context.regs;
  const uint16_t src_region = r.get0(reg0::DmaSrcRegion);
  const uint16_t dst_region = r.get0(reg0::DmaDstRegion);
  const auto stride_mode = static_cast<StrideMode>((src_region >> 9) & 3);
  const bool src_internal = (src_region >> 8) & 1, dst_internal = (dst_region >> 8) & 1;
  Transfer t{};
  t.src_indexed = (src_region >> 11) & 1;
  t.dst_indexed = (dst_region >> 11) & 1;
  if (src_internal || stride_mode > StrideMode::D3 || (t.src_indexed && t.dst_indexed) ||
      (dst_internal && (stride_mode != StrideMode::D1 || t.src_indexed || t.dst_indexed))) {
    return context.fail(Fault::Unsupported);
  }
  const int64_t length = address_of(r, reg1::DmaLen);
  if (length < 0) return context.fail(Fault::BusError);
  const auto bytes = static_cast<size_t>(length);
  const int64_t src_base = address_of(r, reg1::DmaSrc), dst_base = address_of(r, reg1::DmaDst);
  if (dst_internal) {  // a LUT load: one contiguous block
    const uint8_t* src = context.memory.at(src_region & 7, src_base, bytes);
    if (!src || dst_base < 0 || static_cast<uint64_t>(dst_base) + bytes > kLutBytes) {
      return context.fail(Fault::BusError);
    }
    for (size_t i = 0; i < bytes; ++i) context.lut[dst_base + static_cast<int64_t>(i)] = src[i];
    context.stats.bytes_read += bytes;
    context.stats.bytes_written += bytes;
    return Error::Ok;
  }
  const bool indexed = t.src_indexed || t.dst_indexed;
  if (stride_mode != StrideMode::D1 || indexed) {
    t.src_stride0 = address_of(r, reg1::DmaSrcStride0);
    t.dst_stride0 = address_of(r, reg1::DmaDstStride0);
  }
  if (stride_mode != StrideMode::D1) t.size0 = r.get0(reg0::DmaSize0);
  if (stride_mode == StrideMode::D3) {
    t.size1 = r.get0(reg0::DmaSize1);
    t.src_stride1 = address_of(r, reg1::DmaSrcStride1);
    t.dst_stride1 = address_of(r, reg1::DmaDstStride1);
  }
  if (indexed) {
    t.idx_region = r.get0(reg0::DmaIdxRegion) & 7;
    t.idx_address = address_of(r, reg1::DmaIdx);
    t.idx_max = r.cmd1[reg1::DmaIdxMax];
    t.idx_skip1 = stride_mode == StrideMode::D3 ? address_of(r, reg1::DmaIdxSkip1) : 0;
  }
  // Transfer (i, j), i < size0 inner, j < size1 outer, moves `length` bytes from
  // src + i * stride0 + j * stride1 to dst + the same on its side; the indexed
  // side takes the 32-bit index in place of i. The indices are read in order,
  // 4 bytes apart, IDX_SKIP1 more after each outer step (Vela's gather with
  // 64-bit indices reads their low words: 3-D, size0 1, skip 4).
  int64_t index_address = t.idx_address;
  for (uint32_t j = 0; j < t.size1; ++j) {
    for (uint32_t i = 0; i < t.size0; ++i) {
      int64_t src_step = i, dst_step = i;
      if (indexed) {
        bool fault = false;
        const int32_t index = read_index(context.memory, t.idx_region, index_address, &fault);
        index_address += 4;
        if (fault) return context.fail(Fault::BusError);
        // Beyond IDX_MAX: the hardware's behaviour is not public (TOSA leaves it undefined).
        if (index < 0 || static_cast<uint32_t>(index) > t.idx_max) return context.fail(Fault::Unsupported);
        (t.src_indexed ? src_step : dst_step) = index;
      }
      const int64_t src_address = src_base + src_step * t.src_stride0 + int64_t{j} * t.src_stride1;
      const int64_t dst_address = dst_base + dst_step * t.dst_stride0 + int64_t{j} * t.dst_stride1;
      const uint8_t* src = context.memory.at(src_region & 7, src_address, bytes);
      uint8_t* dst = context.memory.at(dst_region & 7, dst_address, bytes, true);
      if (!src || !dst) return context.fail(Fault::BusError);
      for (size_t k = 0; k < bytes; ++k) dst[k] = src[k];
      context.stats.bytes_read += bytes;
      context.stats.bytes_written += bytes;
    }
    index_address += t.idx_skip1;
  }
  return Error::Ok;
}

}  // namespace ember::ethosu::u85
