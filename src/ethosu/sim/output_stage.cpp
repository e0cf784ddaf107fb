#include "ethosu/sim/op_context.h"

namespace ember::ethosu {

const char* to_string(Fault fault) {
  switch (fault) {
    case Fault::None: return "none";
    case Fault::BusError: return "bus error (access outside a region)";
    case Fault::ParseError: return "command stream parse error";
    case Fault::WeightStream: return "malformed weight stream";
    case Fault::Unsupported: return "operation not supported by the simulator";
    case Fault::ScratchTooSmall: return "simulator scratch too small (decoded weights or a chained result)";
    case Fault::Timeout: return "timeout (the run exceeded its work budget)";
  }
  return "unknown";
}

OutputStage OutputStage::of(const OpContext& context, const FeatureMap& ofm) {
  OutputStage stage;
  const RegisterFile& r = context.regs;
  stage.rounding = static_cast<Rounding>((r.get0(reg0::OfmPrecision) >> 14) & 3);
  const uint16_t activation = r.get0(reg0::Activation);
  stage.activation = activation & 0x1F;
  stage.activation_min = r.get0_signed(reg0::ActivationMin);
  stage.activation_max = r.get0_signed(reg0::ActivationMax);
  switch ((activation >> 12) & 7) {  // clip range
    case 2: stage.activation_min = 0; stage.activation_max = 255; break;
    case 3: stage.activation_min = stage.activation_min < -128 ? -128 : stage.activation_min;
            stage.activation_max = stage.activation_max > 127 ? 127 : stage.activation_max; break;
    default: break;
  }
  if (ofm.element_bytes == 1 && !ofm.is_signed) {
    stage.activation_min = static_cast<uint16_t>(stage.activation_min);
    stage.activation_max = static_cast<uint16_t>(stage.activation_max);
  }
  if (stage.activation >= 16 && stage.activation <= 23) {
    const uint32_t slot = stage.activation - 16;
    // An 8-bit table fills one 256-byte slot, a 16-bit table all eight.
    stage.lut_fits = ofm.element_bytes == 1 || (ofm.element_bytes == 2 && slot == 0);
    stage.lut = context.shram_lut + 256 * slot;
  }
  return stage;
}

int64_t OutputStage::finish(int64_t scaled, const FeatureMap& ofm) const {
  // The scaled value may have saturated to the 64-bit limits; bound it first so
  // adding the zero point cannot overflow (every OFM clamps far inside this).
  int64_t v = clamp64(scaled, INT64_MIN / 2, INT64_MAX / 2) + ofm.zero_point;
  if (ofm.element_bytes <= 2) v = clamp64(v, activation_min, activation_max);
  v = clamp64(v, ofm.min_value(), ofm.max_value());
  if (lut && ofm.element_bytes == 1) {
    const uint8_t entry = lut[static_cast<uint8_t>(v - ofm.min_value())];
    v = ofm.is_signed ? static_cast<int8_t>(entry) : entry;
  } else if (lut && ofm.element_bytes == 2) {
    // 512 words of (slope << 16 | base) over the 16-bit range: the top 9 bits of
    // the offset value pick the word, the low 7 interpolate towards the next
    // entry (base + slope * fraction / 128, rounded in the OFM rounding mode).
    const auto offset = static_cast<uint32_t>(v - ofm.min_value());
    const uint8_t* word = lut + 4 * (offset >> 7);
    const auto base = static_cast<int16_t>(word[0] | word[1] << 8);
    const auto slope = static_cast<int16_t>(word[2] | word[3] << 8);
    const int64_t interpolated = int64_t{base} * 128 + int64_t{slope} * (offset & 127);
    v = clamp64(apply_scale(interpolated, 1, 7, rounding), ofm.min_value(), ofm.max_value());
  }
  return v;
}

}  // namespace ember::ethosu
