#include "ethosu/driver/simulated_npu.h"

#include "core/log.h"
#include "ethosu/regs/npu_mmio.h"
#include "ethosu/u85/npu_mmio.h"

namespace ember::ethosu {

bool SimulatedNpu::map(const MemoryWindow& window) {
  if (window_count_ == kWindows) return false;
  windows_[window_count_++] = window;
  return true;
}

const MemoryWindow* SimulatedNpu::window_of(uint64_t address) const {
  for (uint32_t i = 0; i < window_count_; ++i) {
    const MemoryWindow& w = windows_[i];
    if (address >= w.npu_address && address - w.npu_address < w.bytes) return &w;
  }
  return nullptr;
}

// The U85's PMU sits 0x1000 above the U55's, register for register
// (docs/ethos-u85.md): one set of PMU registers serves both.
uint32_t SimulatedNpu::pmu_offset(uint32_t offset) const {
  if (sim_.config().product == u85::mmio::kProduct && offset >= u85::mmio::Pmcr && offset < u85::mmio::Pmcr + 0x280) {
    return offset - (u85::mmio::Pmcr - mmio::Pmcr);
  }
  return offset;
}

uint32_t SimulatedNpu::read32(uint32_t offset) {
  offset = pmu_offset(offset);
  if (offset >= sizeof(regs_)) return 0;
  if (offset == mmio::Status) return status_;
  if (offset == mmio::Config) return sim_.config().product << 28;
  return reg(offset);
}

void SimulatedNpu::write32(uint32_t offset, uint32_t value) {
  offset = pmu_offset(offset);
  if (offset >= sizeof(regs_)) return;
  if (offset == mmio::Reset) {
    // Reset completes at once; the level asked for becomes the active one.
    sim_.reset();
    status_ = 0;
    regs_[mmio::Prot / 4] = value & (mmio::reset::Privileged | mmio::reset::Secure);
    return;
  }
  if (offset == mmio::Cmd) {
    if (value & mmio::cmd::ClearIrq) status_ &= ~mmio::status::IrqRaised;
    if (value & mmio::cmd::StopRequest) status_ &= ~mmio::status::Running;
    if (value & mmio::cmd::TransitionToRunning) run();
    return;
  }
  regs_[offset / 4] = value;
  if (offset == mmio::Pmcr && (value & mmio::pmcr::CycleReset)) regs_[mmio::PmCcntrLo / 4] = regs_[mmio::PmCcntrHi / 4] = 0;
  if (offset == mmio::Pmcr && (value & mmio::pmcr::EventReset))
    for (uint32_t i = 0; i < mmio::kEventCounters; ++i) regs_[mmio::pmevcntr(i) / 4] = 0;
}

void SimulatedNpu::run() {
  RunReport fresh;
  fresh.records = report_.records;
  fresh.record_capacity = report_.record_capacity;
  report_ = fresh;
  const uint64_t qbase = pair(mmio::QBase);
  const uint32_t qsize = reg(mmio::QSize);
  const MemoryWindow* stream_window = window_of(qbase);
  if (!stream_window || qsize > stream_window->bytes - (qbase - stream_window->npu_address)) {
    status_ = mmio::status::IrqRaised | mmio::status::BusError;  // instruction fetch outside memory
    report_.fault = Fault::BusError;
    return;
  }
  RegionMap regions;
  for (uint32_t r = 0; r < kRegionCount; ++r) {
    const uint64_t base = pair(mmio::basep_lo(r));
    const MemoryWindow* w = window_of(base);
    if (!w) continue;  // an access through this region is a bus error
    regions.base[r] = w->host + (base - w->npu_address);
    regions.size[r] = w->bytes - (base - w->npu_address);
    regions.read_only[r] = w->read_only;
  }
  Span<const uint8_t> stream(stream_window->host + (qbase - stream_window->npu_address), qsize);
  status_ = mmio::status::Running;
  static_cast<void>(sim_.run(stream, regions, &report_));  // the fault, if any, is in report_
  switch (report_.fault) {
    case Fault::None: status_ = mmio::status::IrqRaised | mmio::status::CmdEndReached; break;
    case Fault::Timeout: return;  // hung: the driver's poll limit decides
    case Fault::BusError: status_ = mmio::status::IrqRaised | mmio::status::BusError; break;
    case Fault::WeightStream:  // the U85's STATUS has no weight decoder fault bit (bit 7 is reserved)
      status_ = mmio::status::IrqRaised |
                (product() == u85::mmio::kProduct ? mmio::status::CmdParseError : mmio::status::WeightDecoderFault);
      break;
    default: status_ = mmio::status::IrqRaised | mmio::status::CmdParseError; break;
  }
  if (report_.fault != Fault::None) {
    EMBER_LOG_ERROR("simulated Ethos-U: %s at command byte %u", to_string(report_.fault),
                    static_cast<unsigned>(report_.fault_word));
  }
  // The PMU counts what the cycle model estimates.
  const uint64_t cycles = report_.cycles;
  if (reg(mmio::Pmcr) & mmio::pmcr::Enable) {
    regs_[mmio::PmCcntrLo / 4] = static_cast<uint32_t>(cycles);
    regs_[mmio::PmCcntrHi / 4] = static_cast<uint32_t>(cycles >> 32) & 0xFFFF;
    for (uint32_t i = 0; i < mmio::kEventCounters; ++i) {
      uint64_t count = 0;
      switch (static_cast<mmio::PmuEvent>(reg(mmio::pmevtyper(i)))) {
        case mmio::PmuEvent::Cycle:
        case mmio::PmuEvent::NpuActive: count = cycles; break;
        case mmio::PmuEvent::MacActive: count = report_.macs / (sim_.config().macs_per_cycle ? sim_.config().macs_per_cycle : 1); break;
        case mmio::PmuEvent::Axi0ReadBeat: count = report_.bytes_read / 16; break;
        default: break;
      }
      regs_[mmio::pmevcntr(i) / 4] = static_cast<uint32_t>(count);
    }
  }
}

void SimulatedNpu::adopt(uint32_t product, uint32_t macs, uint32_t shram_bytes) {
  NpuConfig config = sim_.config();
  config.product = product;
  config.macs_per_cycle = macs;
  config.shram_bytes = shram_bytes;
  sim_.configure(config);
}

}  // namespace ember::ethosu
