// The job layer: runs one command stream on an Ethos-U55 or U85 in the hardware's
// order (product check, soft reset + PROT, QCONFIG/REGIONCFG, AXI limits,
// QBASE/QSIZE, BASEPn, CMD), waits for the end by IRQ or polling STATUS until a
// deadline (CPU cycles when the SoC gives a cycle counter, else a poll count),
// turns STATUS into a named error and resets after any failure so the next job
// starts from a clean NPU. An interrupt that never comes is named ("NPU
// interrupt never arrived") and the driver polls STATUS from then on, instead
// of sleeping forever. What differs per SoC comes in through SocHooks.
#pragma once
#include <cstddef>
#include <cstdint>

#include "core/error.h"
#include "core/span.h"
#include "ethosu/driver/npu_device.h"

namespace ember::ethosu {

struct SocHooks {
  // CPU address -> the address the NPU sees (the E8's TCM global aliases).
  uint64_t (*to_npu_address)(const void* cpu_address) = nullptr;  // nullptr: identity
  // Around a run: write back what the NPU reads, drop stale lines it wrote.
  void (*clean_cache)(const void* address, size_t bytes) = nullptr;
  void (*invalidate_cache)(void* address, size_t bytes) = nullptr;
  // Called between polls of STATUS. It must return without an interrupt: a
  // WFI here sleeps forever when the NPU's interrupt never arrives.
  void (*wait)() = nullptr;
  // A free-running CPU cycle counter (wraps): the run's deadline is in its cycles.
  uint32_t (*cycles)() = nullptr;
};

struct DriverConfig {
  BusConfig bus;
  uint32_t protection = mmio::reset::Privileged | mmio::reset::Secure;
  uint32_t reset_poll_limit = 1000;
  // The inference timeout: whichever comes first.
  uint32_t run_poll_limit = 10000000;  // STATUS polls
  uint32_t run_timeout_cycles = 0;     // CPU cycles (with SocHooks::cycles; 0: polls only)
  bool use_irq = false;                // completion by on_irq(), STATUS polled beside it
  uint32_t irq_grace_polls = 1000;     // polls the IRQ gets after STATUS shows the end
  mmio::PmuEvent pmu_events[mmio::kEventCounters] = {mmio::PmuEvent::NpuActive, mmio::PmuEvent::MacActive,
                                                     mmio::PmuEvent::Axi0ReadBeat, mmio::PmuEvent::NpuIdle};
};

struct NpuRegion {
  const void* base = nullptr;
  size_t bytes = 0;
  bool npu_writes = false;  // scratch/IO: invalidated after the run
};

struct NpuJob {
  Span<const uint8_t> command_stream;  // the words after the COP1 header
  uint32_t product = mmio::kProductU55;  // the NPU it was compiled for (the COP1 config's product field)
  NpuRegion regions[8];
  uint32_t region_count = 0;
};

struct NpuJobResult {
  NpuStatus status;  // STATUS at the end (or at the fault)
  PmuCounts pmu;
};

class NpuDriver {
 public:
  NpuDriver(RegisterIo& io, const DriverConfig& config, const SocHooks& hooks = SocHooks())
      : device_(io), config_(config), hooks_(hooks) {}

  // Error::Ok with result->status clean, or NpuMissing / NpuTimeout / NpuFault
  // (result->status holds the STATUS bits, logged by name). The NPU is reset
  // after a failure.
  Error run(const NpuJob& job, NpuJobResult* result);
  // From the NPU's interrupt handler: records STATUS and acknowledges the IRQ.
  void on_irq();
  // True once a job ended without its interrupt: completion is polled since.
  bool irq_missing() const { return irq_missing_; }

 private:
  Error start(const NpuJob& job);
  Error wait_for_end(NpuStatus* status);
  Error fail(Error error, NpuStatus status);
  bool past_deadline(uint32_t start_cycles, uint32_t polls) const;
  uint64_t npu_address(const void* p) const;

  NpuDevice device_;
  DriverConfig config_;
  SocHooks hooks_;
  volatile bool irq_seen_ = false;
  volatile uint32_t irq_status_ = 0;
  bool irq_missing_ = false;
};

}  // namespace ember::ethosu
