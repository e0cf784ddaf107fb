#include "ethosu/sim/feature_map.h"

namespace ember::ethosu {
namespace {

// IFM/IFM2 precision: b0 signed, b3:2 element size (8/16/32/64 bit), b7:6 layout.
void apply_ifm_precision(uint16_t precision, FeatureMap* fm) {
  fm->is_signed = precision & 1;
  fm->element_bytes = 1u << ((precision >> 2) & 3);
  fm->layout = static_cast<Layout>((precision >> 6) & 3);
}

}  // namespace

FeatureMap ifm_of(const RegisterFile& r) {
  FeatureMap fm;
  fm.region = r.get0(reg0::IfmRegion) & 7;
  for (int t = 0; t < 4; ++t) fm.base[t] = r.get1(static_cast<uint16_t>(reg1::IfmBase0 + t));
  fm.stride_x = r.get1_signed(reg1::IfmStrideX);
  fm.stride_y = r.get1_signed(reg1::IfmStrideY);
  fm.stride_c = r.get1_signed(reg1::IfmStrideC);
  fm.depth = r.get0(reg0::IfmDepthM1) + 1;
  fm.width0 = r.get0(reg0::IfmWidth0M1) + 1;
  fm.height0 = r.get0(reg0::IfmHeight0M1) + 1;
  fm.height1 = r.get0(reg0::IfmHeight1M1) + 1;
  fm.zero_point = r.get0_signed(reg0::IfmZeroPoint);
  apply_ifm_precision(r.get0(reg0::IfmPrecision), &fm);
  if (!fm.is_signed) fm.zero_point = r.get0(reg0::IfmZeroPoint);
  return fm;
}

FeatureMap ifm2_of(const RegisterFile& r) {
  FeatureMap fm;
  fm.region = r.get0(reg0::Ifm2Region) & 7;
  for (int t = 0; t < 4; ++t) fm.base[t] = r.get1(static_cast<uint16_t>(reg1::Ifm2Base0 + t));
  fm.stride_x = r.get1_signed(reg1::Ifm2StrideX);
  fm.stride_y = r.get1_signed(reg1::Ifm2StrideY);
  fm.stride_c = r.get1_signed(reg1::Ifm2StrideC);
  fm.depth = r.get0(reg0::IfmDepthM1) + 1;
  fm.width0 = r.get0(reg0::Ifm2Width0M1) + 1;
  fm.height0 = r.get0(reg0::Ifm2Height0M1) + 1;
  fm.height1 = r.get0(reg0::Ifm2Height1M1) + 1;
  apply_ifm_precision(r.get0(reg0::Ifm2Precision), &fm);
  fm.zero_point = fm.is_signed ? r.get0_signed(reg0::Ifm2ZeroPoint) : r.get0(reg0::Ifm2ZeroPoint);
  return fm;
}

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
