// Reading a kernel's arguments with checks: every mismatch is a named error,
// logged with the operator's name, never a crash.
#pragma once
#include <cstdint>

#include "core/error.h"
#include "core/log.h"
#include "core/result.h"
#include "core/span.h"
#include "runtime/evalue.h"

namespace ember::kernels {

inline Error bad_argument(const char* op, size_t index, const char* what) {
  EMBER_LOG_ERROR("%s: argument %u %s", op, static_cast<unsigned>(index), what);
  return Error::InvalidArgument;
}

inline Error expect_count(const char* op, Span<EValue*> args, size_t count) {
  if (args.size == count) return Error::Ok;
  EMBER_LOG_ERROR("%s: %u arguments, expected %u", op, static_cast<unsigned>(args.size),
                  static_cast<unsigned>(count));
  return Error::InvalidArgument;
}

inline Result<Tensor*> tensor_arg(const char* op, Span<EValue*> args, size_t i) {
  if (!args[i]->is_tensor()) return bad_argument(op, i, "is not a tensor");
  return args[i]->payload.as_tensor;
}

// A tensor or None (nullptr).
inline Result<Tensor*> optional_tensor_arg(const char* op, Span<EValue*> args, size_t i) {
  if (args[i]->is_none()) return static_cast<Tensor*>(nullptr);
  return tensor_arg(op, args, i);
}

inline Result<int64_t> int_arg(const char* op, Span<EValue*> args, size_t i) {
  if (!args[i]->is_int()) return bad_argument(op, i, "is not an int");
  return args[i]->payload.as_int;
}

inline Result<double> scalar_arg(const char* op, Span<EValue*> args, size_t i) {
  if (args[i]->is_double()) return args[i]->payload.as_double;
  if (args[i]->is_int()) return static_cast<double>(args[i]->payload.as_int);
  return bad_argument(op, i, "is not a number");
}

inline Result<bool> bool_arg(const char* op, Span<EValue*> args, size_t i) {
  if (!args[i]->is_bool()) return bad_argument(op, i, "is not a bool");
  return args[i]->payload.as_bool;
}

inline Result<Span<const int64_t>> int_list_arg(const char* op, Span<EValue*> args, size_t i) {
  if (args[i]->tag != Tag::IntList) return bad_argument(op, i, "is not an int list");
  return args[i]->payload.as_int_list;
}

// Contiguous in the default dim order: what every portable kernel assumes.
inline bool is_contiguous(const Tensor& t) {
  for (uint32_t d = 0; d < t.rank; ++d) {
    if (t.dim_order && t.dim_order[d] != d) return false;
  }
  return true;
}

inline Error expect_tensor(const char* op, const Tensor& t, ScalarType dtype, uint32_t rank, const char* name) {
  if (t.dtype != dtype) {
    EMBER_LOG_ERROR("%s: %s is %s, expected %s", op, name, to_string(t.dtype), to_string(dtype));
    return Error::InvalidType;
  }
  if (rank != 0 && t.rank != rank) {
    EMBER_LOG_ERROR("%s: %s has rank %u, expected %u", op, name, static_cast<unsigned>(t.rank),
                    static_cast<unsigned>(rank));
    return Error::InvalidShape;
  }
  if (!is_contiguous(t)) {
    EMBER_LOG_ERROR("%s: %s is not contiguous (dim order)", op, name);
    return Error::NotSupported;
  }
  return Error::Ok;
}

// Whether t's bytes are laid out in `order` (nullptr = the default order). Size-1
// dimensions are ignored: torch gives a [1, 1, H, W] channels-last tensor dim order
// (0, 2, 1, 3), which is the same bytes as NHWC and as NCHW.
inline bool has_memory_order(const Tensor& t, const uint8_t* order) {
  uint32_t i = 0, j = 0;
  while (true) {
    while (i < t.rank && t.sizes[t.dim_order ? t.dim_order[i] : i] == 1) ++i;
    while (j < t.rank && t.sizes[order ? order[j] : j] == 1) ++j;
    if (i == t.rank || j == t.rank) return i == t.rank && j == t.rank;
    if ((t.dim_order ? t.dim_order[i] : i) != (order ? order[j] : j)) return false;
    ++i;
    ++j;
  }
}

inline bool same_shape(const Tensor& a, const Tensor& b) {
  if (a.rank != b.rank) return false;
  for (uint32_t d = 0; d < a.rank; ++d) {
    if (a.sizes[d] != b.sizes[d]) return false;
  }
  return true;
}

// Elementwise kernels: any dim order (NHWC from the Cortex-M flow) as long as
// input and out share it, so element i of one is element i of the other.
inline Error expect_elementwise(const char* op, const Tensor& in, ScalarType in_dtype, const Tensor& out,
                                ScalarType out_dtype) {
  if (in.dtype != in_dtype || out.dtype != out_dtype) {
    EMBER_LOG_ERROR("%s: input is %s and out %s, expected %s and %s", op, to_string(in.dtype),
                    to_string(out.dtype), to_string(in_dtype), to_string(out_dtype));
    return Error::InvalidType;
  }
  if (in.rank != out.rank) {
    EMBER_LOG_ERROR("%s: input and out differ in rank", op);
    return Error::InvalidShape;
  }
  if (!same_shape(in, out) || !has_memory_order(out, in.dim_order)) {
    EMBER_LOG_ERROR("%s: input and out differ in shape or dim order", op);
    return Error::InvalidShape;
  }
  return Error::Ok;
}

inline Error expect_same_shape(const char* op, const Tensor& a, const Tensor& b, const char* what) {
  if (same_shape(a, b)) return Error::Ok;
  EMBER_LOG_ERROR("%s: %s shapes differ", op, what);
  return Error::InvalidShape;
}

}  // namespace ember::kernels
