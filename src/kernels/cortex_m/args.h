// Reading cortex_m:: kernel arguments: NHWC activations, window lists, per-channel
// requantization tensors. Every mismatch is a named, logged error.
#pragma once
#include <cstdint>

#include "kernels/common/kernel_args.h"
#include "kernels/cortex_m/ops.h"
#include "kernels/cortex_m/requantize.h"

namespace ember::kernels::cortex_m {

// A 4-D int8 activation, NHWC in memory (dim order 0,2,3,1, or any order that is
// the same bytes).
inline Result<Shape4> nhwc_arg(const char* op, const Tensor& t, const char* name) {
  if (t.dtype != ScalarType::Char || t.rank != 4) {
    EMBER_LOG_ERROR("%s: %s must be a 4-D int8 tensor (%s, rank %u)", op, name, to_string(t.dtype),
                    static_cast<unsigned>(t.rank));
    return Error::InvalidType;
  }
  const Shape4 s{t.sizes[0], t.sizes[2], t.sizes[3], t.sizes[1]};
  static constexpr uint8_t kNhwc[4] = {0, 2, 3, 1};
  if (!has_memory_order(t, kNhwc)) {
    EMBER_LOG_ERROR("%s: %s is not channels-last (NHWC)", op, name);
    return Error::NotSupported;
  }
  return s;
}

// An int8 tensor of any rank laid out in the default order (size-1 dimensions may
// be ordered anyhow: a [8, 3, 3, 1] weight can come as dim order 0, 2, 3, 1).
inline Error expect_int8(const char* op, const Tensor& t, const char* name) {
  if (t.dtype != ScalarType::Char) {
    EMBER_LOG_ERROR("%s: %s is %s, expected int8", op, name, to_string(t.dtype));
    return Error::InvalidType;
  }
  if (!has_memory_order(t, nullptr)) {
    EMBER_LOG_ERROR("%s: %s is not contiguous (dim order)", op, name);
    return Error::NotSupported;
  }
  return Error::Ok;
}

// int[] of one value (both dimensions) or two (height, width).
inline Error pair_arg(const char* op, Span<EValue*> args, size_t i, int32_t* h, int32_t* w) {
  EMBER_TRY_ASSIGN(Span<const int64_t> v, int_list_arg(op, args, i));
  if (v.size < 1 || v.size > 2 || v[0] < 0 || v[v.size - 1] < 0 || v[0] > INT32_MAX || v[v.size - 1] > INT32_MAX) {
    return bad_argument(op, i, "is not a list of one or two non-negative ints");
  }
  *h = static_cast<int32_t>(v[0]);
  *w = static_cast<int32_t>(v[v.size - 1]);
  return Error::Ok;
}

inline Result<int32_t> int32_arg(const char* op, Span<EValue*> args, size_t i) {
  EMBER_TRY_ASSIGN(int64_t v, int_arg(op, args, i));
  if (v < INT32_MIN || v > INT32_MAX) return bad_argument(op, i, "does not fit 32 bits");
  return static_cast<int32_t>(v);
}

// An int32 tensor of exactly `count` values (bias, per-channel multipliers, ...).
inline Result<const int32_t*> int32_values(const char* op, const Tensor& t, size_t count, const char* name) {
  if (t.dtype != ScalarType::Int || t.numel() != count) {
    EMBER_LOG_ERROR("%s: %s must hold %u int32 values", op, name, static_cast<unsigned>(count));
    return Error::InvalidShape;
  }
  return t.data_as<const int32_t>();
}

inline Error expect_requantization(const char* op, const int32_t* multipliers, const int32_t* shifts, size_t count) {
  for (size_t i = 0; i < count; ++i) {
    if (!valid_requantization(multipliers[i], shifts[i])) {
      EMBER_LOG_ERROR("%s: multiplier %d / shift %d out of range", op, static_cast<int>(multipliers[i]),
                      static_cast<int>(shifts[i]));
      return Error::InvalidArgument;
    }
  }
  return Error::Ok;
}

inline Error expect_activation_range(const char* op, int32_t lo, int32_t hi) {
  if (lo <= hi && lo >= INT8_MIN && hi <= INT8_MAX) return Error::Ok;
  EMBER_LOG_ERROR("%s: activation range [%d, %d] is not an int8 range", op, static_cast<int>(lo), static_cast<int>(hi));
  return Error::InvalidArgument;
}

// The per-channel quantization arguments the convolutions share, from argument
// `first` on: input_offset, output_offset, requantize_multipliers,
// requantize_shifts, activation_min, activation_max; and the optional bias.
inline Error conv_quantization_args(const char* op, Span<EValue*> args, size_t first, size_t channels,
                                    const Tensor* bias, int32_t* input_offset, Requantization* rq,
                                    const int32_t** bias_values) {
  EMBER_TRY_ASSIGN(*input_offset, int32_arg(op, args, first));
  EMBER_TRY_ASSIGN(rq->output_offset, int32_arg(op, args, first + 1));
  EMBER_TRY_ASSIGN(Tensor* multipliers, tensor_arg(op, args, first + 2));
  EMBER_TRY_ASSIGN(Tensor* shifts, tensor_arg(op, args, first + 3));
  EMBER_TRY_ASSIGN(rq->multipliers, int32_values(op, *multipliers, channels, "requantize_multipliers"));
  EMBER_TRY_ASSIGN(rq->shifts, int32_values(op, *shifts, channels, "requantize_shifts"));
  EMBER_TRY(expect_requantization(op, rq->multipliers, rq->shifts, channels));
  EMBER_TRY_ASSIGN(rq->activation_min, int32_arg(op, args, first + 4));
  EMBER_TRY_ASSIGN(rq->activation_max, int32_arg(op, args, first + 5));
  EMBER_TRY(expect_activation_range(op, rq->activation_min, rq->activation_max));
  *bias_values = nullptr;
  if (bias) {
    EMBER_TRY_ASSIGN(*bias_values, int32_values(op, *bias, channels, "bias"));
  }
  return Error::Ok;
}

inline int32_t pooled_extent(int32_t in, int32_t kernel, int32_t stride, int32_t pad, int32_t dilation) {
  return (in + 2 * pad - dilation * (kernel - 1) - 1) / stride + 1;
}

inline Error expect_out_extent(const char* op, const Shape4& in, const Shape4& out, const Window& w, int32_t channels) {
  if (w.stride_h < 1 || w.stride_w < 1 || w.kernel_h < 1 || w.kernel_w < 1 || w.dilation_h < 1 || w.dilation_w < 1) {
    EMBER_LOG_ERROR("%s: kernel, stride and dilation must be positive", op);
    return Error::InvalidArgument;
  }
  if (out.n != in.n || out.c != channels ||
      out.h != pooled_extent(in.h, w.kernel_h, w.stride_h, w.pad_h, w.dilation_h) ||
      out.w != pooled_extent(in.w, w.kernel_w, w.stride_w, w.pad_w, w.dilation_w)) {
    EMBER_LOG_ERROR("%s: output shape does not follow from the input and the window", op);
    return Error::InvalidShape;
  }
  return Error::Ok;
}

}  // namespace ember::kernels::cortex_m
