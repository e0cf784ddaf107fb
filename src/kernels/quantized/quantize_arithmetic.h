// Per-tensor affine quantization, with exactly upstream ExecuTorch's rounding
// (kernels/quantized/cpu/op_quantize.cpp): q = int32(zp) + nearbyint(float(x *
// (1.0f / float(scale)))), summed in float, round-half-even, then clamped.
// Policy where upstream is undefined (float -> int64 overflow): NaN quantizes to
// the zero point, +-inf saturates to quant_max / quant_min.
#pragma once
#include <cmath>
#include <cstddef>
#include <cstdint>

namespace ember::kernels {

inline int64_t quantize_value(float x, float inverse_scale, int32_t zero_point, int64_t quant_min, int64_t quant_max) {
  float q = static_cast<float>(zero_point) + std::nearbyint(inverse_scale * x);
  if (std::isnan(q)) return zero_point < quant_min ? quant_min : (zero_point > quant_max ? quant_max : zero_point);
  if (q <= static_cast<float>(quant_min)) return quant_min;
  if (q >= static_cast<float>(quant_max)) return quant_max;
  return static_cast<int32_t>(q);  // inside [quant_min, quant_max]: an int32, one VCVT on the M55
}

// quantize_value over n floats to int8 (the common case): the scalar loop, and on a
// core with Helium an MVE path, four per vector, with the same bits (VRINTN rounds
// half to even as nearbyint does; a NaN lane takes the clamped zero point). Its
// vector floating point flushes subnormal products to zero: the same result, since
// inverse_scale would have to exceed 4e37 for one to round away from 0.
void quantize_int8_reference(const float* in, int8_t* out, size_t n, float inverse_scale, int32_t zero_point,
                             int32_t quant_min, int32_t quant_max);
void quantize_int8_mve(const float* in, int8_t* out, size_t n, float inverse_scale, int32_t zero_point,
                       int32_t quant_min, int32_t quant_max);
void quantize_int8(const float* in, int8_t* out, size_t n, float inverse_scale, int32_t zero_point,
                   int32_t quant_min, int32_t quant_max);

// (q - zp) * float(scale), in float (upstream's op_dequantize).
inline float dequantize_value(int32_t q, float scale, int32_t zero_point) {
  return static_cast<float>(q - zero_point) * scale;
}

}  // namespace ember::kernels
