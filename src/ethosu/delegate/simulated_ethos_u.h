// The simulated Ethos-U55 as one object: its registers over the simulator, the
// driver over them, the backend, and the per-operation records the simulator
// fills (kept here, not in the backend: a board image has none). The
// simulator finishes within the start write, so a short poll limit turns a run
// over its work budget into NpuTimeout at once. Link ember_ethosu_simulated_npu.
#pragma once
#include "ethosu/delegate/ethosu_backend.h"
#include "ethosu/driver/simulated_npu.h"

namespace ember::ethosu {

struct SimulatedEthosU {
  SimulatedEthosU(Simulator& simulator, bool adopt_stream_config)
      : device(simulator), driver(device, quick_poll()),
        backend(driver, device, adopt_stream_config, Span<OpRecord>(records)) {}

  static DriverConfig quick_poll() {
    DriverConfig config;
    config.run_poll_limit = 1000;
    return config;
  }

  SimulatedNpu device;
  NpuDriver driver;
  EthosUBackend backend;
  OpRecord records[256];
};

}  // namespace ember::ethosu
