// The one door to the NPU's registers. On a board it is volatile MMIO at the
// NPU base (MmioRegisters); on the host and in the QEMU firmware a model of the
// NPU implements it. Offsets are bytes from the NPU base (regs/npu_mmio.h).
#pragma once
#include <cstdint>

namespace ember::ethosu {

class RegisterIo {
 public:
  virtual uint32_t read32(uint32_t offset) = 0;
  virtual void write32(uint32_t offset, uint32_t value) = 0;

 protected:
  ~RegisterIo() = default;
};

// The only volatile access to the NPU in ember.
class MmioRegisters final : public RegisterIo {
 public:
  explicit MmioRegisters(uintptr_t base) : base_(base) {}
  uint32_t read32(uint32_t offset) override { return *reinterpret_cast<volatile uint32_t*>(base_ + offset); }
  void write32(uint32_t offset, uint32_t value) override { *reinterpret_cast<volatile uint32_t*>(base_ + offset) = value; }

 private:
  uintptr_t base_;
};

}  // namespace ember::ethosu
