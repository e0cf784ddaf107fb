// ELEMENTWISE on the U85: IFM op IFM2, each input broadcast by its own mode or
// a scalar (OP_SCALAR). Each zero-point-corrected input is scaled by its
// IFM_SCALE / IFM2_SCALE (unit but for ADD/SUB, whose double rounding
// compensates the inputs' left shift, and LRELU: the IFM scale for x >= 0, the
// IFM2 scale for x < 0), then the operation, then OFM_SCALE and the output
// stage (ethos_u85_register_cs_generator.cpp GenerateScalingForElementwise).
// Comparisons give masks (all bits set for true) that AND, AND_NOT and OR
// combine: Vela's select (where).
#include "ethosu/u85/op_context.h"

namespace ember::ethosu::u85 {
namespace {

int64_t leading_zeros32(int64_t v) {
  const auto u = static_cast<uint32_t>(v);
  int64_t n = 0;
  for (uint32_t bit = 1u << 31; bit && !(u & bit); bit >>= 1) ++n;
  return n;
}

bool unary(ElementwiseMode mode) {
  return mode == ElementwiseMode::Abs || mode == ElementwiseMode::LRelu || mode == ElementwiseMode::Clz ||
         mode == ElementwiseMode::Not;
}

}  // namespace

Error run_elementwise(OpContext& context, ElementwiseMode mode) {
  const RegisterFile& r = context.regs;
  const Input ifm = ifm_input(context);
  const Input ifm2 = ifm2_input(context);
  const Ofm ofm = ofm_output(context);
  const FeatureMap& out = ofm.map;
  const OutputStage stage = OutputStage::of(context, out);
  const Scale ofm_scale = Scale::of(r, reg1::OfmScale);
  const Scale ifm_scale = Scale::of(r, reg1::IfmScale);
  const Scale ifm2_scale = Scale::of(r, reg1::Ifm2Scale);
  const bool is_unary = unary(mode);
  if (!stage.supported || !ofm.valid || !ofm_scale.supported() || !ifm_scale.supported() ||
      (!is_unary && !ifm2_scale.supported()) || ifm.broadcast > 8 || ifm2.broadcast > 8) {
    return context.fail(Fault::Unsupported);
  }
  // A comparison's true is every bit of the element set: Vela selects with AND / AND_NOT / OR masks.
  const int64_t all_ones = out.is_signed ? -1 : out.max_value();
  bool fault = false;
  for (int32_t y = 0; y < out.height; ++y) {
    for (int32_t x = 0; x < out.width; ++x) {
      for (int32_t c = 0; c < out.depth; ++c) {
        const int64_t a0 = ifm.read(context.memory, y, x, c, &fault);
        const int64_t b0 = is_unary ? 0 : ifm2.read(context.memory, y, x, c, &fault);
        int64_t result;
        if (mode == ElementwiseMode::LRelu) {
          result = ofm_scale.apply(a0 >= 0 ? ifm_scale.apply(a0) : ifm2_scale.apply(a0));
        } else {
          const int64_t a = ifm_scale.apply(a0);
          const int64_t b = is_unary ? 0 : ifm2_scale.apply(b0);
          switch (mode) {
            case ElementwiseMode::Add: result = ofm_scale.apply(add_saturating(a, b)); break;
            case ElementwiseMode::Sub: result = ofm_scale.apply(sub_saturating(a, b)); break;
            case ElementwiseMode::Mul: result = ofm_scale.apply(mul_saturating(a, b)); break;
            case ElementwiseMode::Min: result = ofm_scale.apply(a < b ? a : b); break;
            case ElementwiseMode::Max: result = ofm_scale.apply(a > b ? a : b); break;
            case ElementwiseMode::Abs: result = ofm_scale.apply(a < 0 ? sub_saturating(0, a) : a); break;
            case ElementwiseMode::Clz: result = leading_zeros32(a0); break;
            case ElementwiseMode::Shr: result = b0 >= 0 && b0 < 32 ? a0 >> b0 : (a0 < 0 ? -1 : 0); break;
            case ElementwiseMode::Shl:
              result = b0 >= 0 && b0 < 32 ? static_cast<int32_t>(static_cast<uint32_t>(a0) << b0) : 0;
              break;
            case ElementwiseMode::Lsr:
              result = b0 >= 0 && b0 < 32 ? static_cast<int64_t>(static_cast<uint32_t>(a0) >> b0) : 0;
              break;
            case ElementwiseMode::CmpEq: result = a == b ? all_ones : 0; break;
            case ElementwiseMode::CmpNe: result = a != b ? all_ones : 0; break;
            case ElementwiseMode::CmpGe: result = a >= b ? all_ones : 0; break;
            case ElementwiseMode::CmpGt: result = a > b ? all_ones : 0; break;
            case ElementwiseMode::And: result = a0 & b0; break;
            case ElementwiseMode::Or: result = a0 | b0; break;
            case ElementwiseMode::Xor: result = a0 ^ b0; break;
            case ElementwiseMode::Not: result = ~a0; break;
            case ElementwiseMode::AndNot: result = a0 & ~b0; break;
            default: return context.fail(mode == ElementwiseMode::Div ? Fault::Unsupported : Fault::ParseError);
          }
        }
        ofm.write(context.memory, y, x, c, stage.finish(result, out), &fault);
        if (fault) return context.fail(Fault::BusError);
      }
    }
  }
  context.stats.bytes_written += static_cast<uint64_t>(out.height) * out.width * out.depth * out.element_bytes;
  return Error::Ok;
}

}  // namespace ember::ethosu::u85
