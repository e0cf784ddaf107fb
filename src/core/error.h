// Error codes shared by every layer. Errors are values: functions that can fail
// return Error or Result<T>; the detail a user needs (which operator, which input,
// how many bytes) is logged at the point of failure through log.h.
#pragma once
#include <cstdint>

namespace ember {

enum class [[nodiscard]] Error : uint32_t {
  Ok = 0x00,

  // Our own invariants or unsupported features.
  Internal = 0x01,
  NotSupported = 0x02,

  // Bad arguments from the caller.
  InvalidArgument = 0x10,
  InvalidType = 0x11,      // wrong dtype or EValue tag
  InvalidShape = 0x12,     // wrong rank or sizes
  OperatorMissing = 0x13,  // no kernel registered for name.overload
  BackendMissing = 0x14,   // no delegate registered for a backend id
  IndexOutOfRange = 0x15,

  // Resources.
  NotFound = 0x20,
  OutOfMemory = 0x21,      // a caller-given pool is too small
  RegistryFull = 0x22,
  AlreadyRegistered = 0x23,

  // Program format.
  InvalidProgram = 0x30,        // malformed .pte: offsets, lengths, indices
  IncompatibleVersion = 0x31,   // file identifier is not ET12
  MisalignedBuffer = 0x32,      // program buffer not 16-byte aligned

  // Delegates and the NPU.
  DelegateInvalidPayload = 0x40,
  DelegateSizeMismatch = 0x41,
  NpuFault = 0x42,
  NpuTimeout = 0x43,
  NpuMissing = 0x44,  // CONFIG does not name the NPU the command stream was compiled for
};

constexpr const char* to_string(Error e) {
  switch (e) {
    case Error::Ok: return "Ok";
    case Error::Internal: return "Internal";
    case Error::NotSupported: return "NotSupported";
    case Error::InvalidArgument: return "InvalidArgument";
    case Error::InvalidType: return "InvalidType";
    case Error::InvalidShape: return "InvalidShape";
    case Error::OperatorMissing: return "OperatorMissing";
    case Error::BackendMissing: return "BackendMissing";
    case Error::IndexOutOfRange: return "IndexOutOfRange";
    case Error::NotFound: return "NotFound";
    case Error::OutOfMemory: return "OutOfMemory";
    case Error::RegistryFull: return "RegistryFull";
    case Error::AlreadyRegistered: return "AlreadyRegistered";
    case Error::InvalidProgram: return "InvalidProgram";
    case Error::IncompatibleVersion: return "IncompatibleVersion";
    case Error::MisalignedBuffer: return "MisalignedBuffer";
    case Error::DelegateInvalidPayload: return "DelegateInvalidPayload";
    case Error::DelegateSizeMismatch: return "DelegateSizeMismatch";
    case Error::NpuFault: return "NpuFault";
    case Error::NpuTimeout: return "NpuTimeout";
    case Error::NpuMissing: return "NpuMissing";
  }
  return "Unknown";
}

// Propagate an error: EMBER_TRY(expr) returns early when expr is not Ok.
#define EMBER_TRY(expr)                                      \
  do {                                                       \
    ::ember::Error ember_try_err_ = (expr);                  \
    if (ember_try_err_ != ::ember::Error::Ok) return ember_try_err_; \
  } while (0)

}  // namespace ember
