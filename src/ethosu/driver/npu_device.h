// The thin device layer: one function per hardware step of an Ethos-U55 or
// Ethos-U85 run, each a few register accesses through RegisterIo. The two share
// the run sequence; the bus set-up, the PMU's place and one STATUS bit differ
// (u85/npu_mmio.h). No policy here: the job layer (npu_driver.h) decides the
// order, the timeouts and the recovery.
#pragma once
#include <cstdint>

#include "core/error.h"
#include "ethosu/driver/register_io.h"
#include "ethosu/regs/npu_mmio.h"
#include "ethosu/u85/npu_mmio.h"

namespace ember::ethosu {

// Which AXI port and cache attributes each stream uses (memory type index 0-3
// per region, as REGIONCFG and QCONFIG take it) and what each index means: on
// the U55 the AXI limit words, on the U85 the MEM_ATTR words (port, domain,
// memtype) and one AXI word per port.
struct BusConfig {
  uint32_t command_stream_memtype = 1;  // MRAM/flash port
  uint8_t region_memtype[8] = {1, 0, 0, 0, 0, 0, 0, 0};  // weights on MRAM, arena on SRAM
  uint32_t axi_limit[4] = {0x0F000000, 0x0F000000, 0x0F000000, 0x0F000000};  // U55: max outstanding, max beats
  // U85: indices 0/2 the SRAM port, 1/3 the EXT port (as the U55's M0/M1 split), non-shareable, memtype 0.
  uint32_t mem_attr[4] = {u85::mmio::mem_attr_value(0, 0, 0), u85::mmio::mem_attr_value(0, 1, 0),
                          u85::mmio::mem_attr_value(0, 0, 0), u85::mmio::mem_attr_value(0, 1, 0)};
  uint32_t axi_sram = u85::mmio::axi_value(32, 16, 0);
  uint32_t axi_ext = u85::mmio::axi_value(32, 16, 0);
};

// STATUS decoded into what a user can act on (product: CONFIG's product field).
struct NpuStatus {
  uint32_t raw = 0;
  uint32_t product = mmio::kProductU55;
  bool running() const { return raw & mmio::status::Running; }
  bool bus_error() const { return raw & mmio::status::BusError; }
  bool parse_error() const { return raw & mmio::status::CmdParseError; }
  bool weight_decoder_fault() const { return product == mmio::kProductU55 && (raw & mmio::status::WeightDecoderFault); }
  bool branch_fault() const { return product == u85::mmio::kProduct && (raw & u85::mmio::status::BranchFault); }
  bool ecc_error() const { return raw & mmio::status::EccFault; }
  bool end_reached() const { return raw & mmio::status::CmdEndReached; }
  bool irq_raised() const { return raw & mmio::status::IrqRaised; }
  bool faulted() const {
    return bus_error() || parse_error() || weight_decoder_fault() || branch_fault() || ecc_error();
  }
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

  // Error::NpuMissing unless CONFIG names `product` (the one the command stream
  // was compiled for: Ethos-U55 or Ethos-U85); later steps use that product's map.
  Error check_product(uint32_t product);
  // Soft reset at the given privilege/security level; polls reset_status at most
  // poll_limit times, then checks PROT took the level.
  Error soft_reset(uint32_t level, uint32_t poll_limit);
  void configure_bus(const BusConfig& bus);
  void set_command_stream(uint64_t npu_address, uint32_t bytes);
  void set_base(uint32_t region, uint64_t npu_address);
  void start();
  NpuStatus status() { return decode(io_.read32(mmio::Status)); }
  NpuStatus decode(uint32_t status) const { return NpuStatus{status, product_}; }
  void clear_irq();
  void request_stop();

  // Counts the cycle counter and up to four events from zero.
  void pmu_start(const mmio::PmuEvent* events, uint32_t count);
  PmuCounts pmu_read(uint32_t count);

 private:
  bool u85() const { return product_ == u85::mmio::kProduct; }
  uint32_t pmcr() const { return u85() ? u85::mmio::Pmcr : mmio::Pmcr; }
  uint32_t pmcntenset() const { return u85() ? u85::mmio::PmCntEnSet : mmio::PmCntEnSet; }
  uint32_t pmcntenclr() const { return u85() ? u85::mmio::PmCntEnClr : mmio::PmCntEnClr; }
  uint32_t pmccntr_lo() const { return u85() ? u85::mmio::PmCcntrLo : mmio::PmCcntrLo; }
  uint32_t pmccntr_hi() const { return u85() ? u85::mmio::PmCcntrHi : mmio::PmCcntrHi; }
  uint32_t pmevcntr(uint32_t i) const { return u85() ? u85::mmio::pmevcntr(i) : mmio::pmevcntr(i); }
  uint32_t pmevtyper(uint32_t i) const { return u85() ? u85::mmio::pmevtyper(i) : mmio::pmevtyper(i); }

  RegisterIo& io_;
  uint32_t product_ = mmio::kProductU55;
  static constexpr uint32_t kQEnables = mmio::cmd::QEnables;  // keep clock/power gating enabled
};

}  // namespace ember::ethosu
