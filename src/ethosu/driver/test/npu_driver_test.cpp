// The driver against a fake register file that behaves like the NPU's
// registers: reset takes a few polls, a run takes a few polls and ends with the
// STATUS bits a test injects. Checks the hardware sequence, the named errors,
// the reset after a fault and a correct next run, for an Ethos-U55 and (CONFIG
// product 2) an Ethos-U85, whose bus set-up and PMU sit elsewhere.
#include "ethosu/driver/npu_driver.h"

#include "testing/test.h"

namespace ember::ethosu {
namespace {

enum class Ending { Done, BusError, ParseError, Hang, StoppedEarly, BranchFault };

class FakeNpu final : public RegisterIo {
 public:
  uint32_t config = 0x0 << 28;
  Ending ending = Ending::Done;
  bool reset_hangs = false;
  bool prot_ignores_reset = false;
  uint32_t regs[0x1400 / 4] = {};  // up to the U85's PMU
  uint32_t writes[256] = {};  // offsets in write order
  uint32_t write_count = 0;
  uint32_t resets = 0, starts = 0, stop_requests = 0;

  uint32_t read32(uint32_t offset) override {
    if (offset == mmio::Config) return config;
    if (offset == mmio::Status) return read_status();
    return regs[offset / 4];
  }
  void write32(uint32_t offset, uint32_t value) override {
    if (write_count < 256) writes[write_count++] = offset;
    if (offset == mmio::Reset) return do_reset(value);
    if (offset == mmio::Cmd) return do_cmd(value);
    regs[offset / 4] = value;
  }
  int32_t index_of(uint32_t offset, uint32_t from = 0) const {
    for (uint32_t i = from; i < write_count; ++i)
      if (writes[i] == offset) return static_cast<int32_t>(i);
    return -1;
  }

 private:
  uint32_t status_ = 0, reset_polls_ = 0, run_polls_ = 0;

  uint32_t read_status() {
    if (reset_polls_) {
      if (!reset_hangs) --reset_polls_;
      return mmio::status::ResetPending;
    }
    if ((status_ & mmio::status::Running) && ending != Ending::Hang && --run_polls_ == 0) finish();
    return status_;
  }
  void finish() {
    status_ = mmio::status::IrqRaised;
    if (ending == Ending::Done) status_ |= mmio::status::CmdEndReached;
    if (ending == Ending::BusError) status_ |= mmio::status::BusError | mmio::status::FaultingInterface | (3u << 12);
    if (ending == Ending::ParseError) status_ |= mmio::status::CmdParseError;
    if (ending == Ending::BranchFault) status_ |= u85::mmio::status::BranchFault;
    const bool u85 = (config >> 28) == u85::mmio::kProduct;
    regs[(u85 ? u85::mmio::PmCcntrLo : mmio::PmCcntrLo) / 4] = 0x89ABCDEF;
    regs[(u85 ? u85::mmio::PmCcntrHi : mmio::PmCcntrHi) / 4] = 0x12;
    for (uint32_t i = 0; i < 4; ++i) {
      const uint32_t counter = u85 ? u85::mmio::pmevcntr(i) : mmio::pmevcntr(i);
      regs[counter / 4] = regs[(u85 ? u85::mmio::pmevtyper(i) : mmio::pmevtyper(i)) / 4] * 10;
    }
  }
  void do_reset(uint32_t level) {
    ++resets;
    status_ = 0;
    reset_polls_ = 3;
    if (!prot_ignores_reset) regs[mmio::Prot / 4] = level;
  }
  void do_cmd(uint32_t value) {
    if (value & mmio::cmd::TransitionToRunning) {
      ++starts;
      status_ = mmio::status::Running;
      run_polls_ = 5;
    }
    if (value & mmio::cmd::ClearIrq) status_ &= ~mmio::status::IrqRaised;
    if (value & mmio::cmd::StopRequest) {
      ++stop_requests;
      status_ &= ~mmio::status::Running;
    }
  }
};

alignas(16) const uint8_t kStream[16] = {};
alignas(16) uint8_t weights[64];
alignas(16) uint8_t arena[256];

NpuJob job() {
  NpuJob j;
  j.command_stream = Span<const uint8_t>(kStream, sizeof(kStream));
  j.regions[0] = {weights, sizeof(weights), false};
  j.regions[1] = {arena, sizeof(arena), true};
  j.regions[2] = {arena, sizeof(arena), true};
  j.region_count = 3;
  return j;
}

DriverConfig quick_config() {
  DriverConfig c;
  c.run_poll_limit = 100;
  c.reset_poll_limit = 10;
  return c;
}

uint32_t cleaned = 0, invalidated = 0;
void count_clean(const void*, size_t) { ++cleaned; }
void count_invalidate(void*, size_t) { ++invalidated; }
// The E8's TCM global alias: the NPU sees the M55's TCM at a fixed offset.
uint64_t tcm_alias(const void* p) { return reinterpret_cast<uintptr_t>(p) + 0x50000000u; }

EMBER_TEST(run_follows_the_hardware_sequence) {
  FakeNpu npu;
  SocHooks hooks;
  hooks.clean_cache = count_clean;
  hooks.invalidate_cache = count_invalidate;
  cleaned = invalidated = 0;
  NpuDriver driver(npu, quick_config(), hooks);
  NpuJobResult result;
  ASSERT_EQ(driver.run(job(), &result), Error::Ok);
  int32_t reset = npu.index_of(mmio::Reset), qconfig = npu.index_of(mmio::QConfig),
          regioncfg = npu.index_of(mmio::RegionCfg), axi = npu.index_of(mmio::axi_limit(3)),
          qbase = npu.index_of(mmio::QBase), qsize = npu.index_of(mmio::QSize), basep = npu.index_of(mmio::basep_lo(2)),
          cmd = npu.index_of(mmio::Cmd);
  EXPECT_TRUE(reset >= 0 && reset < qconfig && qconfig < regioncfg && regioncfg < axi && axi < qbase &&
              qbase < qsize && qsize < basep && basep < cmd);
  EXPECT_EQ(npu.regs[mmio::QSize / 4], 16u);
  EXPECT_EQ(npu.regs[mmio::QBase / 4], static_cast<uint32_t>(reinterpret_cast<uintptr_t>(kStream)));
  EXPECT_EQ(npu.regs[mmio::basep_lo(1) / 4], static_cast<uint32_t>(reinterpret_cast<uintptr_t>(arena)));
  EXPECT_EQ(npu.regs[mmio::basep_hi(1) / 4], static_cast<uint32_t>(uint64_t{reinterpret_cast<uintptr_t>(arena)} >> 32));
  EXPECT_EQ(npu.regs[mmio::RegionCfg / 4], 1u);  // weights on memtype 1, the arena on 0
  EXPECT_EQ(npu.regs[mmio::Prot / 4], mmio::reset::Privileged | mmio::reset::Secure);
  EXPECT_TRUE(result.status.end_reached());
  EXPECT_EQ(npu.starts, 1u);
  EXPECT_EQ(npu.resets, 1u);
  EXPECT_EQ(cleaned, 4u);      // command stream + three regions
  EXPECT_EQ(invalidated, 2u);  // the regions the NPU writes
}

EMBER_TEST(pmu_counts_cycles_and_the_chosen_events) {
  FakeNpu npu;
  NpuDriver driver(npu, quick_config());
  NpuJobResult result;
  ASSERT_EQ(driver.run(job(), &result), Error::Ok);
  EXPECT_EQ(result.pmu.cycles, 0x1289ABCDEFull);
  EXPECT_EQ(result.pmu.events[0], 0x23u * 10);  // NPU_ACTIVE
  EXPECT_EQ(result.pmu.events[1], 0x30u * 10);  // MAC_ACTIVE
  EXPECT_EQ(npu.regs[mmio::PmCntEnSet / 4], mmio::kCycleCounterEnable | 0xFu);
  EXPECT_EQ(npu.regs[mmio::Pmcr / 4], mmio::pmcr::Enable | mmio::pmcr::EventReset | mmio::pmcr::CycleReset);
}

EMBER_TEST(address_translation_hook_gives_the_npu_view) {
  FakeNpu npu;
  SocHooks hooks;
  hooks.to_npu_address = tcm_alias;
  NpuDriver driver(npu, quick_config(), hooks);
  NpuJobResult result;
  ASSERT_EQ(driver.run(job(), &result), Error::Ok);
  uint64_t expected = reinterpret_cast<uintptr_t>(arena) + 0x50000000u;
  EXPECT_EQ(npu.regs[mmio::basep_lo(1) / 4], static_cast<uint32_t>(expected));
  EXPECT_EQ(npu.regs[mmio::basep_hi(1) / 4], static_cast<uint32_t>(expected >> 32));
}

EMBER_TEST(other_product_is_npu_missing) {
  FakeNpu npu;
  npu.config = 1u << 28;
  NpuDriver driver(npu, quick_config());
  NpuJobResult result;
  EXPECT_EQ(driver.run(job(), &result), Error::NpuMissing);
  EXPECT_EQ(npu.starts, 0u);
}

// A fault: named error with the STATUS bits decoded, a reset, then a clean run.
void expect_fault_then_recovery(Ending ending, Error expected, const char* description) {
  FakeNpu npu;
  npu.ending = ending;
  NpuDriver driver(npu, quick_config());
  NpuJobResult result;
  EXPECT_EQ(driver.run(job(), &result), expected);
  EXPECT_TRUE(strcmp(result.status.describe(), description) == 0);
  EXPECT_EQ(npu.resets, 2u);  // before the run and after the fault
  npu.ending = Ending::Done;
  EXPECT_EQ(driver.run(job(), &result), Error::Ok);
  EXPECT_TRUE(result.status.end_reached());
}

EMBER_TEST(bus_error_is_decoded_and_recovered) {
  expect_fault_then_recovery(Ending::BusError, Error::NpuFault, "bus error");
  FakeNpu npu;
  npu.ending = Ending::BusError;
  NpuDriver driver(npu, quick_config());
  NpuJobResult result;
  EXPECT_EQ(driver.run(job(), &result), Error::NpuFault);
  EXPECT_EQ(result.status.faulting_interface(), 1u);
  EXPECT_EQ(result.status.faulting_channel(), 3u);
}

EMBER_TEST(parse_error_is_decoded_and_recovered) {
  expect_fault_then_recovery(Ending::ParseError, Error::NpuFault, "command stream parse error");
}

EMBER_TEST(stop_before_the_end_is_a_fault) {
  expect_fault_then_recovery(Ending::StoppedEarly, Error::NpuFault, "stopped before the end of the command stream");
}

EMBER_TEST(hang_times_out_stops_and_recovers) {
  FakeNpu npu;
  npu.ending = Ending::Hang;
  NpuDriver driver(npu, quick_config());
  NpuJobResult result;
  EXPECT_EQ(driver.run(job(), &result), Error::NpuTimeout);
  EXPECT_EQ(npu.stop_requests, 1u);
  EXPECT_EQ(npu.resets, 2u);
  npu.ending = Ending::Done;
  EXPECT_EQ(driver.run(job(), &result), Error::Ok);
}

EMBER_TEST(reset_that_never_ends_times_out) {
  FakeNpu npu;
  npu.reset_hangs = true;
  NpuDriver driver(npu, quick_config());
  NpuJobResult result;
  EXPECT_EQ(driver.run(job(), &result), Error::NpuTimeout);
  EXPECT_EQ(npu.starts, 0u);
}

EMBER_TEST(protection_level_not_taken_is_a_fault) {
  FakeNpu npu;
  npu.prot_ignores_reset = true;
  NpuDriver driver(npu, quick_config());
  NpuJobResult result;
  EXPECT_EQ(driver.run(job(), &result), Error::NpuFault);
  EXPECT_EQ(npu.starts, 0u);
}

EMBER_TEST(misaligned_region_is_refused_before_the_start) {
  FakeNpu npu;
  NpuDriver driver(npu, quick_config());
  NpuJob j = job();
  j.regions[1].base = arena + 4;
  NpuJobResult result;
  EXPECT_EQ(driver.run(j, &result), Error::MisalignedBuffer);
  EXPECT_EQ(npu.starts, 0u);
  j = job();
  j.command_stream = Span<const uint8_t>(kStream, 6);
  EXPECT_EQ(driver.run(j, &result), Error::InvalidArgument);
}

// Completion by interrupt: the wait hook plays the NPU's IRQ line.
FakeNpu* irq_npu = nullptr;
NpuDriver* irq_driver = nullptr;
void irq_when_done() {
  if (irq_npu->read32(mmio::Status) & mmio::status::IrqRaised) irq_driver->on_irq();
}

EMBER_TEST(completion_by_interrupt) {
  FakeNpu npu;
  DriverConfig config = quick_config();
  config.use_irq = true;
  SocHooks hooks;
  hooks.wait = irq_when_done;
  NpuDriver driver(npu, config, hooks);
  irq_npu = &npu;
  irq_driver = &driver;
  NpuJobResult result;
  EXPECT_EQ(driver.run(job(), &result), Error::Ok);
  EXPECT_TRUE(result.status.end_reached());
  EXPECT_EQ(npu.read32(mmio::Status) & mmio::status::IrqRaised, 0u);  // acknowledged
  npu.ending = Ending::ParseError;
  EXPECT_EQ(driver.run(job(), &result), Error::NpuFault);
  npu.ending = Ending::Done;
  EXPECT_EQ(driver.run(job(), &result), Error::Ok);
}

// An interrupt that never comes (wrong IRQ number, vector or NVIC enable):
// the wait ends by STATUS, names the lost interrupt once and polls from then on.
EMBER_TEST(missing_interrupt_is_named_and_completion_falls_back_to_polling) {
  FakeNpu npu;
  DriverConfig config = quick_config();
  config.use_irq = true;
  config.irq_grace_polls = 20;
  NpuDriver driver(npu, config);  // nobody calls on_irq()
  NpuJobResult result;
  EXPECT_EQ(driver.run(job(), &result), Error::Ok);
  EXPECT_TRUE(result.status.end_reached());
  EXPECT_TRUE(driver.irq_missing());
  EXPECT_EQ(npu.read32(mmio::Status) & mmio::status::IrqRaised, 0u);  // acknowledged all the same
  npu.ending = Ending::BusError;
  EXPECT_EQ(driver.run(job(), &result), Error::NpuFault);  // polled STATUS still names a fault
  npu.ending = Ending::Done;
  EXPECT_EQ(driver.run(job(), &result), Error::Ok);
}

// An interrupt a little later than STATUS (the handler runs after the poll)
// is not taken for a lost one.
uint32_t late_irq_polls = 0;
void late_irq() {
  if ((irq_npu->read32(mmio::Status) & mmio::status::IrqRaised) && ++late_irq_polls == 5) irq_driver->on_irq();
}

EMBER_TEST(interrupt_within_the_grace_period_counts_as_arrived) {
  FakeNpu npu;
  DriverConfig config = quick_config();
  config.use_irq = true;
  config.irq_grace_polls = 20;
  SocHooks hooks;
  hooks.wait = late_irq;
  NpuDriver driver(npu, config, hooks);
  irq_npu = &npu;
  irq_driver = &driver;
  late_irq_polls = 0;
  NpuJobResult result;
  EXPECT_EQ(driver.run(job(), &result), Error::Ok);
  EXPECT_TRUE(!driver.irq_missing());
  EXPECT_EQ(late_irq_polls, 5u);
  irq_npu = nullptr;
  irq_driver = nullptr;
}

// The deadline is CPU cycles when a cycle counter is given, however many polls that is.
uint32_t fake_cycles = 0;
uint32_t cycles_from_near_the_wrap() { return fake_cycles += 1000; }

EMBER_TEST(a_hung_job_ends_at_the_cycle_deadline) {
  FakeNpu npu;
  npu.ending = Ending::Hang;
  DriverConfig config = quick_config();
  config.run_poll_limit = 0xFFFFFFFFu;  // would never end by polls
  config.run_timeout_cycles = 200000;
  config.use_irq = true;
  SocHooks hooks;
  hooks.cycles = cycles_from_near_the_wrap;
  fake_cycles = 0xFFFF0000u;  // the counter wraps during the wait
  NpuDriver driver(npu, config, hooks);
  NpuJobResult result;
  EXPECT_EQ(driver.run(job(), &result), Error::NpuTimeout);
  const uint32_t waited = fake_cycles - 0xFFFF0000u;
  EXPECT_TRUE(waited >= 200000u && waited < 210000u);
  EXPECT_EQ(npu.stop_requests, 1u);
  npu.ending = Ending::Done;
  EXPECT_EQ(driver.run(job(), &result), Error::Ok);  // usable after the timeout
}

NpuJob u85_job() {
  NpuJob j = job();
  j.product = u85::mmio::kProduct;
  return j;
}

EMBER_TEST(u85_run_sets_up_its_bus_and_pmu_where_the_u85_has_them) {
  FakeNpu npu;
  npu.config = u85::mmio::kProduct << 28;
  NpuDriver driver(npu, quick_config());
  NpuJobResult result;
  ASSERT_EQ(driver.run(u85_job(), &result), Error::Ok);
  int32_t reset = npu.index_of(mmio::Reset), qconfig = npu.index_of(mmio::QConfig),
          regioncfg = npu.index_of(mmio::RegionCfg), attr = npu.index_of(u85::mmio::mem_attr(3)),
          axi_ext = npu.index_of(u85::mmio::AxiExt), qbase = npu.index_of(mmio::QBase),
          basep = npu.index_of(mmio::basep_lo(2)), pmcr = npu.index_of(u85::mmio::Pmcr), cmd = npu.index_of(mmio::Cmd);
  EXPECT_TRUE(reset >= 0 && reset < qconfig && qconfig < regioncfg && regioncfg < attr && attr < axi_ext &&
              axi_ext < qbase && qbase < basep && basep < pmcr && pmcr < cmd);
  // MEM_ATTR1 (the index REGIONCFG gives the weights) selects the EXT port, MEM_ATTR0 the SRAM port.
  EXPECT_EQ(npu.regs[u85::mmio::mem_attr(0) / 4], 0x0u);
  EXPECT_EQ(npu.regs[u85::mmio::mem_attr(1) / 4], 0x4u);
  EXPECT_EQ(npu.regs[u85::mmio::AxiSram / 4], 0x0F1Fu);  // 32 reads, 16 writes outstanding
  EXPECT_EQ(npu.regs[mmio::RegionCfg / 4], 1u);
  // Nothing written where the U55 keeps its AXI limits' tail or its PMU.
  EXPECT_EQ(npu.index_of(mmio::Pmcr), -1);
  EXPECT_EQ(npu.index_of(mmio::pmevtyper(0)), -1);
  EXPECT_EQ(result.pmu.cycles, 0x1289ABCDEFull);
  EXPECT_EQ(result.pmu.events[0], 0x23u * 10);  // NPU_ACTIVE: the same event number on the U85
  EXPECT_EQ(npu.regs[u85::mmio::PmCntEnSet / 4], mmio::kCycleCounterEnable | 0xFu);
}

EMBER_TEST(stream_for_the_other_product_is_npu_missing) {
  FakeNpu u55;
  NpuDriver on_u55(u55, quick_config());
  NpuJobResult result;
  EXPECT_EQ(on_u55.run(u85_job(), &result), Error::NpuMissing);
  EXPECT_EQ(u55.starts, 0u);
  FakeNpu u85;
  u85.config = u85::mmio::kProduct << 28;
  NpuDriver on_u85(u85, quick_config());
  EXPECT_EQ(on_u85.run(job(), &result), Error::NpuMissing);
  EXPECT_EQ(u85.starts, 0u);
}

EMBER_TEST(u85_branch_fault_is_decoded_and_recovered) {
  FakeNpu npu;
  npu.config = u85::mmio::kProduct << 28;
  npu.ending = Ending::BranchFault;
  NpuDriver driver(npu, quick_config());
  NpuJobResult result;
  EXPECT_EQ(driver.run(u85_job(), &result), Error::NpuFault);
  EXPECT_TRUE(strcmp(result.status.describe(), "branch fault (a branch in the command stream went wrong)") == 0);
  EXPECT_EQ(npu.resets, 2u);
  npu.ending = Ending::Done;
  EXPECT_EQ(driver.run(u85_job(), &result), Error::Ok);
}

EMBER_TEST(status_bits_are_read_per_product) {
  const uint32_t bit7 = mmio::status::WeightDecoderFault | mmio::status::CmdEndReached;
  EXPECT_TRUE((NpuStatus{bit7, mmio::kProductU55}.faulted()));
  EXPECT_TRUE(!(NpuStatus{bit7, u85::mmio::kProduct}.faulted()));  // reserved on the U85
  const uint32_t bit9 = u85::mmio::status::BranchFault | mmio::status::CmdEndReached;
  EXPECT_TRUE((NpuStatus{bit9, u85::mmio::kProduct}.faulted()));
  EXPECT_TRUE(!(NpuStatus{bit9, mmio::kProductU55}.faulted()));
}

}  // namespace
}  // namespace ember::ethosu
