#include "ethosu/sim/feature_map.h"

namespace ember::ethosu {
namespace {

// The registers one input feature map is described by (IFM and IFM2 differ only
// in their ids; both share the IFM depth).
struct InputRegisters {
  uint16_t region, base0, stride_x, stride_y, stride_c, width0_m1, height0_m1, height1_m1, precision, zero_point;
};

constexpr InputRegisters kIfm{reg0::IfmRegion, reg1::IfmBase0, reg1::IfmStrideX, reg1::IfmStrideY,
                              reg1::IfmStrideC, reg0::IfmWidth0M1, reg0::IfmHeight0M1, reg0::IfmHeight1M1,
                              reg0::IfmPrecision, reg0::IfmZeroPoint};
constexpr InputRegisters kIfm2{reg0::Ifm2Region, reg1::Ifm2Base0, reg1::Ifm2StrideX, reg1::Ifm2StrideY,
                               reg1::Ifm2StrideC, reg0::Ifm2Width0M1, reg0::Ifm2Height0M1, reg0::Ifm2Height1M1,
                               reg0::Ifm2Precision, reg0::Ifm2ZeroPoint};

FeatureMap input_of(const RegisterFile& r, const InputRegisters& ids) {
  FeatureMap fm;
  fm.region = r.get0(ids.region) & 7;
  for (int t = 0; t < 4; ++t) fm.base[t] = r.get1(static_cast<uint16_t>(ids.base0 + t));
  fm.stride_x = r.get1_signed(ids.stride_x);
  fm.stride_y = r.get1_signed(ids.stride_y);
  fm.stride_c = r.get1_signed(ids.stride_c);
  fm.depth = r.get0(reg0::IfmDepthM1) + 1;
  fm.width0 = r.get0(ids.width0_m1) + 1;
  fm.height0 = r.get0(ids.height0_m1) + 1;
  fm.height1 = r.get0(ids.height1_m1) + 1;
  // Precision: b0 signed, b3:2 element size (8/16/32/64 bit), b7:6 layout.
  const uint16_t precision = r.get0(ids.precision);
  fm.is_signed = precision & 1;
  fm.element_bytes = 1u << ((precision >> 2) & 3);
  fm.layout = static_cast<Layout>((precision >> 6) & 3);
  fm.zero_point = fm.is_signed ? r.get0_signed(ids.zero_point) : r.get0(ids.zero_point);
  return fm;
}

}  // namespace

FeatureMap ifm_of(const RegisterFile& r) { return input_of(r, kIfm); }
FeatureMap ifm2_of(const RegisterFile& r) { return input_of(r, kIfm2); }

FeatureMap ofm_of(const RegisterFile& r) {
  FeatureMap fm;
  fm.region = r.get0(reg0::OfmRegion) & 7;
  for (int t = 0; t < 4; ++t) fm.base[t] = r.get1(static_cast<uint16_t>(reg1::OfmBase0 + t));
  fm.stride_x = r.get1_signed(reg1::OfmStrideX);
  fm.stride_y = r.get1_signed(reg1::OfmStrideY);
  fm.stride_c = r.get1_signed(reg1::OfmStrideC);
  fm.width = r.get0(reg0::OfmWidthM1) + 1;
  fm.height = r.get0(reg0::OfmHeightM1) + 1;
  fm.depth = r.get0(reg0::OfmDepthM1) + 1;
  fm.width0 = r.get0(reg0::OfmWidth0M1) + 1;
  fm.height0 = r.get0(reg0::OfmHeight0M1) + 1;
  fm.height1 = r.get0(reg0::OfmHeight1M1) + 1;
  // OFM precision: b0 signed, b2:1 element size, b7:6 layout.
  const uint16_t precision = r.get0(reg0::OfmPrecision);
  fm.is_signed = precision & 1;
  fm.element_bytes = 1u << ((precision >> 1) & 3);
  fm.layout = static_cast<Layout>((precision >> 6) & 3);
  fm.zero_point = fm.is_signed ? r.get0_signed(reg0::OfmZeroPoint) : r.get0(reg0::OfmZeroPoint);
  return fm;
}

}  // namespace ember::ethosu
