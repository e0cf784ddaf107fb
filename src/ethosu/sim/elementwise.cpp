// ELEMENTWISE: IFM op IFM2 (IFM2 may broadcast or be a scalar), per spec §3:
// ADD/SUB with equal scales add the zero-point-corrected inputs, each times its
// 16-bit OPA/OPB_SCALE (OPA_OPB_16 mode); in the advanced
// modes one operand is scaled by OPA_SCALE (double rounding at bit 20 for 8-bit,
// 15 for 16-bit) and the other shifted up (19 / 14 bits); then the OFM stage.
#include "ethosu/sim/op_context.h"

namespace ember::ethosu {
namespace {

enum class ScaleMode : uint8_t { Opa16 = 0, Opa32 = 1, Opb32 = 2 };

int64_t count_leading_zeros(int64_t v) {
  uint32_t u = static_cast<uint32_t>(v);
  int64_t n = 0;
  for (uint32_t bit = 1u << 31; bit && !(u & bit); bit >>= 1) ++n;
  return n;
}

}  // namespace

Error run_elementwise(OpContext& context, ElementwiseMode mode) {
  const RegisterFile& r = context.regs;
  const FeatureMap ifm = ifm_of(r);
  const FeatureMap ifm2 = ifm2_of(r);
  const FeatureMap ofm = ofm_of(r);
  const OutputStage stage = OutputStage::of(context, ofm);
  if (!stage.valid()) {
    context.fault = Fault::Unsupported;  // a 16-bit table in a slot it overflows
    return Error::NpuFault;
  }
  const uint16_t broadcast = r.get0(reg0::Ifm2Broadcast);
  const bool scalar = (broadcast >> 7) & 1, reversed = (broadcast >> 6) & 1;
  const bool unary = mode == ElementwiseMode::Abs || mode == ElementwiseMode::LRelu || mode == ElementwiseMode::Clz;
  const uint16_t ifm_precision = r.get0(reg0::IfmPrecision);
  const auto scale_mode = static_cast<ScaleMode>((ifm_precision >> 8) & 3);
  const auto input_rounding = static_cast<Rounding>((ifm_precision >> 14) & 3);
  const uint32_t ofm_scale = r.get1(reg1::OfmScale), ofm_shift = r.cmd1_param[reg1::OfmScale] & 0x3F;
  const uint32_t opa_scale = r.get1(reg1::OpaScale), opa_shift = r.cmd1_param[reg1::OpaScale] & 0x3F;
  const uint32_t opb_scale = r.get1(reg1::OpbScale) & 0xFFFF;
  const bool wide = ifm.element_bytes == 2;
  const uint32_t input_shift = wide ? 14 : 19, double_round_bits = wide ? 15 : 20;
  bool fault = false;
  for (int32_t y = 0; y < ofm.height; ++y) {
    for (int32_t x = 0; x < ofm.width; ++x) {
      for (int32_t c = 0; c < ofm.depth; ++c) {
        int64_t a = ifm.read(context.memory, y, x, c, &fault) - ifm.zero_point;
        int64_t b = 0;
        if (!unary) {
          b = scalar ? static_cast<int64_t>(r.get0_signed(reg0::Ifm2Scalar))
                     : ifm2.read(context.memory, (broadcast & 1) ? 0 : y, (broadcast & 2) ? 0 : x,
                                 (broadcast & 4) ? 0 : c, &fault);
          b -= ifm2.zero_point;
          if (reversed) { int64_t t = a; a = b; b = t; }
        }
        int64_t result;
        switch (mode) {
          case ElementwiseMode::Add:
          case ElementwiseMode::Sub: {
            if (scale_mode == ScaleMode::Opa16) {
              // Both operands times their 16-bit scales, no shift: 1 and 1 for plain
              // equal-scale adds; Vela fuses int16 inputs' RESCALEs here (e.g. 2048 each
              // with OFM shift 11).
              a *= opa_scale & 0xFFFF;
              b *= opb_scale;
            } else if (scale_mode == ScaleMode::Opa32) {
              a = apply_scale(a, opa_scale, opa_shift, input_rounding, double_round_bits);
              b *= int64_t{1} << input_shift;
            } else if (scale_mode == ScaleMode::Opb32) {
              b = apply_scale(b, opa_scale, opa_shift, input_rounding, double_round_bits);
              a *= int64_t{1} << input_shift;
            }
            result = apply_scale(mode == ElementwiseMode::Add ? a + b : a - b, ofm_scale, ofm_shift, stage.rounding);
            break;
          }
          case ElementwiseMode::Mul: result = apply_scale(a * b, ofm_scale, ofm_shift, stage.rounding); break;
          case ElementwiseMode::Min: result = a < b ? a : b; break;
          case ElementwiseMode::Max: result = a > b ? a : b; break;
          case ElementwiseMode::Abs: result = apply_scale(a < 0 ? -a : a, ofm_scale, ofm_shift, stage.rounding); break;
          case ElementwiseMode::LRelu: result = a < 0 ? apply_scale(a, ofm_scale, ofm_shift, stage.rounding) : a; break;
          case ElementwiseMode::Clz: result = count_leading_zeros(a); break;
          case ElementwiseMode::Shr: result = b >= 0 && b < 32 ? a >> b : 0; break;
          case ElementwiseMode::Shl: result = b >= 0 && b < 32 ? static_cast<int32_t>(static_cast<uint32_t>(a) << b) : 0; break;
          default:
            context.fault = Fault::ParseError;
            return Error::NpuFault;
        }
        ofm.write(context.memory, y, x, c, stage.finish(result, ofm), &fault);
        if (fault) {
          context.fault = Fault::BusError;
          return Error::NpuFault;
        }
      }
    }
  }
  context.stats.bytes_written += static_cast<uint64_t>(ofm.height) * ofm.width * ofm.depth * ofm.element_bytes;
  return Error::Ok;
}

}  // namespace ember::ethosu
