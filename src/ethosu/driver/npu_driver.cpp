#include "ethosu/driver/npu_driver.h"

#include "core/log.h"

namespace ember::ethosu {

uint64_t NpuDriver::npu_address(const void* p) const {
  return hooks_.to_npu_address ? hooks_.to_npu_address(p) : static_cast<uint64_t>(reinterpret_cast<uintptr_t>(p));
}

Error NpuDriver::run(const NpuJob& job, NpuJobResult* result) {
  *result = NpuJobResult();
  if (job.region_count > 8 || job.command_stream.size == 0 || job.command_stream.size % 4) {
    EMBER_LOG_ERROR("Ethos-U: job with %u regions and a %u-byte command stream",
                    static_cast<unsigned>(job.region_count), static_cast<unsigned>(job.command_stream.size));
    return Error::InvalidArgument;
  }
  EMBER_TRY(device_.check_product(job.product));
  EMBER_TRY(device_.soft_reset(config_.protection, config_.reset_poll_limit));
  EMBER_TRY(start(job));
  Error waited = wait_for_end(&result->status);
  if (waited != Error::Ok) return fail(waited, result->status);
  result->pmu = device_.pmu_read(mmio::kEventCounters);
  if (result->status.faulted() || !result->status.end_reached()) return fail(Error::NpuFault, result->status);
  if (hooks_.invalidate_cache) {
    for (uint32_t r = 0; r < job.region_count; ++r) {
      const NpuRegion& region = job.regions[r];
      if (region.npu_writes && region.base) hooks_.invalidate_cache(const_cast<void*>(region.base), region.bytes);
    }
  }
  return Error::Ok;
}

Error NpuDriver::start(const NpuJob& job) {
  for (uint32_t r = 0; r < job.region_count; ++r) {
    uint64_t address = npu_address(job.regions[r].base);
    if (address % 16) {
      EMBER_LOG_ERROR("Ethos-U: region %u at NPU address 0x%llx is not 16-byte aligned", static_cast<unsigned>(r),
                      static_cast<unsigned long long>(address));
      return Error::MisalignedBuffer;
    }
  }
  uint64_t stream = npu_address(job.command_stream.data);
  if (stream % 4) {  // the stream follows the COP1 header words: word-aligned
    EMBER_LOG_ERROR("Ethos-U: command stream at NPU address 0x%llx is not word-aligned",
                    static_cast<unsigned long long>(stream));
    return Error::MisalignedBuffer;
  }
  if (hooks_.clean_cache) {
    hooks_.clean_cache(job.command_stream.data, job.command_stream.size);
    for (uint32_t r = 0; r < job.region_count; ++r) hooks_.clean_cache(job.regions[r].base, job.regions[r].bytes);
  }
  device_.configure_bus(config_.bus);
  device_.set_command_stream(stream, static_cast<uint32_t>(job.command_stream.size));
  for (uint32_t r = 0; r < job.region_count; ++r) device_.set_base(r, npu_address(job.regions[r].base));
  device_.pmu_start(config_.pmu_events, mmio::kEventCounters);
  irq_seen_ = false;
  device_.start();
  return Error::Ok;
}

// Whichever comes first: the cycle deadline, or the poll limit (which also
// ends the wait when the cycle counter does not run).
bool NpuDriver::past_deadline(uint32_t start_cycles, uint32_t polls) const {
  if (polls + 1 >= config_.run_poll_limit) return true;
  return hooks_.cycles && config_.run_timeout_cycles && hooks_.cycles() - start_cycles >= config_.run_timeout_cycles;
}

Error NpuDriver::wait_for_end(NpuStatus* status) {
  const bool irq_expected = config_.use_irq && !irq_missing_;
  const uint32_t start = hooks_.cycles ? hooks_.cycles() : 0;
  uint32_t polls_after_end = 0;
  for (uint32_t polls = 0;; ++polls) {
    if (irq_expected && irq_seen_) {
      *status = device_.decode(irq_status_);
      return Error::Ok;
    }
    *status = device_.status();
    const bool ended = !status->running() || status->faulted();
    if (ended && !irq_expected) {
      device_.clear_irq();
      return Error::Ok;
    }
    const bool out_of_time = past_deadline(start, polls);
    // The job ended; its interrupt gets a grace period (at most until the
    // deadline), then counts as lost (wrong IRQ number, NVIC enable or
    // vector): STATUS still tells the end.
    if (ended && (++polls_after_end > config_.irq_grace_polls || out_of_time)) {
      EMBER_LOG_ERROR("Ethos-U: NPU interrupt never arrived (the job ended, STATUS 0x%08x): "
                      "completion is polled from now on", static_cast<unsigned>(status->raw));
      irq_missing_ = true;
      device_.clear_irq();
      return Error::Ok;
    }
    if (out_of_time) break;
    if (hooks_.wait) hooks_.wait();
  }
  *status = device_.status();
  EMBER_LOG_ERROR("Ethos-U: no end of the command stream within %u CPU cycles or %u polls (STATUS 0x%08x)",
                  static_cast<unsigned>(config_.run_timeout_cycles), static_cast<unsigned>(config_.run_poll_limit),
                  static_cast<unsigned>(status->raw));
  return Error::NpuTimeout;
}

void NpuDriver::on_irq() {
  irq_status_ = device_.status().raw;
  device_.clear_irq();
  irq_seen_ = true;
}

Error NpuDriver::fail(Error error, NpuStatus status) {
  if (error == Error::NpuFault) {
    EMBER_LOG_ERROR("Ethos-U: NPU fault: %s (STATUS 0x%08x, interface %u, channel %u)", status.describe(),
                    static_cast<unsigned>(status.raw), static_cast<unsigned>(status.faulting_interface()),
                    static_cast<unsigned>(status.faulting_channel()));
  }
  if (error == Error::NpuTimeout) device_.request_stop();
  // A failed reset leaves the NPU unusable: that error outranks the job's.
  EMBER_TRY(device_.soft_reset(config_.protection, config_.reset_poll_limit));
  return error;
}

}  // namespace ember::ethosu
