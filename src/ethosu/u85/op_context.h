// What every Ethos-U85 operation of the simulator shares: its feature maps as
// the U85's registers describe them (40-bit bases, per-input broadcast, an
// OFM written through a transpose and reverse), its output stage (the U85's
// rounding modes and LUT functions over the U55's scaling arithmetic), and
// where faults and statistics go.
#pragma once
#include <cstdint>

#include "core/error.h"
#include "core/span.h"
#include "ethosu/sim/feature_map.h"
#include "ethosu/sim/memory.h"
#include "ethosu/sim/op_context.h"
#include "ethosu/sim/scaling.h"
#include "ethosu/u85/registers.h"

namespace ember::ethosu::u85 {

constexpr uint32_t kLutBytes = 2048;  // 8 slots of 256 bytes (ArchEthosU85::LUT_SLOT_SIZE)

// 64-bit arithmetic that saturates instead of overflowing: scaled 32-bit
// operands can reach the 64-bit limits, which no real stream comes near.
inline int64_t add_saturating(int64_t a, int64_t b) {
  int64_t r = 0;
  if (__builtin_add_overflow(a, b, &r)) return a < 0 ? INT64_MIN : INT64_MAX;
  return r;
}
inline int64_t sub_saturating(int64_t a, int64_t b) {
  int64_t r = 0;
  if (__builtin_sub_overflow(a, b, &r)) return a < 0 ? INT64_MIN : INT64_MAX;
  return r;
}
inline int64_t mul_saturating(int64_t a, int64_t b) {
  int64_t r = 0;
  if (__builtin_mul_overflow(a, b, &r)) return (a < 0) != (b < 0) ? INT64_MIN : INT64_MAX;
  return r;
}

// A result passed to the next operation without memory (ACTIVATION_STORAGE_
// CHAINED, Vela's op chaining): the producer's output values in HWC order.
struct Chain {
  Span<int32_t> values;
  int32_t height = 0, width = 0, depth = 0;
  bool fits(int32_t h, int32_t w, int32_t d) const {
    return static_cast<size_t>(h) * static_cast<size_t>(w) * static_cast<size_t>(d) <= values.size;
  }
  size_t index(int32_t y, int32_t x, int32_t c) const {
    return (static_cast<size_t>(y) * width + static_cast<size_t>(x)) * depth + static_cast<size_t>(c);
  }
};

struct OpContext {
  const RegisterFile& regs;
  const RegionMap& memory;
  Span<int16_t> weight_scratch;  // decoded weights of one OFM block
  uint8_t* lut;                  // kLutBytes of LUT memory
  uint32_t macs;
  Chain& chain;
  OpStats stats;
  Fault fault = Fault::None;

  Error fail(Fault f) {
    fault = f;
    return Error::NpuFault;
  }
};

// IFM_BROADCAST / IFM2_BROADCAST: bit 0 H, bit 1 W, bit 2 C, 8 scalar
// (OP_SCALAR, less the input's zero point as a feature map's element).
// A CHAINED input reads the chain instead of memory.
struct Input {
  FeatureMap map;
  uint16_t broadcast = 0;
  int64_t scalar = 0;
  const Chain* chain = nullptr;
  bool is_scalar() const { return broadcast == 8; }
  int64_t read(const RegionMap& memory, int32_t y, int32_t x, int32_t c, bool* fault) const {
    if (is_scalar()) return scalar - map.zero_point;
    if (broadcast & 1) y = 0;
    if (broadcast & 2) x = 0;
    if (broadcast & 4) c = 0;
    if (chain) {
      if (y < 0 || x < 0 || c < 0 || y >= chain->height || x >= chain->width || c >= chain->depth) {
        *fault = true;
        return 0;
      }
      return chain->values.data[chain->index(y, x, c)] - map.zero_point;
    }
    return map.read(memory, y, x, c, fault) - map.zero_point;
  }
};

Input ifm_input(const OpContext& context);
Input ifm2_input(const OpContext& context);

// The OFM as the operation produces it (height x width x depth) and where each
// element lands: OFM_PRECISION's transpose permutes (h, w, c), its reverse
// mirrors one axis of the result.
struct Ofm {
  FeatureMap map;  // sizes are the operation's
  uint8_t transpose = 0, reverse = 0;
  int32_t out_height = 0, out_width = 0, out_depth = 0;
  Chain* chain = nullptr;  // CHAINED: the values go here (untransposed)
  bool valid = true;

  void write(const RegionMap& memory, int32_t y, int32_t x, int32_t c, int64_t value, bool* fault) const;
};

// Claims the chain for a CHAINED OFM (invalid when it does not fit).
Ofm ofm_output(OpContext& context);

// OFM_SCALE's round mode (and the IFM scales' two).
enum class RoundMode : uint8_t {
  DoubleSymmetric = 0, Natural = 1, DoubleAsymmetric = 2, Symmetric = 3, TruncateToZero = 4, TruncateToLower = 5
};

struct Scale {
  uint32_t scale = 1, shift = 0, double_round = 0;
  RoundMode round = RoundMode::DoubleSymmetric;
  static Scale of(const RegisterFile& r, uint16_t id);  // OFM_SCALE, IFM_SCALE, IFM2_SCALE
  bool supported() const { return round != RoundMode::DoubleAsymmetric && round <= RoundMode::TruncateToLower; }
  int64_t apply(int64_t value) const { return apply_with(value, scale, shift); }
  int64_t apply_with(int64_t value, uint32_t multiplier, uint32_t right_shift) const;
};

// One output channel's scale entry (EthosU85WeightEncoder EncodeBias32 /
// EncodeBias48, 10 bytes): 32-bit accumulators: bias s32, scale u31, shift 6
// bits; 48-bit: bias s48, scale u15, shift.
struct ChannelScale {
  int64_t bias = 0;
  uint32_t scale = 1, shift = 0;
  static ChannelScale of(const uint8_t* entry, bool acc48);
};

// Clamp to ACTIVATION_MIN/MAX (clip range B16) and the OFM type, then the LUT.
struct OutputStage {
  int64_t activation_min = 0, activation_max = 0;
  bool clip = true;
  uint32_t function = 0;  // ACTIVATION b4:0
  const uint8_t* table = nullptr;
  bool supported = true;

  static OutputStage of(const OpContext& context, const FeatureMap& ofm);
  int64_t finish(int64_t scaled, const FeatureMap& ofm) const;
};

Error run_conv(OpContext& context, bool depthwise, bool weights_from_ifm2);
Error run_pool(OpContext& context, PoolMode mode);
Error run_elementwise(OpContext& context, ElementwiseMode mode);
Error run_resize(OpContext& context, uint16_t mode);
Error run_dma(OpContext& context);  // dma.cpp
uint64_t dma_bytes(const RegisterFile& r);

}  // namespace ember::ethosu::u85
