// SRAM power against a fake Secure Enclave: which way powers the banks, in
// what order the ways are tried, what each sends, and that a bank that stays
// dark ends in a named result instead of a pool in dead memory.
#include "sram_power.h"

#include <cstring>

#include "testing/test.h"

using namespace ember::board;
namespace se = ember::alif::se;

namespace {

constexpr uint32_t kMessageAddress = 0x58800040;
constexpr uint32_t kBootMemoryBlocks = (1u << 18) | (1u << 15);  // SERAM | MRAM, as a profile might read

// What the fake SE does with each request, and what it saw.
struct FakeSecureEnclave {
  bool run_profile_powers = false;
  bool memory_power_powers = false;
  bool workaround_powers = false;
  uint16_t failing_service = 0xFFFF;  // answers this service with a transport error
  bool powered = false;
  uint32_t set_memory_blocks = 0;
  uint32_t memory_power_mask = 0;
  uint32_t set_profile_cpu_clock = 0;
  int services_seen = 0;
  uint16_t services[16] = {};
  int probes = 0;
  int workarounds = 0;
};
FakeSecureEnclave g_se;

MhuSenderRegisters g_sender;
MhuReceiverRegisters g_receiver;
alignas(4) uint8_t g_message[se::kMaxMessageBytes];

uint32_t word(int index) {
  uint32_t value;
  std::memcpy(&value, g_message + se::kHeaderBytes + 4 * index, 4);
  return value;
}
void put_word(int index, uint32_t value) { std::memcpy(g_message + se::kHeaderBytes + 4 * index, &value, 4); }

// The transport cleans the message just before it hands it over: the fake SE
// answers it in place, as the real one does through the shared buffer.
void se_answers(const void*, size_t) {
  uint16_t service;
  std::memcpy(&service, g_message, 2);
  if (g_se.services_seen < 16) g_se.services[g_se.services_seen++] = service;
  if (service == g_se.failing_service) {
    g_message[4] = 0x01;  // header error code
    return;
  }
  if (service == 310) {
    for (int i = 0; i < 11; ++i) put_word(i, 0x100 + i);
    put_word(5, 400);  // cpu_clk_freq
    put_word(7, kBootMemoryBlocks);
  } else if (service == 311) {
    g_se.set_memory_blocks = word(7);
    g_se.set_profile_cpu_clock = word(5);
    if (g_se.run_profile_powers) g_se.powered = true;
  } else if (service == 307) {
    g_se.memory_power_mask = word(0);
    put_word(1, 0xDEAD);  // an error word the host library would ignore
    if (g_se.memory_power_powers) g_se.powered = true;
  }
}
void no_invalidate(void*, size_t) {}

SramBanks probe(SramPowerPath) {
  ++g_se.probes;
  return {g_se.powered, g_se.powered};
}
void workaround() {
  ++g_se.workarounds;
  if (g_se.workaround_powers) g_se.powered = true;
}

SeTransport fresh(FakeSecureEnclave se_behaviour) {
  g_se = se_behaviour;
  g_sender = {};
  g_receiver = {};
  g_sender.access_ready = 1;
  g_receiver.ch_st = kMessageAddress;
  std::memset(g_message, 0, sizeof(g_message));
  return {MhuSender(&g_sender), MhuReceiver(&g_receiver), g_message, kMessageAddress, 16, se_answers, no_invalidate};
}

const SramPowerHooks kHooks{probe, workaround};

}  // namespace

EMBER_TEST(run_profile_keeps_the_profile_and_adds_the_e8_sram_blocks) {
  FakeSecureEnclave se{};
  se.run_profile_powers = true;
  SeTransport t = fresh(se);
  SramPowerReport report = power_srams(t, kHooks, SramPowerPath::RunProfile);
  EXPECT_TRUE(report.path == SramPowerPath::RunProfile);
  EXPECT_EQ(g_se.services_seen, 2);
  EXPECT_EQ(g_se.services[0], 310u);
  EXPECT_EQ(g_se.services[1], 311u);
  EXPECT_EQ(g_se.set_memory_blocks, kBootMemoryBlocks | 0x1Fu);  // SRAM0_1..4 and SRAM1
  EXPECT_EQ(g_se.set_profile_cpu_clock, 400u);                     // the rest of the profile as read
  EXPECT_EQ(report.memory_blocks_before, kBootMemoryBlocks);
  EXPECT_EQ(report.memory_blocks_after, kBootMemoryBlocks | 0x1Fu);
  EXPECT_EQ(g_se.probes, 1);
  EXPECT_EQ(g_se.workarounds, 0);
}

EMBER_TEST(a_dark_bank_after_the_run_profile_falls_back_to_service_307_without_isolation) {
  FakeSecureEnclave se{};
  se.memory_power_powers = true;
  SeTransport t = fresh(se);
  SramPowerReport report = power_srams(t, kHooks, SramPowerPath::RunProfile);
  EXPECT_TRUE(report.path == SramPowerPath::MemoryPower);
  EXPECT_EQ(g_se.memory_power_mask, 0x03u);  // power bits only, never 0x0F
  EXPECT_EQ(g_se.services_seen, 5);          // 310, 311, 307, 702, 702
  EXPECT_EQ(g_se.services[3], 702u);
  EXPECT_EQ(g_se.probes, 2);
  EXPECT_TRUE(report.failed_call.status == se::Status::Ok);  // 307's error word is not trusted either way
}

EMBER_TEST(the_se_1107_workaround_is_the_last_way) {
  FakeSecureEnclave se{};
  se.workaround_powers = true;
  SeTransport t = fresh(se);
  SramPowerReport report = power_srams(t, kHooks, SramPowerPath::RunProfile);
  EXPECT_TRUE(report.path == SramPowerPath::Se1107Workaround);
  EXPECT_EQ(g_se.workarounds, 1);
  EXPECT_EQ(g_se.probes, 3);
  EXPECT_EQ(report.ways_tried, 3u);
}

EMBER_TEST(banks_that_stay_dark_are_named) {
  SeTransport t = fresh(FakeSecureEnclave{});
  SramPowerReport report = power_srams(t, kHooks, SramPowerPath::RunProfile);
  EXPECT_TRUE(report.path == SramPowerPath::None);
  EXPECT_TRUE(!report.banks.sram0 && !report.banks.sram1);
  EXPECT_TRUE(std::strstr(to_string(report.path), "stayed dark") != nullptr);
  EXPECT_EQ(report.ways_tried, 3u);
}

EMBER_TEST(a_failed_se_call_skips_the_probe_of_that_way) {
  FakeSecureEnclave se{};
  se.failing_service = 310;
  se.memory_power_powers = true;
  SeTransport t = fresh(se);
  SramPowerReport report = power_srams(t, kHooks, SramPowerPath::RunProfile);
  EXPECT_TRUE(report.path == SramPowerPath::MemoryPower);
  EXPECT_TRUE(report.failed_call.status == se::Status::TransportError);
  EXPECT_TRUE(report.failed_call.service == se::Service::GetRunProfile);
  EXPECT_EQ(g_se.services[1], 307u);  // no 311 with a profile never read
  EXPECT_EQ(g_se.probes, 1);
}

EMBER_TEST(the_board_setting_picks_the_first_way) {
  FakeSecureEnclave se{};
  se.run_profile_powers = true;
  se.memory_power_powers = true;
  SeTransport t = fresh(se);
  SramPowerReport report = power_srams(t, kHooks, SramPowerPath::MemoryPower);
  EXPECT_TRUE(report.path == SramPowerPath::MemoryPower);
  EXPECT_EQ(g_se.services[0], 307u);
}

EMBER_TEST(every_way_has_a_name) {
  for (uint32_t p = 0; p <= static_cast<uint32_t>(SramPowerPath::None); ++p) {
    EXPECT_TRUE(std::strcmp(to_string(static_cast<SramPowerPath>(p)), "unknown") != 0);
  }
}
