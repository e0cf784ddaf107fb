// EthosUBackend: runs the Vela command stream of a delegate on an Ethos-U55
// through the register-level driver; here the NPU behind the registers is the
// simulator (SimulatedNpu), on a board it is MMIO. Matches upstream's runtime contract (pte-format.md §5): scratch of
// scratch_size from the temp allocator, inputs copied to scratch + offset,
// base pointers {weights, scratch, scratch}, outputs copied back.
#pragma once
#include "ethosu/delegate/payload.h"
#include "ethosu/driver/npu_driver.h"
#include "ethosu/driver/simulated_npu.h"
#include "ethosu/sim/simulator.h"
#include "runtime/backend.h"

namespace ember::ethosu {

struct RunStatistics {
  uint64_t inferences = 0;
  uint64_t cycles = 0;  // of the last run, read from the NPU's PMU
  uint64_t macs = 0;
  uint32_t operations = 0;
  OpRecord records[256];
};

class EthosUBackend final : public Backend {
 public:
  // adopt_stream_config: configure the simulated NPU as each command stream
  // requires (host tools); otherwise a mismatch is an error (a board's NPU is fixed).
  EthosUBackend(Simulator* npu, bool adopt_stream_config);

  const char* id() const override { return "EthosUBackend"; }
  Result<DelegateHandle*> init(BackendInitContext& context, Span<const uint8_t> payload,
                               Span<const CompileSpec> compile_specs) override;
  Error execute(BackendExecuteContext& context, DelegateHandle* handle, Span<EValue*> args) override;

  const RunStatistics& statistics() const { return statistics_; }

 private:
  // The simulated NPU finishes within the start write: a short poll limit turns
  // a run over the simulator's work budget into NpuTimeout at once.
  static DriverConfig simulated_npu_config() {
    DriverConfig config;
    config.run_poll_limit = 1000;
    return config;
  }

  Simulator* npu_;
  bool adopt_stream_config_;
  RunStatistics statistics_;
  SimulatedNpu device_;
  NpuDriver driver_;
};

}  // namespace ember::ethosu
