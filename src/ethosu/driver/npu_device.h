// The thin device layer: one function per hardware step of an Ethos-U55 run,
// each a few register accesses through RegisterIo. No policy here: the job
// layer (npu_driver.h) decides the order, the timeouts and the recovery.
#pragma once
#include <cstdint>

#include "core/error.h"
#include "ethosu/driver/register_io.h"
#include "ethosu/regs/npu_mmio.h"

namespace ember::ethosu {

// Which AXI port and cache attributes each stream uses (memory type index 0-3
// per region, as REGIONCFG and QCONFIG take it) and the AXI limit words.
struct BusConfig {
  uint32_t command_stream_memtype = 1;  // MRAM/flash port
  uint8_t region_memtype[8] = {1, 0, 0, 0, 0, 0, 0, 0};  // weights on MRAM, arena on SRAM
  uint32_t axi_limit[4] = {0x0F000000, 0x0F000000, 0x0F000000, 0x0F000000};  // max outstanding, max beats
};

// STATUS decoded into what a user can act on.
struct NpuStatus {
  uint32_t raw = 0;
  bool running() const { return raw & mmio::status::Running; }
  bool bus_error() const { return raw & mmio::status::BusError; }
  bool parse_error() const { return raw & mmio::status::CmdParseError; }
  bool weight_decoder_fault() const { return raw & mmio::status::WeightDecoderFault; }
  bool ecc_error() const { return raw & mmio::status::EccFault; }
  bool end_reached() const { return raw & mmio::status::CmdEndReached; }
  bool irq_raised() const { return raw & mmio::status::IrqRaised; }
  bool faulted() const { return (raw & mmio::status::kErrorBits) != 0; }
  uint32_t faulting_interface() const { return (raw & mmio::status::FaultingInterface) ? 1 : 0; }
  uint32_t faulting_channel() const { return mmio::status::faulting_channel(raw); }
  // The first error bit's name ("bus error", ...), or "stopped before the end of the stream".
  const char* describe() const;
};

struct PmuCounts {
  uint64_t cycles = 0;
  uint32_t events[mmio::kEventCounters] = {};
};

class NpuDevice {
 public:
  explicit NpuDevice(RegisterIo& io) : io_(io) {}

  // Error::NpuMissing unless CONFIG names an Ethos-U55.
  Error check_product();
  // Soft reset at the given privilege/security level; polls reset_status at most
  // poll_limit times, then checks PROT took the level.
  Error soft_reset(uint32_t level, uint32_t poll_limit);
  void configure_bus(const BusConfig& bus);
  void set_command_stream(uint64_t npu_address, uint32_t bytes);
  void set_base(uint32_t region, uint64_t npu_address);
  void start();
  NpuStatus status() { return NpuStatus{io_.read32(mmio::Status)}; }
  void clear_irq();
  void request_stop();

  // Counts the cycle counter and up to four events from zero.
  void pmu_start(const mmio::PmuEvent* events, uint32_t count);
  PmuCounts pmu_read(uint32_t count);

 private:
  RegisterIo& io_;
  static constexpr uint32_t kQEnables = mmio::cmd::QEnables;  // keep clock/power gating enabled
};

}  // namespace ember::ethosu
