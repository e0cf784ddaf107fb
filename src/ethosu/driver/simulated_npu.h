// The Ethos-U55 as the driver sees it, on the host and in the QEMU firmware:
// its registers over the simulator. CMD.transition_to_running runs the stream
// at QBASE with BASEPn resolved in the memory the NPU can reach (windows the
// platform declares); STATUS then reads as the hardware's would: cmd_end_reached,
// or the bus error, parse error or wd_fault bit (wd_fault is the weight decoder's
// decompression fault, not a watchdog: the U55 has no watchdog of its own). A
// stream over its work budget stays "running", as a hung NPU does, so the
// driver's poll limit, its watchdog, fires. The PMU reads the cycle estimate.
#pragma once
#include <cstddef>
#include <cstdint>

#include "ethosu/driver/npu_memory_windows.h"
#include "ethosu/driver/register_io.h"
#include "ethosu/sim/simulator.h"

namespace ember::ethosu {

class SimulatedNpu final : public RegisterIo, public NpuMemoryWindows {
 public:
  explicit SimulatedNpu(Simulator& simulator) : sim_(simulator) {}

  // What the NPU's bus reaches; anything else is a bus error. Returns false when full.
  bool map(const MemoryWindow& window) override;
  void unmap_all() override { window_count_ = 0; }

  uint32_t read32(uint32_t offset) override;
  void write32(uint32_t offset, uint32_t value) override;

  // The simulator's account of the last run (faults, per-operation records).
  RunReport& last_run() override { return report_; }
  uint32_t product() const override { return sim_.config().product; }
  uint32_t macs() const override { return sim_.config().macs_per_cycle; }
  void adopt(uint32_t product, uint32_t macs, uint32_t shram_bytes) override;

 private:
  static constexpr uint32_t kWindows = 8;
  void run();
  const MemoryWindow* window_of(uint64_t address) const;
  uint32_t pmu_offset(uint32_t offset) const;
  uint32_t reg(uint32_t offset) const { return regs_[offset / 4]; }
  uint64_t pair(uint32_t lo) const { return reg(lo) | (uint64_t{reg(lo + 4)} << 32); }

  Simulator& sim_;
  MemoryWindow windows_[kWindows];
  uint32_t window_count_ = 0;
  uint32_t regs_[0x400 / 4] = {};
  uint32_t status_ = 0;
  RunReport report_;
};

}  // namespace ember::ethosu
