// EthosUBackend: runs the Vela command stream of a delegate on an Ethos-U55
// through the register-level driver; the NPU behind the registers is MMIO on a
// board, the simulator (SimulatedNpu) on the host and in QEMU. Matches upstream's runtime contract (pte-format.md §5): scratch of
// scratch_size from the temp allocator, inputs copied to scratch + offset,
// base pointers {weights, scratch, scratch}, outputs copied back.
#pragma once
#include "ethosu/delegate/payload.h"
#include "ethosu/driver/npu_driver.h"
#include "ethosu/driver/npu_memory_windows.h"
#include "ethosu/driver/simulated_npu.h"
#include "ethosu/sim/simulator.h"
#include "runtime/backend.h"

namespace ember::ethosu {

struct RunStatistics {
  uint64_t inferences = 0;
  uint64_t cycles = 0;  // of the last run, read from the NPU's PMU
  uint64_t macs = 0;
  uint32_t operations = 0;
  uint32_t npu_ticks = 0;  // all NPU runs so far on the caller's clock (set_clock); differences time one inference
  OpRecord records[256];
};

class EthosUBackend final : public Backend {
 public:
  // A board's NPU: the driver runs it through MMIO; macs is its fixed size.
  EthosUBackend(NpuDriver& driver, uint32_t macs);
  // The simulated NPU (host, QEMU firmware): its memory windows are mapped per
  // run. adopt_stream_config: configure it as each command stream requires
  // (host tools); otherwise a mismatch is an error, as on a board.
  EthosUBackend(NpuDriver& driver, NpuMemoryWindows& device, Simulator& simulator, bool adopt_stream_config);

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
  NpuMemoryWindows* device_ = nullptr;  // null on a board
  Simulator* simulator_ = nullptr;
  bool adopt_stream_config_ = false;
  uint32_t (*clock_)() = nullptr;
  RunStatistics statistics_;
};

// The simulated Ethos-U55 as one object: its registers, the driver over them
// and the backend. The simulator finishes within the start write, so a short
// poll limit turns a run over its work budget into NpuTimeout at once.
struct SimulatedEthosU {
  SimulatedEthosU(Simulator& simulator, bool adopt_stream_config)
      : device(simulator), driver(device, quick_poll()), backend(driver, device, simulator, adopt_stream_config) {}

  static DriverConfig quick_poll() {
    DriverConfig config;
    config.run_poll_limit = 1000;
    return config;
  }

  SimulatedNpu device;
  NpuDriver driver;
  EthosUBackend backend;
};

}  // namespace ember::ethosu
