#include "ethosu/driver/npu_device.h"

#include "core/log.h"

namespace ember::ethosu {

const char* NpuStatus::describe() const {
  if (bus_error()) return "bus error";
  if (parse_error()) return "command stream parse error";
  if (weight_decoder_fault()) return "weight decoder fault (malformed compressed weights)";
  if (branch_fault()) return "branch fault (a branch in the command stream went wrong)";
  if (ecc_error()) return "ECC fault";
  if (!end_reached()) return "stopped before the end of the command stream";
  return "ok";
}

namespace {
const char* product_name(uint32_t product) {
  if (product == mmio::kProductU55) return "an Ethos-U55";
  if (product == u85::mmio::kProduct) return "an Ethos-U85";
  return "a product ember does not drive";
}
}  // namespace

Error NpuDevice::check_product(uint32_t product) {
  uint32_t config = io_.read32(mmio::Config);
  if (mmio::config_product(config) != product ||
      (product != mmio::kProductU55 && product != u85::mmio::kProduct)) {
    EMBER_LOG_ERROR("Ethos-U: CONFIG 0x%08x names product %u (%s), the command stream is for %s",
                    static_cast<unsigned>(config), static_cast<unsigned>(mmio::config_product(config)),
                    product_name(mmio::config_product(config)), product_name(product));
    return Error::NpuMissing;
  }
  product_ = product;
  return Error::Ok;
}

Error NpuDevice::soft_reset(uint32_t level, uint32_t poll_limit) {
  io_.write32(mmio::Reset, level);
  uint32_t polls = 0;
  while (io_.read32(mmio::Status) & mmio::status::ResetPending) {
    if (++polls >= poll_limit) {
      EMBER_LOG_ERROR("Ethos-U: soft reset did not finish within %u polls", static_cast<unsigned>(poll_limit));
      return Error::NpuTimeout;
    }
  }
  uint32_t prot = io_.read32(mmio::Prot) & (mmio::reset::Privileged | mmio::reset::Secure);
  if (prot != level) {
    EMBER_LOG_ERROR("Ethos-U: after reset PROT is 0x%x, asked for 0x%x", static_cast<unsigned>(prot),
                    static_cast<unsigned>(level));
    return Error::NpuFault;
  }
  return Error::Ok;
}

void NpuDevice::configure_bus(const BusConfig& bus) {
  io_.write32(mmio::QConfig, bus.command_stream_memtype & 3);
  uint32_t regioncfg = 0;
  for (uint32_t r = 0; r < 8; ++r) regioncfg |= (bus.region_memtype[r] & 3u) << (2 * r);
  io_.write32(mmio::RegionCfg, regioncfg);
  if (u85()) {
    for (uint32_t i = 0; i < 4; ++i) io_.write32(u85::mmio::mem_attr(i), bus.mem_attr[i]);
    io_.write32(u85::mmio::AxiSram, bus.axi_sram);
    io_.write32(u85::mmio::AxiExt, bus.axi_ext);
  } else {
    for (uint32_t p = 0; p < 4; ++p) io_.write32(mmio::axi_limit(p), bus.axi_limit[p]);
  }
}

void NpuDevice::set_command_stream(uint64_t npu_address, uint32_t bytes) {
  io_.write32(mmio::QBase, static_cast<uint32_t>(npu_address));
  io_.write32(mmio::QBaseHi, static_cast<uint32_t>(npu_address >> 32));
  io_.write32(mmio::QSize, bytes);
}

void NpuDevice::set_base(uint32_t region, uint64_t npu_address) {
  io_.write32(mmio::basep_lo(region), static_cast<uint32_t>(npu_address));
  io_.write32(mmio::basep_hi(region), static_cast<uint32_t>(npu_address >> 32));
}

void NpuDevice::start() { io_.write32(mmio::Cmd, mmio::cmd::TransitionToRunning | kQEnables); }

void NpuDevice::clear_irq() { io_.write32(mmio::Cmd, mmio::cmd::ClearIrq | mmio::cmd::kClearIrqHistory | kQEnables); }

void NpuDevice::request_stop() { io_.write32(mmio::Cmd, mmio::cmd::StopRequest | kQEnables); }

void NpuDevice::pmu_start(const mmio::PmuEvent* events, uint32_t count) {
  if (count > mmio::kEventCounters) count = mmio::kEventCounters;
  uint32_t enable = mmio::kCycleCounterEnable;
  for (uint32_t i = 0; i < count; ++i) {
    io_.write32(pmevtyper(i), static_cast<uint32_t>(events[i]));
    enable |= 1u << i;
  }
  io_.write32(pmcntenclr(), ~enable);
  io_.write32(pmcntenset(), enable);
  io_.write32(pmcr(), mmio::pmcr::Enable | mmio::pmcr::EventReset | mmio::pmcr::CycleReset);
}

PmuCounts NpuDevice::pmu_read(uint32_t count) {
  PmuCounts counts;
  // The 48-bit cycle counter in two reads: re-read when the high word moved.
  uint32_t hi = io_.read32(pmccntr_hi()), lo = io_.read32(pmccntr_lo());
  if (io_.read32(pmccntr_hi()) != hi) {
    hi = io_.read32(pmccntr_hi());
    lo = io_.read32(pmccntr_lo());
  }
  counts.cycles = (static_cast<uint64_t>(hi & 0xFFFF) << 32) | lo;
  if (count > mmio::kEventCounters) count = mmio::kEventCounters;
  for (uint32_t i = 0; i < count; ++i) counts.events[i] = io_.read32(pmevcntr(i));
  return counts;
}

}  // namespace ember::ethosu
