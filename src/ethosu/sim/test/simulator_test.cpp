// The simulator on upstream's MNIST programs (tests/fixtures/upstream-pte), and
// faults injected into their command streams: each gives a named fault, and
// after a reset the next inference is exactly as before.
#include <cstring>
#include <vector>

#include "ethosu/delegate/cop_header.h"
#include "ethosu/delegate/payload.h"
#include "ethosu/sim/simulator.h"
#include "runtime/program.h"
#include "runtime/test/fixture_file.h"
#include "testing/test.h"

namespace ember::ethosu {
namespace {

using testing::FixtureFile;

int16_t g_weights[256 * 1024];

struct FixtureRun {
  FixtureFile file;
  Payload payload;
  CommandStream stream;
  std::vector<uint8_t> scratch_storage;
  uint8_t* scratch = nullptr;
  RegionMap regions;
  bool ok = false;

  explicit FixtureRun(const char* name) : file(name) {
    Result<Program> program = Program::load(file.bytes());
    if (!program.ok()) return;
    Result<Span<const uint8_t>> data = program->delegate_data(0, 0);
    if (!data.ok()) return;
    Result<Payload> parsed = parse_payload(*data);
    if (!parsed.ok()) return;
    payload = *parsed;
    Result<CommandStream> header = parse_cop_header(payload.command_stream);
    if (!header.ok()) return;
    stream = *header;
    scratch_storage.resize(payload.scratch_size + 16);
    scratch = reinterpret_cast<uint8_t*>((reinterpret_cast<uintptr_t>(scratch_storage.data()) + 15) & ~uintptr_t{15});
    regions.base[0] = const_cast<uint8_t*>(payload.weights.data);
    regions.size[0] = payload.weights.size;
    regions.read_only[0] = true;
    regions.base[1] = regions.base[2] = scratch;
    regions.size[1] = regions.size[2] = payload.scratch_size;
    ok = true;
  }

  // A fixed input image, the output bytes after a run.
  Error run(Simulator& npu, Span<const uint8_t> words, RunReport* report, std::vector<uint8_t>* output) {
    std::memset(scratch, 0, payload.scratch_size);
    for (int i = 0; i < 784; ++i) scratch[payload.inputs[0].offset + i] = static_cast<uint8_t>(i * 7);
    Error e = npu.run(words, regions, report);
    output->assign(scratch + payload.outputs[0].offset, scratch + payload.outputs[0].offset + 10);
    return e;
  }
};

EMBER_TEST(upstream_fixtures_run_to_stop) {
  for (const char* name : {"mnist_ethosu_u55_128_a.pte", "mnist_ethosu_u55_128_b.pte"}) {
    FixtureRun fixture(name);
    ASSERT_TRUE(fixture.ok);
    EXPECT_EQ(fixture.stream.macs(), 128u);
    EXPECT_EQ(fixture.stream.words.size, 2984u - 32u);
    Simulator npu(NpuConfig{128, 24 * 1024}, Span<int16_t>(g_weights));
    RunReport report;
    std::vector<uint8_t> first, second;
    // Every CONV decodes its weight stream to exactly the length its shape
    // implies, or the run faults with Fault::WeightStream.
    ASSERT_OK(fixture.run(npu, fixture.stream.words, &report, &first));
    EXPECT_TRUE(report.reached_stop);
    EXPECT_TRUE(report.fault == Fault::None);
    EXPECT_TRUE(report.macs > 1000000);
    RunReport again;
    ASSERT_OK(fixture.run(npu, fixture.stream.words, &again, &second));
    EXPECT_TRUE(first == second);  // deterministic
  }
}

EMBER_TEST(injected_faults_are_named_and_recoverable) {
  FixtureRun fixture("mnist_ethosu_u55_128_a.pte");
  ASSERT_TRUE(fixture.ok);
  Simulator npu(NpuConfig{128, 24 * 1024}, Span<int16_t>(g_weights));
  RunReport good;
  std::vector<uint8_t> expected, output;
  ASSERT_OK(fixture.run(npu, fixture.stream.words, &good, &expected));

  std::vector<uint8_t> words(fixture.stream.words.begin(), fixture.stream.words.end());
  // 1. An unknown operation in place of the first operation: a parse error there.
  std::vector<uint8_t> bad_opcode = words;
  size_t first_op = 0;
  for (size_t i = 0; i + 4 <= bad_opcode.size();) {
    uint32_t w;
    std::memcpy(&w, &bad_opcode[i], 4);
    if (control_of(w) == 1) { i += 8; continue; }
    if (opcode_of(w) < 0x100) { first_op = i; break; }
    i += 4;
  }
  ASSERT_TRUE(first_op > 0);
  const uint32_t invalid_op = 0x0000007F;
  std::memcpy(&bad_opcode[first_op], &invalid_op, 4);
  RunReport parse;
  EXPECT_TRUE(fixture.run(npu, Span<const uint8_t>(bad_opcode.data(), bad_opcode.size()), &parse, &output) == Error::NpuFault);
  EXPECT_TRUE(parse.fault == Fault::ParseError);
  EXPECT_EQ(parse.fault_word, first_op);

  // 2. A stream cut before STOP: the end is never reached.
  RunReport truncated;
  EXPECT_TRUE(fixture.run(npu, Span<const uint8_t>(words.data(), words.size() / 2), &truncated, &output) == Error::NpuFault);
  EXPECT_TRUE(truncated.fault == Fault::ParseError && !truncated.reached_stop);

  // 3. An OFM far outside the scratch region: a bus error, not a wild write.
  std::vector<uint8_t> bad_address = words;
  bool patched = false;
  for (size_t i = 0; i + 8 <= bad_address.size(); i += 4) {
    uint32_t w;
    std::memcpy(&w, &bad_address[i], 4);
    if ((w & 0xC3FF) == (0x4000 | 0x010)) {  // cmd1 OFM_BASE0
      const uint32_t far = 0x7FFFFF00;
      std::memcpy(&bad_address[i + 4], &far, 4);
      patched = true;
      break;
    }
  }
  ASSERT_TRUE(patched);
  RunReport bus;
  EXPECT_TRUE(fixture.run(npu, Span<const uint8_t>(bad_address.data(), bad_address.size()), &bus, &output) == Error::NpuFault);
  EXPECT_TRUE(bus.fault == Fault::BusError);

  // After a reset the next inference is exactly the good one.
  npu.reset();
  RunReport after;
  ASSERT_OK(fixture.run(npu, fixture.stream.words, &after, &output));
  EXPECT_TRUE(output == expected);
}

EMBER_TEST(weights_are_read_only) {
  FixtureRun fixture("mnist_ethosu_u55_128_a.pte");
  ASSERT_TRUE(fixture.ok);
  RegionMap& r = fixture.regions;
  EXPECT_TRUE(r.at(0, 0, 16) != nullptr);
  EXPECT_TRUE(r.at(0, 0, 16, /*write=*/true) == nullptr);
  EXPECT_TRUE(r.at(1, static_cast<int64_t>(fixture.payload.scratch_size) - 4, 8) == nullptr);
  EXPECT_TRUE(r.at(1, -1, 1) == nullptr);
}

EMBER_TEST(malformed_headers_are_rejected) {
  const uint8_t not_cop[16] = {'C', 'O', 'P', '9'};
  EXPECT_TRUE(parse_cop_header(Span<const uint8_t>(not_cop, 16)).error() == Error::DelegateInvalidPayload);
  uint32_t too_long[4] = {0x31504F43, 0x00100001, 0x00001807, 0x00FF0002};  // stream of 255 words, none present
  EXPECT_TRUE(parse_cop_header(Span<const uint8_t>(reinterpret_cast<uint8_t*>(too_long), 16)).error() ==
              Error::DelegateInvalidPayload);
}

}  // namespace
}  // namespace ember::ethosu

namespace ember::ethosu {
namespace {

EMBER_TEST(a_run_past_its_work_budget_times_out) {
  FixtureRun fixture("mnist_ethosu_u55_128_a.pte");
  ASSERT_TRUE(fixture.ok);
  Simulator npu(NpuConfig{128, 24 * 1024, /*work_budget=*/100000}, Span<int16_t>(g_weights));
  RunReport report;
  std::vector<uint8_t> output;
  EXPECT_TRUE(fixture.run(npu, fixture.stream.words, &report, &output) == Error::NpuTimeout);
  EXPECT_TRUE(report.fault == Fault::Timeout);
  EXPECT_TRUE(report.operations > 0);  // it ran until the budget was spent
}

}  // namespace
}  // namespace ember::ethosu
