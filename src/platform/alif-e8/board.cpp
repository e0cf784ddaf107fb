// The board interface (platform/board.h) on an E8 M55 core.
#include <cstdio>

#include "address_map.h"
#include "board_facts.h"
#include "board_init.h"
#include "console.h"
#include "core_regs.h"
#include "core/log.h"
#include "platform/board.h"
#include "se_transport.h"
#include "sram_power.h"
#include "soc_facts.h"

namespace ember::board {
namespace {

using Handler = void (*)();
Handler volatile g_npu_handler = nullptr;

// The SE reads the message through the global map (the DTCM alias).
alignas(alif::kCacheLineBytes) uint8_t g_se_message[alif::se::kMaxMessageBytes];

SeTransport se_transport() {
  return {MhuSender(kSeSenderFrame), MhuReceiver(kSeReceiverFrame), g_se_message,
          static_cast<uint32_t>(platform::npu_address(g_se_message)), kSePollLimit, platform::cache_clean,
          platform::cache_invalidate};
}

bool report(const char* step, const SeResult& result) {
  if (result.status == alif::se::Status::Ok) return true;
  if (result.status == alif::se::Status::HeartbeatTimeout) {
    EMBER_LOG_ERROR("%s: %s (last attempt: %s)", step, alif::se::to_string(result.status),
                    alif::se::to_string(static_cast<alif::se::Status>(result.detail)));
  } else {
    EMBER_LOG_ERROR("%s: service %u: %s (0x%08x)", step, static_cast<unsigned>(result.service),
                    alif::se::to_string(result.status), static_cast<unsigned>(result.detail));
  }
  return false;
}

// One bank answers when a pattern written to its first, middle and last word
// reads back after the cache was cleaned and invalidated (so the bytes made
// the trip to the bank). A dark bank may fault or hang the bus instead of
// answering: the line printed first says which bank and which way it was.
bool bank_answers(const char* name, const alif::MemoryRange& bank, SramPowerPath after) {
  std::printf("  probing %s at 0x%08x after %s ...\n", name, static_cast<unsigned>(bank.origin), to_string(after));
  std::fflush(stdout);
  volatile uint32_t* words[kSramProbeWords] = {
      reinterpret_cast<volatile uint32_t*>(bank.origin),
      reinterpret_cast<volatile uint32_t*>(bank.origin + bank.length / 2),
      reinterpret_cast<volatile uint32_t*>(bank.origin + bank.length - 4)};
  for (uint32_t i = 0; i < kSramProbeWords; ++i) *words[i] = 0x5A5A0000u ^ (i * 0x01010101u) ^ bank.origin;
  for (volatile uint32_t* w : words) {
    platform::cache_clean(const_cast<uint32_t*>(w), 4);
    platform::cache_invalidate(const_cast<uint32_t*>(w), 4);
  }
  bool ok = true;
  for (uint32_t i = 0; i < kSramProbeWords; ++i) ok &= *words[i] == (0x5A5A0000u ^ (i * 0x01010101u) ^ bank.origin);
  return ok;
}

SramBanks probe_banks(SramPowerPath after) {
  return {bank_answers("SRAM0", kSram0, after), bank_answers("SRAM1", kSram1, after)};
}

void se1107_workaround() {
  volatile uint32_t& reg = *reinterpret_cast<volatile uint32_t*>(kSe1107SramRegister);
  reg = reg & ~kSe1107SramClearBits;
  data_barrier();
}

bool power_srams_checked(SeTransport& se) {
  const SramPowerReport r = power_srams(se, {probe_banks, se1107_workaround}, kSramPowerFirstWay);
  if (r.failed_call.status != alif::se::Status::Ok) report("SRAM power (a way skipped)", r.failed_call);
  if (r.memory_blocks_before || r.memory_blocks_after) {
    std::printf("  run profile memory_blocks 0x%08x -> 0x%08x\n", static_cast<unsigned>(r.memory_blocks_before),
                static_cast<unsigned>(r.memory_blocks_after));
  }
  if (r.path == SramPowerPath::None) {
    EMBER_LOG_ERROR("SRAM power: SRAM0 %s, SRAM1 %s after %u ways: %s", r.banks.sram0 ? "answers" : "dark",
                    r.banks.sram1 ? "answers" : "dark", static_cast<unsigned>(r.ways_tried), to_string(r.path));
    return false;
  }
  std::printf("SRAM0 and SRAM1 powered by: %s (way %u of %u tried)\n", to_string(r.path),
              static_cast<unsigned>(r.ways_tried), static_cast<unsigned>(kSramPowerPathCount));
  return true;
}

}  // namespace
}  // namespace ember::board

extern "C" void Npu_IRQHandler() {
  ember::board::Handler handler = ember::board::g_npu_handler;
  if (handler) handler();
}

namespace ember::platform {

const BoardFacts& board_facts() {
  static constexpr BoardFacts kFacts{
      board::kBoardName, board::kCpuClockHz,
      NpuFacts{true, board::kNpuBase, board::kNpuMacs, board::kNpuClockHz, board::kNpuIrq, false},
      NpuFacts{board::kHasNpuU85, board::kNpuU85Base, board::kNpuU85Macs, board::kNpuU85ClockHz, board::kNpuU85Irq, true}};
  return kFacts;
}

bool board_init() {
  board::leds_init();
  show_stage(Stage::Boot);
  board::print_facts();
  board::SeTransport se = board::se_transport();
  std::printf("  secure enclave message at 0x%08x, sent as 0x%08x\n",
              static_cast<unsigned>(reinterpret_cast<uintptr_t>(board::g_se_message)),
              static_cast<unsigned>(se.message_address));
  if (!board::report("secure enclave heartbeat", board::se_wait_for_heartbeat(se, board::kSeHeartbeatAttempts)) ||
      !board::power_srams_checked(se)) {
    show_stage(Stage::Failed);
    return false;
  }
  show_stage(Stage::MemoryPowered);
  return true;
}

uint64_t npu_address(const void* cpu_address) {
  return alif::to_global_address(reinterpret_cast<uintptr_t>(cpu_address), board::kItcm, board::kDtcm);
}

bool npu_attach(const NpuFacts& npu, void (*handler)()) {
  if (npu.u85) {
    // The U85 has a clock gate of its own, which the Secure Enclave opens.
    board::SeTransport se = board::se_transport();
    if (!board::report("Ethos-U85 clock enable", board::se_call(se, alif::se::clock_enable(board::kNpuU85ClockEnable, true)))) {
      return false;
    }
  }
  board::g_npu_handler = handler;
  board::data_barrier();
  board::nvic().iser[npu.irq / 32] = 1u << (npu.irq % 32);
  return true;
}

void finish(int status) {
  std::fflush(stdout);
  char text[48];
  int n = std::snprintf(text, sizeof(text), "\nember: finished with status %d\n", status);
  board::console_write(text, static_cast<size_t>(n));
  board::console_flush();
  show_stage(status == 0 ? Stage::Passed : Stage::Failed);
  __asm__ volatile("cpsid i" ::: "memory");
  for (;;) __asm__ volatile("wfi");
}

}  // namespace ember::platform
