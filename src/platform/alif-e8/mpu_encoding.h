// ARMv8-M MPU region words (PMSAv8): RBAR = base | SH | AP | XN, RLAR = limit | AttrIndx | EN,
// both with 32-byte granularity.
#pragma once
#include <cstdint>

namespace ember::alif {

enum class MpuAccess : uint32_t { ReadWrite = 0b01, ReadOnly = 0b11 };  // privileged and unprivileged

// MAIR attribute bytes, indexed by AttrIndx.
enum class MpuAttribute : uint32_t { Device = 0, NormalWriteBack = 1, NormalWriteThrough = 2 };
constexpr uint32_t kMairDeviceNGnRE = 0x04;
constexpr uint32_t kMairNormalWriteBack = 0xFF;     // inner and outer WB, read and write allocate
constexpr uint32_t kMairNormalWriteThrough = 0xAA;  // inner and outer WT, read allocate
constexpr uint32_t kMair0 = kMairDeviceNGnRE | (kMairNormalWriteBack << 8) | (kMairNormalWriteThrough << 16);

constexpr uint32_t kMpuGranule = 32;

constexpr uint32_t mpu_rbar(uintptr_t base, MpuAccess access, bool execute_never) {
  return (static_cast<uint32_t>(base) & ~(kMpuGranule - 1)) | (static_cast<uint32_t>(access) << 1) |
         (execute_never ? 1u : 0u);
}

// limit is the region's last byte.
constexpr uint32_t mpu_rlar(uintptr_t base, uint32_t length, MpuAttribute attribute) {
  uint32_t last = static_cast<uint32_t>(base) + length - 1;
  return (last & ~(kMpuGranule - 1)) | (static_cast<uint32_t>(attribute) << 1) | 1u;
}

}  // namespace ember::alif
