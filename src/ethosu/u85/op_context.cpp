#include "ethosu/u85/op_context.h"

namespace ember::ethosu::u85 {
namespace {

struct InputRegisters {
  uint16_t region, base0, stride_x, stride_y, stride_c, width0_m1, height0_m1, height1_m1, precision, zero_point,
      broadcast;
};

constexpr InputRegisters kIfm{reg0::IfmRegion,   reg1::IfmBase0,     reg1::IfmStrideX,   reg1::IfmStrideY,
                              reg1::IfmStrideC,  reg0::IfmWidth0M1,  reg0::IfmHeight0M1, reg0::IfmHeight1M1,
                              reg0::IfmPrecision, reg0::IfmZeroPoint, reg0::IfmBroadcast};
constexpr InputRegisters kIfm2{reg0::Ifm2Region,    reg1::Ifm2Base0,     reg1::Ifm2StrideX,   reg1::Ifm2StrideY,
                               reg1::Ifm2StrideC,   reg0::Ifm2Width0M1,  reg0::Ifm2Height0M1, reg0::Ifm2Height1M1,
                               reg0::Ifm2Precision, reg0::Ifm2ZeroPoint, reg0::Ifm2Broadcast};

Input input_of(const OpContext& context, const InputRegisters& ids) {
  const RegisterFile& r = context.regs;
  Input in;
  FeatureMap& fm = in.map;
  fm.region = r.get0(ids.region) & 7;
  for (uint16_t t = 0; t < 4; ++t) fm.base[t] = address_of(r, static_cast<uint16_t>(ids.base0 + t));
  fm.stride_x = address_of(r, ids.stride_x);
  fm.stride_y = address_of(r, ids.stride_y);
  fm.stride_c = address_of(r, ids.stride_c);
  fm.depth = r.get0(reg0::IfmDepthM1) + 1;
  fm.width0 = r.get0(ids.width0_m1) + 1;
  fm.height0 = r.get0(ids.height0_m1) + 1;
  fm.height1 = r.get0(ids.height1_m1) + 1;
  // b0 signed, b3:2 element size, b7:6 layout (as the U55's).
  const uint16_t precision = r.get0(ids.precision);
  fm.is_signed = precision & 1;
  fm.element_bytes = 1u << ((precision >> 2) & 3);
  fm.layout = static_cast<Layout>((precision >> 6) & 1);
  fm.zero_point = fm.is_signed ? r.get0_signed(ids.zero_point) : r.get0(ids.zero_point);
  in.broadcast = r.get0(ids.broadcast) & 0xF;
  in.scalar = r.get1_signed(reg1::OpScalar);
  if (storage_of(precision) == Storage::Chained) in.chain = &context.chain;
  return in;
}

}  // namespace

Input ifm_input(const OpContext& context) { return input_of(context, kIfm); }
Input ifm2_input(const OpContext& context) { return input_of(context, kIfm2); }

Ofm ofm_output(OpContext& context) {
  const RegisterFile& r = context.regs;
  Ofm ofm;
  FeatureMap& fm = ofm.map;
  fm.region = r.get0(reg0::OfmRegion) & 7;
  for (uint16_t t = 0; t < 4; ++t) fm.base[t] = address_of(r, static_cast<uint16_t>(reg1::OfmBase0 + t));
  fm.stride_x = address_of(r, reg1::OfmStrideX);
  fm.stride_y = address_of(r, reg1::OfmStrideY);
  fm.stride_c = address_of(r, reg1::OfmStrideC);
  fm.width = r.get0(reg0::OfmWidthM1) + 1;
  fm.height = r.get0(reg0::OfmHeightM1) + 1;
  fm.depth = r.get0(reg0::OfmDepthM1) + 1;
  fm.width0 = r.get0(reg0::OfmWidth0M1) + 1;
  fm.height0 = r.get0(reg0::OfmHeight0M1) + 1;
  fm.height1 = r.get0(reg0::OfmHeight1M1) + 1;
  // b0 signed, b2:1 element size, b7:6 layout, b10:9 reverse, b13:11 transpose.
  const uint16_t precision = r.get0(reg0::OfmPrecision);
  fm.is_signed = precision & 1;
  fm.element_bytes = 1u << ((precision >> 1) & 3);
  fm.layout = static_cast<Layout>((precision >> 6) & 1);
  fm.zero_point = fm.is_signed ? r.get0_signed(reg0::OfmZeroPoint) : r.get0(reg0::OfmZeroPoint);
  ofm.reverse = (precision >> 9) & 3;
  ofm.transpose = (precision >> 11) & 7;
  ofm.valid = ofm.transpose != 4 && ofm.transpose != 5;
  int32_t dims[3] = {fm.height, fm.width, fm.depth};
  int32_t out[3];
  // Which operation axis (0 h, 1 w, 2 c) each output axis takes: HWC, WHC, HCW, WCH, -, -, CHW, CWH.
  constexpr uint8_t kAxes[8][3] = {{0, 1, 2}, {1, 0, 2}, {0, 2, 1}, {1, 2, 0}, {0, 1, 2}, {0, 1, 2}, {2, 0, 1}, {2, 1, 0}};
  for (int a = 0; a < 3; ++a) out[a] = dims[kAxes[ofm.transpose][a]];
  ofm.out_height = out[0];
  ofm.out_width = out[1];
  ofm.out_depth = out[2];
  if (storage_of(precision) == Storage::Chained) {
    Chain& chain = context.chain;
    if (!chain.fits(fm.height, fm.width, fm.depth) || ofm.transpose != 0 || ofm.reverse != 0) ofm.valid = false;
    chain.height = fm.height;
    chain.width = fm.width;
    chain.depth = fm.depth;
    ofm.chain = &chain;
  }
  return ofm;
}

void Ofm::write(const RegionMap& memory, int32_t y, int32_t x, int32_t c, int64_t value, bool* fault) const {
  if (chain) {
    chain->values.data[chain->index(y, x, c)] = static_cast<int32_t>(value);
    return;
  }
  const int32_t op[3] = {y, x, c};
  constexpr uint8_t kAxes[8][3] = {{0, 1, 2}, {1, 0, 2}, {0, 2, 1}, {1, 2, 0}, {0, 1, 2}, {0, 1, 2}, {2, 0, 1}, {2, 1, 0}};
  int32_t oy = op[kAxes[transpose][0]], ox = op[kAxes[transpose][1]], oc = op[kAxes[transpose][2]];
  if (reverse == 1) oy = out_height - 1 - oy;
  else if (reverse == 2) ox = out_width - 1 - ox;
  else if (reverse == 3) oc = out_depth - 1 - oc;
  map.write(memory, oy, ox, oc, value, fault);
}

Scale Scale::of(const RegisterFile& r, uint16_t id) {
  Scale s;
  const uint16_t param = r.cmd1_param[id];
  s.scale = r.get1(id) & 0x7FFFFFFF;
  s.shift = param & 0x3F;
  s.double_round = (param >> 6) & 0x1F;
  s.round = static_cast<RoundMode>((param >> 13) & 7);
  return s;
}

int64_t Scale::apply_with(int64_t value, uint32_t multiplier, uint32_t right_shift) const {
  switch (round) {
    case RoundMode::DoubleSymmetric: return apply_scale(value, multiplier, right_shift, Rounding::Double, double_round);
    case RoundMode::Natural: return apply_scale(value, multiplier, right_shift, Rounding::Natural);
    case RoundMode::TruncateToZero: return apply_scale(value, multiplier, right_shift, Rounding::Truncate);
    case RoundMode::TruncateToLower: return Wide::product(value, multiplier).shifted_right(right_shift).saturated();
    case RoundMode::Symmetric: {  // half away from zero
      const int64_t half = right_shift > 0 ? int64_t{1} << (right_shift - 1) : 0;
      const int64_t round = value >= 0 || half == 0 ? half : half - 1;
      return Wide::product(value, multiplier).plus(Wide::of(round)).shifted_right(right_shift).saturated();
    }
    default: return 0;  // not supported(): the operation faults first
  }
}

OutputStage OutputStage::of(const OpContext& context, const FeatureMap& ofm) {
  OutputStage stage;
  const RegisterFile& r = context.regs;
  const uint16_t activation = r.get0(reg0::Activation);
  stage.function = activation & 0x1F;
  stage.clip = ((activation >> 12) & 1) == 0;
  stage.activation_min = r.get0_signed(reg0::ActivationMin);
  stage.activation_max = r.get0_signed(reg0::ActivationMax);
  if (ofm.element_bytes == 1 && !ofm.is_signed) {
    stage.activation_min = r.get0(reg0::ActivationMin);
    stage.activation_max = r.get0(reg0::ActivationMax);
  }
  const uint32_t table = (activation >> 5) & 7;
  // LUT functions (ethos_u85_register_cs_generator.cpp GenerateActivation): a
  // 256-byte table per 8-bit slot; wider entries take 2 or 4 slots, 16-bit
  // inputs all eight (table 0).
  switch (stage.function) {
    case 0: break;                                                  // LUT_NONE
    case 1: case 4: stage.table = context.lut + 256 * table; break;  // LUT_U8_U8, LUT_S8_S8
    case 5: stage.table = table < 4 ? context.lut + 512 * table : nullptr; break;   // LUT_S8_S16
    case 7: stage.table = table < 2 ? context.lut + 1024 * table : nullptr; break;  // LUT_S8_S32
    case 8: case 10: case 11: stage.table = context.lut; break;     // LUT_S16_S16, TANH, SIGMOID
    default: stage.supported = false; break;
  }
  if (stage.function != 0 && !stage.table) stage.supported = false;
  return stage;
}

int64_t OutputStage::finish(int64_t scaled, const FeatureMap& ofm) const {
  int64_t v = clamp64(scaled, INT64_MIN / 2, INT64_MAX / 2) + ofm.zero_point;
  if (clip && ofm.element_bytes <= 2) v = clamp64(v, activation_min, activation_max);
  const auto read16 = [](const uint8_t* p) { return static_cast<int16_t>(p[0] | p[1] << 8); };
  switch (function) {
    case 1: return table[clamp64(v, 0, 255)];
    case 4: return static_cast<int8_t>(table[clamp64(v, -128, 127) + 128]);
    case 5: return read16(table + 2 * (clamp64(v, -128, 127) + 128));
    case 7: {
      const uint8_t* p = table + 4 * (clamp64(v, -128, 127) + 128);
      return static_cast<int32_t>(p[0] | p[1] << 8 | p[2] << 16 | static_cast<uint32_t>(p[3]) << 24);
    }
    case 8: case 10: case 11: {
      // As the U55's 16-bit table: 512 words of (slope << 16 | base), the top 9
      // bits of the offset value pick one, the low 7 interpolate.
      const auto offset = static_cast<uint32_t>(clamp64(v, -32768, 32767) + 32768);
      const uint8_t* word = table + 4 * (offset >> 7);
      const int64_t interpolated = int64_t{read16(word)} * 128 + int64_t{read16(word + 2)} * (offset & 127);
      return clamp64(apply_scale(interpolated, 1, 7, Rounding::Natural), ofm.min_value(), ofm.max_value());
    }
    default: return clamp64(v, ofm.min_value(), ofm.max_value());
  }
}

ChannelScale ChannelScale::of(const uint8_t* s, bool acc48) {
  ChannelScale c;
  uint64_t bias = 0;
  const int bias_bytes = acc48 ? 6 : 4;
  for (int b = 0; b < bias_bytes; ++b) bias |= static_cast<uint64_t>(s[b]) << (8 * b);
  c.bias = static_cast<int64_t>(bias << (64 - 8 * bias_bytes)) >> (64 - 8 * bias_bytes);
  if (acc48) c.scale = s[6] | (s[7] & 0x7Fu) << 8;
  else c.scale = s[4] | s[5] << 8 | s[6] << 16 | static_cast<uint32_t>(s[7] & 0x7F) << 24;
  c.shift = s[8] & 0x3F;
  return c;
}

}  // namespace ember::ethosu::u85
