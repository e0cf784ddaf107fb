// What every operation of the simulator shares: the registers, the memory it
// may touch, scratch for decoded weights, and where faults and statistics go.
#pragma once
#include <cstddef>
#include <cstdint>

#include "core/error.h"
#include "core/span.h"
#include "ethosu/sim/feature_map.h"
#include "ethosu/sim/memory.h"
#include "ethosu/sim/register_file.h"
#include "ethosu/sim/scaling.h"

namespace ember::ethosu {

enum class Fault : uint8_t { None, BusError, ParseError, WeightStream, Unsupported, ScratchTooSmall, Timeout };

const char* to_string(Fault fault);

struct OpStats {
  uint64_t macs = 0;
  uint64_t bytes_read = 0;
  uint64_t bytes_written = 0;
  size_t weight_scratch = 0;  // decoded weights the operation holds at once (elements)
};

struct OpContext {
  const RegisterFile& regs;
  const RegionMap& memory;
  Span<int16_t> weight_scratch;   // decoded weights of one operation
  uint8_t* shram_lut;             // 2 KB of LUT slots
  uint32_t shram_lut_base;        // their SHRAM address (SHRAM size - 2 KB)
  OpStats stats;
  Fault fault = Fault::None;
};

// The output stage shared by every operation: scale (per channel or global),
// add the OFM zero point, clamp to ACTIVATION_MIN/MAX, look up a LUT (8-bit: one
// entry per value; 16-bit: interpolated between 512 entries), saturate.
struct OutputStage {
  Rounding rounding = Rounding::Natural;
  int64_t activation_min = 0, activation_max = 0;
  uint32_t activation = 0;  // ACTIVATION b4:0
  const uint8_t* lut = nullptr;
  bool lut_fits = true;  // the table of a TABLE_n activation lies inside the LUT slots

  bool valid() const { return lut_fits; }

  static OutputStage of(const OpContext& context, const FeatureMap& ofm);
  int64_t finish(int64_t scaled, const FeatureMap& ofm) const;
};

Error run_conv(OpContext& context, bool depthwise);
Error run_pool(OpContext& context, PoolMode mode);
Error run_elementwise(OpContext& context, ElementwiseMode mode);
Error run_dma(OpContext& context);

}  // namespace ember::ethosu
