// The Ethos-U55's memory-mapped registers as the driver programs them
// (docs/ethos-u55.md; BASEPn and QBASE are 64-bit pairs, low word
// first, as the Ethos-U core driver writes them). One description for the
// driver on a board and for any model of the NPU behind read32/write32.
#pragma once
#include <cstdint>

namespace ember::ethosu::mmio {

enum : uint32_t {
  Id = 0x00, Status = 0x04, Cmd = 0x08, Reset = 0x0C, QBase = 0x10, QBaseHi = 0x14, QRead = 0x18,
  QConfig = 0x1C, QSize = 0x20, Prot = 0x24, Config = 0x28, RegionCfg = 0x3C, AxiLimit0 = 0x40,
  BaseP0 = 0x80,  // BASEPn low word at 0x80 + 8n, high word at +4
  Pmcr = 0x180, PmCntEnSet = 0x184, PmCntEnClr = 0x188, PmCcntrLo = 0x1A0, PmCcntrHi = 0x1A4,
  PmEvCntr0 = 0x300, PmEvTyper0 = 0x380,
};

constexpr uint32_t basep_lo(uint32_t region) { return BaseP0 + 8 * region; }
constexpr uint32_t basep_hi(uint32_t region) { return BaseP0 + 8 * region + 4; }
constexpr uint32_t axi_limit(uint32_t port) { return AxiLimit0 + 4 * port; }
constexpr uint32_t pmevcntr(uint32_t i) { return PmEvCntr0 + 4 * i; }
constexpr uint32_t pmevtyper(uint32_t i) { return PmEvTyper0 + 4 * i; }

namespace status {
enum : uint32_t {
  Running = 1u << 0, IrqRaised = 1u << 1, BusError = 1u << 2, ResetPending = 1u << 3,
  CmdParseError = 1u << 4, CmdEndReached = 1u << 5, PmuIrq = 1u << 6,
  WeightDecoderFault = 1u << 7,  // wd_fault: weight decompression failed; cleared only by reset
  EccFault = 1u << 8, FaultingInterface = 1u << 11,
};
constexpr uint32_t faulting_channel(uint32_t s) { return (s >> 12) & 0xF; }
}  // namespace status

namespace cmd {
enum : uint32_t { TransitionToRunning = 1u << 0, ClearIrq = 1u << 1, QEnables = 3u << 2, StopRequest = 1u << 4 };
constexpr uint32_t kClearIrqHistory = 0xFFFFu << 16;
}  // namespace cmd

namespace reset {
enum : uint32_t { Privileged = 1u << 0, Secure = 1u << 1 };  // same bits as PROT's active level
}

namespace pmcr {
enum : uint32_t { Enable = 1u << 0, EventReset = 1u << 1, CycleReset = 1u << 2 };
}
constexpr uint32_t kCycleCounterEnable = 1u << 31;
constexpr uint32_t kEventCounters = 4;

enum class PmuEvent : uint32_t { Cycle = 0x11, NpuIdle = 0x20, NpuActive = 0x23, MacActive = 0x30, Axi0ReadBeat = 0x82 };

constexpr uint32_t config_product(uint32_t config) { return config >> 28; }
constexpr uint32_t kProductU55 = 0;

}  // namespace ember::ethosu::mmio
