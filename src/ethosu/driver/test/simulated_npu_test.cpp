// The driver over the simulated NPU: a hand-made command stream (DMA from the
// weights region to the arena, then STOP) runs through the whole register
// sequence; faults injected into the stream come back as named errors with
// their STATUS bits, and the next run after each is correct.
#include "ethosu/driver/npu_driver.h"
#include "ethosu/driver/simulated_npu.h"
#include "testing/test.h"

namespace ember::ethosu {
namespace {

constexpr uint32_t cmd0(uint32_t opcode, uint32_t param) { return opcode | (param << 16); }
constexpr uint32_t cmd1(uint32_t opcode) { return opcode | (1u << 14); }

// DMA `length` bytes from region 0 offset `src` to region 1 offset 0.
struct DmaStream {
  alignas(16) uint32_t words[13];
  DmaStream(uint32_t src, uint32_t length, uint32_t stop_opcode = 0x000) {
    const uint32_t w[13] = {cmd0(reg0::DmaSrcRegion, 0), cmd0(reg0::DmaDstRegion, 1), cmd1(reg1::DmaSrc), src,
                            cmd1(reg1::DmaDst), 0, cmd1(reg1::DmaLen), length,
                            cmd0(static_cast<uint32_t>(Operation::DmaStart), 0),
                            cmd0(static_cast<uint32_t>(Operation::DmaWait), 0), stop_opcode, 0, 0};
    for (uint32_t i = 0; i < 13; ++i) words[i] = w[i];
  }
  Span<const uint8_t> bytes() const { return Span<const uint8_t>(reinterpret_cast<const uint8_t*>(words), 4 * 11); }
};

// A 1x1 CONV whose compressed weights at region 0 offset `weight_offset` the
// weight decoder must decode (16 bytes; its 16-byte scale stream at offset 0).
struct ConvStream {
  alignas(16) uint32_t words[12];
  explicit ConvStream(uint32_t weight_offset) {
    const uint32_t w[12] = {cmd0(reg0::WeightRegion, 0), cmd1(reg1::WeightBase), weight_offset,
                            cmd1(reg1::WeightLength), 16, cmd0(reg0::ScaleRegion, 0), cmd1(reg1::ScaleBase), 0,
                            cmd1(reg1::ScaleLength), 16, cmd0(static_cast<uint32_t>(Operation::Conv), 0),
                            cmd0(static_cast<uint32_t>(Operation::Stop), 0)};
    for (uint32_t i = 0; i < 12; ++i) words[i] = w[i];
  }
  Span<const uint8_t> bytes() const { return Span<const uint8_t>(reinterpret_cast<const uint8_t*>(words), 4 * 12); }
};

alignas(16) uint8_t weights[64];
alignas(16) uint8_t arena[64];
int16_t weight_scratch[64];

struct Bench {
  Simulator sim;
  SimulatedNpu npu;
  NpuDriver driver;
  explicit Bench(uint64_t work_budget = uint64_t{1} << 20)
      : sim(NpuConfig{128, 24 * 1024, work_budget}, Span<int16_t>(weight_scratch)), npu(sim), driver(npu, config()) {
    for (uint32_t i = 0; i < sizeof(weights); ++i) weights[i] = static_cast<uint8_t>(i * 7 + 1);
  }
  explicit Bench(const DriverConfig& driver_config)
      : sim(NpuConfig{128, 24 * 1024, uint64_t{1} << 20}, Span<int16_t>(weight_scratch)), npu(sim),
        driver(npu, driver_config) {}
  static DriverConfig config() {
    DriverConfig c;
    c.run_poll_limit = 10;
    return c;
  }
  template <typename Stream>
  Error run(const Stream& stream, NpuJobResult* result) {
    for (uint8_t& b : arena) b = 0;
    npu.unmap_all();
    Span<const uint8_t> s = stream.bytes();
    npu.map({reinterpret_cast<uintptr_t>(s.data), const_cast<uint8_t*>(s.data), s.size, true});
    npu.map({reinterpret_cast<uintptr_t>(weights), weights, sizeof(weights), true});
    npu.map({reinterpret_cast<uintptr_t>(arena), arena, sizeof(arena), false});
    NpuJob job;
    job.command_stream = s;
    job.regions[0] = {weights, sizeof(weights), false};
    job.regions[1] = {arena, sizeof(arena), true};
    job.region_count = 2;
    return driver.run(job, result);
  }
  bool arena_holds_weights(uint32_t from, uint32_t length) const {
    for (uint32_t i = 0; i < length; ++i)
      if (arena[i] != weights[from + i]) return false;
    return true;
  }
};

EMBER_TEST(stream_runs_through_the_driver_and_the_pmu_counts) {
  Bench bench;
  NpuJobResult result;
  ASSERT_EQ(bench.run(DmaStream(16, 32), &result), Error::Ok);
  EXPECT_TRUE(bench.arena_holds_weights(16, 32));
  EXPECT_TRUE(result.status.end_reached());
  EXPECT_EQ(result.pmu.cycles, bench.npu.last_run().cycles);
  EXPECT_EQ(result.pmu.events[2], 32u / 16);  // AXI0 read beats: 32 bytes of 16
}

EMBER_TEST(bus_error_then_a_correct_run) {
  Bench bench;
  NpuJobResult result;
  EXPECT_EQ(bench.run(DmaStream(48, 32), &result), Error::NpuFault);  // reads past the weights
  EXPECT_TRUE(result.status.bus_error());
  EXPECT_TRUE(!result.status.end_reached());
  ASSERT_EQ(bench.run(DmaStream(0, 64), &result), Error::Ok);
  EXPECT_TRUE(bench.arena_holds_weights(0, 64));
}

EMBER_TEST(parse_error_then_a_correct_run) {
  Bench bench;
  NpuJobResult result;
  EXPECT_EQ(bench.run(DmaStream(0, 16, /*stop_opcode=*/0x3FF), &result), Error::NpuFault);
  EXPECT_TRUE(result.status.parse_error());
  ASSERT_EQ(bench.run(DmaStream(8, 16), &result), Error::Ok);
  EXPECT_TRUE(bench.arena_holds_weights(8, 16));
}

// The simulated NPU raises its interrupt, but no handler is wired to the
// driver (as with a wrong IRQ number on a board): the wait ends by STATUS with
// "NPU interrupt never arrived" logged, not a hang, and the data is right.
EMBER_TEST(missing_interrupt_ends_by_polling_not_a_hang) {
  DriverConfig config = Bench::config();
  config.use_irq = true;
  config.irq_grace_polls = 4;
  Bench bench(config);
  NpuJobResult result;
  ASSERT_EQ(bench.run(DmaStream(16, 32), &result), Error::Ok);
  EXPECT_TRUE(bench.driver.irq_missing());
  EXPECT_TRUE(result.status.end_reached());
  EXPECT_TRUE(bench.arena_holds_weights(16, 32));
  ASSERT_EQ(bench.run(DmaStream(0, 16), &result), Error::Ok);  // polled from then on
  EXPECT_TRUE(bench.arena_holds_weights(0, 16));
}

EMBER_TEST(hung_npu_times_out_then_a_correct_run) {
  Bench bench(/*work_budget=*/16);  // a 32-byte DMA exceeds it: the NPU "hangs"
  NpuJobResult result;
  EXPECT_EQ(bench.run(DmaStream(0, 32), &result), Error::NpuTimeout);
  EXPECT_TRUE(result.status.running());
  EXPECT_TRUE(!result.status.faulted());  // no STATUS bit for a hang: only the driver's poll limit sees it
  EXPECT_TRUE(!(bench.npu.read32(mmio::Status) & mmio::status::Running));  // stopped and reset
  ASSERT_EQ(bench.run(DmaStream(0, 16), &result), Error::Ok);
  EXPECT_TRUE(bench.arena_holds_weights(0, 16));
}

// STATUS bit 7 (wd_fault) is the weight decoder's decompression fault (the core
// driver's ethosu55_interface.h: "weight decoder state ... can only be cleared
// by reset"), raised by a malformed compressed weight stream.
EMBER_TEST(malformed_weights_raise_wd_fault_then_a_correct_run) {
  Bench bench;
  weights[48] = 0x04;  // ZDIV = 4: no such zero-run divisor
  NpuJobResult result;
  EXPECT_EQ(bench.run(ConvStream(48), &result), Error::NpuFault);
  EXPECT_TRUE(result.status.weight_decoder_fault());
  EXPECT_TRUE(!result.status.parse_error() && !result.status.bus_error() && !result.status.end_reached());
  EXPECT_EQ(bench.npu.last_run().fault, Fault::WeightStream);
  EXPECT_TRUE(!(bench.npu.read32(mmio::Status) & mmio::status::WeightDecoderFault));  // the driver reset the NPU
  ASSERT_EQ(bench.run(DmaStream(8, 32), &result), Error::Ok);
  EXPECT_TRUE(bench.arena_holds_weights(8, 32));
}

EMBER_TEST(command_stream_outside_memory_is_a_bus_error) {
  Bench bench;
  DmaStream stream(0, 16);
  NpuJobResult result;
  bench.npu.unmap_all();  // nothing mapped: the instruction fetch fails
  NpuJob job;
  job.command_stream = stream.bytes();
  job.region_count = 0;
  EXPECT_EQ(bench.driver.run(job, &result), Error::NpuFault);
  EXPECT_TRUE(result.status.bus_error());
}

}  // namespace
}  // namespace ember::ethosu
