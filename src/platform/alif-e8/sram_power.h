// SRAM0/SRAM1 power as Alif's own code does it, each way checked by a probe
// of the banks (write, clean, invalidate, read back), because the Secure
// Enclave's reply proves nothing (its host library ignores service 307's
// error word). The ways, in order from the board's first choice:
//   1. run profile: read it (service 310), set memory_blocks |= SRAM0_1..4 |
//      SRAM1 (service 311), as Alif's evaluation kit powers the E8's memory;
//   2. memory power (service 307) with SRAM0|SRAM1 power bits only (0x03,
//      never the isolation bits), then the SRAM0/SRAM1 clocks (service 702);
//   3. Alif's workaround for SE firmware 1.107: clear bits 8, 9, 12 and 13 of
//      0x1A60A004 ("Power ON SRAM0 & 1 and enable clocks").
// A way whose SE calls fail is not probed: its banks are left for the next.
// Register-free: the probe and the workaround are hooks, so a host test drives
// it against a fake Secure Enclave (test/sram_power_test.cpp).
#pragma once
#include <cstdint>

#include "se_transport.h"

namespace ember::board {

enum class SramPowerPath : uint32_t { RunProfile = 0, MemoryPower = 1, Se1107Workaround = 2, None = 3 };
constexpr uint32_t kSramPowerPathCount = 3;
const char* to_string(SramPowerPath path);

struct SramBanks {
  bool sram0;
  bool sram1;
};

struct SramPowerHooks {
  SramBanks (*probe)(SramPowerPath after);  // tests both banks after a way was taken
  void (*se1107_workaround)();              // the register write of way 3
};

struct SramPowerReport {
  SramPowerPath path;             // the way after which both banks answered; None: they stayed dark
  SramBanks banks;                // as the last probe found them
  SeResult failed_call;           // the last SE call that failed (status Ok when none did)
  uint32_t memory_blocks_before;  // run profile memory_blocks as read (0 when not read)
  uint32_t memory_blocks_after;   // as set
  uint32_t ways_tried;
};

SramPowerReport power_srams(SeTransport& transport, const SramPowerHooks& hooks, SramPowerPath first);

// The 307 request, power bits only.
constexpr uint32_t kMemoryPowerSrams = alif::se::kPowerSram0 | alif::se::kPowerSram1;
static_assert((kMemoryPowerSrams & (alif::se::kIsolationSram0 | alif::se::kIsolationSram1)) == 0,
              "a power-up request must not isolate the banks");
constexpr uint32_t kRunProfileSrams = alif::se::kRunProfileSram0Blocks | alif::se::kRunProfileSram1Blocks;

}  // namespace ember::board
