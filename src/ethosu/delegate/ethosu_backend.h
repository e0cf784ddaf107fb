// EthosUBackend: runs the Vela command stream of a delegate on an Ethos-U55
// through the register-level driver; the NPU behind the registers is MMIO on a
// board, the simulator (SimulatedNpu, simulated_ethos_u.h) on the host and in
// QEMU, which the backend reaches only through the driver and the
// NpuMemoryWindows interface. Matches upstream's runtime contract
// (docs/ethos-u-delegate.md): scratch of scratch_size from the temp allocator, inputs
// copied to scratch + offset, base pointers {weights, scratch, scratch},
// outputs copied back.
#pragma once
#include "ethosu/delegate/payload.h"
#include "ethosu/driver/npu_driver.h"
#include "ethosu/driver/npu_memory_windows.h"
#include "runtime/backend.h"

namespace ember::ethosu {

struct RunStatistics {
  uint64_t inferences = 0;  // delegate runs: a program the partitioner split runs several per inference
  uint64_t cycles = 0;  // of the last run, read from the NPU's PMU
  uint64_t all_cycles = 0;  // of all runs so far: differences give one inference's, over all its delegates
  uint64_t macs = 0;
  uint32_t operations = 0;
  uint32_t npu_ticks = 0;  // all NPU runs so far on the caller's clock (set_clock); differences time one inference
  // Per operation of the last run, from a simulated NPU (whose owner keeps the
  // array: a board image carries none); record_count <= operations.
  const OpRecord* records = nullptr;
  uint32_t record_count = 0;
};

class EthosUBackend final : public Backend {
 public:
  // A board's NPU: the driver runs it through MMIO; macs is its fixed size,
  // product its CONFIG product (Ethos-U55 or Ethos-U85): a command stream
  // compiled for another product is refused at init.
  EthosUBackend(NpuDriver& driver, uint32_t macs, uint32_t product = mmio::kProductU55);
  // The simulated NPU (host, QEMU firmware): its memory windows are mapped per
  // run. adopt_stream_config: configure it as each command stream requires
  // (host tools); otherwise a mismatch is an error, as on a board. records:
  // the caller's array the device fills per operation (statistics().records).
  EthosUBackend(NpuDriver& driver, NpuMemoryWindows& device, bool adopt_stream_config, Span<OpRecord> records);

  const char* id() const override { return "EthosUBackend"; }
  Result<DelegateHandle*> init(BackendInitContext& context, Span<const uint8_t> payload,
                               Span<const CompileSpec> compile_specs) override;
  Error execute(BackendExecuteContext& context, DelegateHandle* handle, Span<EValue*> args) override;

  const RunStatistics& statistics() const { return statistics_; }
  uint32_t macs() const;
  // A clock to time each NPU run with (e.g. the CPU cycle counter), so a caller
  // can tell the CPU's share of an inference from the NPU's.
  void set_clock(uint32_t (*clock)()) { clock_ = clock; }

 private:
  NpuDriver& driver_;
  uint32_t fixed_macs_ = 0;
  uint32_t product_ = mmio::kProductU55;  // the simulator models the Ethos-U55
  NpuMemoryWindows* device_ = nullptr;  // null on a board
  bool adopt_stream_config_ = false;
  uint32_t (*clock_)() = nullptr;
  RunStatistics statistics_;
};

}  // namespace ember::ethosu
