// Requests to the Secure Enclave over MHUv2 (polled): heartbeats until one is
// answered, then SRAM0/SRAM1 power and clocks.
#pragma once
#include "se_message.h"

namespace ember::board {

struct SeResult {
  alif::se::Status status;
  alif::se::Service service;  // the request that failed
  uint32_t detail;            // the error code, or the unexpected reply word
};

SeResult se_wait_for_heartbeat();
// Power (mask kSramPowerMask), then the clocks of SRAM0 and SRAM1.
SeResult se_power_srams();

}  // namespace ember::board
