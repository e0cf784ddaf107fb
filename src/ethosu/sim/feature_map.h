// A feature map as an operation's registers describe it: region, tile bases,
// strides, layout, element type. Reads and writes are bounds-checked against the
// region; a miss sets `fault` (the simulator reports a bus error).
#pragma once
#include <cstdint>

#include "ethosu/sim/memory.h"
#include "ethosu/sim/register_file.h"

namespace ember::ethosu {

enum class Layout : uint8_t { Nhwc = 0, Nhcwb16 = 1 };

struct FeatureMap {
  uint32_t region = 0;
  int64_t base[4] = {};
  int64_t stride_x = 0, stride_y = 0, stride_c = 0;
  int32_t width = 0, height = 0, depth = 0;
  int32_t width0 = 0, height0 = 0, height1 = 0;  // tile split points
  Layout layout = Layout::Nhwc;
  uint32_t element_bytes = 1;
  bool is_signed = true;
  int32_t zero_point = 0;

  int64_t offset_of(int32_t y, int32_t x, int32_t c, int* tile) const {
    *tile = 0;
    if (x >= width0) { x -= width0; *tile = 1; }
    if (y >= (*tile == 0 ? height0 : height1)) { y -= (*tile == 0 ? height0 : height1); *tile += 2; }
    int64_t offset = y * stride_y + x * stride_x;
    if (layout == Layout::Nhwc) return offset + int64_t{c} * element_bytes;
    return offset + int64_t{c / 16} * stride_c + int64_t{c % 16} * element_bytes;
  }

  int64_t read(const RegionMap& memory, int32_t y, int32_t x, int32_t c, bool* fault) const {
    int tile = 0;
    const int64_t at = offset_of(y, x, c, &tile);
    const uint8_t* p = memory.at(region, base[tile] + at, element_bytes);
    if (!p) { *fault = true; return 0; }
    switch (element_bytes) {
      case 1: return is_signed ? static_cast<int8_t>(*p) : *p;
      case 2: {
        const auto v = static_cast<uint16_t>(p[0] | (p[1] << 8));
        if (is_signed) return static_cast<int16_t>(v);
        return v;
      }
      case 8: {  // the U85's 64-bit maps (48-bit accumulators written out)
        uint64_t v = 0;
        for (int b = 7; b >= 0; --b) v = v << 8 | p[b];
        return static_cast<int64_t>(v);
      }
      default: {
        uint32_t v = static_cast<uint32_t>(p[0]) | (static_cast<uint32_t>(p[1]) << 8) |
                     (static_cast<uint32_t>(p[2]) << 16) | (static_cast<uint32_t>(p[3]) << 24);
        // (not a ?: of int32_t and uint32_t: that would convert back to unsigned)
        if (is_signed) return static_cast<int32_t>(v);
        return v;
      }
    }
  }

  void write(const RegionMap& memory, int32_t y, int32_t x, int32_t c, int64_t value, bool* fault) const {
    int tile = 0;
    const int64_t at = offset_of(y, x, c, &tile);
    uint8_t* p = memory.at(region, base[tile] + at, element_bytes, true);
    if (!p) { *fault = true; return; }
    for (uint32_t b = 0; b < element_bytes; ++b) p[b] = static_cast<uint8_t>(static_cast<uint64_t>(value) >> (8 * b));
  }

  // Channel 0 of pixel (y, x) when all `depth` channels of it lie inside the
  // region (else nullptr and *fault); channel c is at pointer + channel_offset(c).
  const uint8_t* pixel(const RegionMap& memory, int32_t y, int32_t x, bool* fault) const {
    int tile = 0;
    const int64_t first = offset_of(y, x, 0, &tile);
    const int64_t last = channel_offset(depth - 1) + element_bytes;
    const uint8_t* p = memory.at(region, base[tile] + first, static_cast<size_t>(last));
    if (!p) *fault = true;
    return p;
  }
  int64_t channel_offset(int32_t c) const {
    return layout == Layout::Nhwc ? int64_t{c} * element_bytes
                                  : int64_t{c >> 4} * stride_c + int64_t{c & 15} * element_bytes;
  }

  // Saturation bounds of the element type. A 64-bit map (a precision no U55
  // stream has) saturates at the 64-bit signed limits rather than shifting by 64.
  int64_t min_value() const {
    if (element_bytes >= 8) return is_signed ? INT64_MIN : 0;
    return is_signed ? -(int64_t{1} << (8 * element_bytes - 1)) : 0;
  }
  int64_t max_value() const {
    if (element_bytes >= 8) return INT64_MAX;
    return is_signed ? (int64_t{1} << (8 * element_bytes - 1)) - 1 : (int64_t{1} << (8 * element_bytes)) - 1;
  }
};

// Feature maps from the IFM, IFM2 and OFM register groups.
FeatureMap ifm_of(const RegisterFile& r);
FeatureMap ifm2_of(const RegisterFile& r);
FeatureMap ofm_of(const RegisterFile& r);

}  // namespace ember::ethosu
