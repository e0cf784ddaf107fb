// Every board fact the firmware assumes, printed at boot: none is verified on
// silicon, so a wrong one shows in the first lines of the log.
#include <cstdio>

#include "board_facts.h"
#include "board_init.h"
#include "clock_control.h"
#include "console.h"
#include "core_regs.h"
#include "core_setup.h"
#include "platform/board.h"
#include "soc_facts.h"
#include "sram_power.h"

extern "C" {
extern char __ember_pool_dtcm_start, __ember_pool_dtcm_end, __ember_pool_sram0_start, __ember_pool_sram0_end,
    __ember_pool_sram1_start, __ember_pool_sram1_end, __stack_limit__, __stack_top__, __heap_start__, __heap_end__,
    __data_start__, __bss_end__;
}

namespace ember::board {
namespace {

void print_range(const char* name, uintptr_t origin, uint32_t length) {
  std::printf("  %-6s 0x%08x..0x%08x (%u KB)\n", name, origin, static_cast<unsigned>(origin + length),
              static_cast<unsigned>(length / 1024));
}

void print_tcm(const char* name, const alif::TcmWindow& tcm) {
  std::printf("  %-6s 0x%08x..0x%08x (%u KB), NPU/global alias 0x%08x\n", name, tcm.local,
              static_cast<unsigned>(tcm.local + tcm.length), static_cast<unsigned>(tcm.length / 1024), tcm.global);
}

void print_section(const char* name, const char* start, const char* end) {
  std::printf("  %-18s 0x%08x..0x%08x (%u bytes)\n", name, reinterpret_cast<uintptr_t>(start),
              reinterpret_cast<uintptr_t>(end), static_cast<unsigned>(end - start));
}

void print_pin(const char* name, alif::Pin pin) {
  std::printf(" %s P%u_%u", name, pin.port, pin.pin);
}

}  // namespace

void print_facts() {
  std::printf("ember board %s (%s core, %s silicon, J-Link %s); unverified facts follow\n", kBoardName, kCore,
              kSilicon, kJlinkDevice);
  std::printf("  cpu clock %u Hz, CPUID 0x%08x, MPU regions %u, DWT cycle counter %s\n",
              static_cast<unsigned>(kCpuClockHz), static_cast<unsigned>(scb().cpuid),
              static_cast<unsigned>(mpu_region_count()), cycle_counter_running() ? "running" : "absent");
  std::printf("  npu Ethos-U55-%u at 0x%08x, IRQ %u, %u Hz; NPU-read pools in DTCM (global alias) or SRAM1%s\n",
              static_cast<unsigned>(kNpuMacs), kNpuBase, static_cast<unsigned>(kNpuIrq),
              static_cast<unsigned>(kNpuClockHz), kNpuReachesSram0 ? " or SRAM0" : ", never SRAM0");
  if (kHasNpuU85) {
    std::printf("  npu Ethos-U85-%u at 0x%08x, IRQ %u, %u Hz, clock gate: Secure Enclave clock %u; secure, privileged\n",
                static_cast<unsigned>(kNpuU85Macs), kNpuU85Base, static_cast<unsigned>(kNpuU85Irq),
                static_cast<unsigned>(kNpuU85ClockHz), static_cast<unsigned>(kNpuU85ClockEnable));
  }
  print_range("mram", kMram.origin, kMram.length);
  print_tcm("itcm", kItcm);
  print_tcm("dtcm", kDtcm);
  print_range("sram0", kSram0.origin, kSram0.length);
  print_range("sram1", kSram1.origin, kSram1.length);
  std::printf("  TCM alias: (address & 0x%08x) + global base, second local alias at +0x%08x\n",
              alif::kTcmOffsetMask, alif::kTcmAliasOffset);
  const CacheGeometry cache = data_cache_geometry();
  std::printf("  D-cache %u sets x %u ways x %u-byte lines (maintenance assumes %u-byte lines%s), caches %s\n",
              static_cast<unsigned>(cache.sets), static_cast<unsigned>(cache.ways),
              static_cast<unsigned>(cache.line_bytes), static_cast<unsigned>(alif::kCacheLineBytes),
              cache.line_bytes == alif::kCacheLineBytes ? "" : ": MISMATCH",
              (scb().ccr & (kCcrICache | kCcrDCache)) == (kCcrICache | kCcrDCache) ? "on" : "OFF");
  std::printf("  vector table 0x%08x (%u entries, %u-byte aligned), code executes in place from MRAM\n",
              static_cast<unsigned>(scb().vtor), static_cast<unsigned>(kVectorCount),
              static_cast<unsigned>(kVectorTableAlignment));
  print_section(".data + .bss", &__data_start__, &__bss_end__);
  std::printf("  %-18s %u bytes reserved for .data + .bss\n", "", static_cast<unsigned>(kDtcmStaticBytes));
  print_section("stack", &__stack_limit__, &__stack_top__);
  print_section("heap", &__heap_start__, &__heap_end__);
  print_section(".ember_pool_dtcm", &__ember_pool_dtcm_start, &__ember_pool_dtcm_end);
  print_section(".ember_pool_sram0", &__ember_pool_sram0_start, &__ember_pool_sram0_end);
  print_section(".ember_pool_sram1", &__ember_pool_sram1_start, &__ember_pool_sram1_end);
  std::printf("  device windows 0x%08x+0x%08x, 0x%08x+0x%08x; EXPMST0_CTRL 0x%08x (forced clocks 0x%08x)\n",
              kHostPeripheralsBase, static_cast<unsigned>(kHostPeripheralsBytes), kPeripheralsBase,
              static_cast<unsigned>(kPeripheralsBytes), static_cast<unsigned>(ClockControl::expmst0_ctrl()),
              static_cast<unsigned>(kExpmst0ForcePeripheralClocks));
  std::printf(
      "  pin mux 0x%08x + port*0x%x + pin*%u, input pad control 0x%02x; UART FIFO %u bytes, "
      "%u polls after reset, dropped after %u polls without draining\n",
      kPinMuxBase, static_cast<unsigned>(alif::kPortStride), static_cast<unsigned>(alif::kPinStride),
      static_cast<unsigned>(kPadReadEnable), static_cast<unsigned>(kUartFifoBytes),
      static_cast<unsigned>(kUartResetWaitPolls), static_cast<unsigned>(kUartTxPollLimit));
  console_print_facts();
  for (const RgbLed& led : kLeds) {
    std::printf("  led (GPIO 0x%08x + port*0x%x):", kGpio0Base, static_cast<unsigned>(kGpioStride));
    print_pin("R", led.red);
    print_pin("G", led.green);
    print_pin("B", led.blue);
    std::printf("\n");
  }
  std::printf("  secure enclave: MHU sender 0x%08x, receiver 0x%08x, %u heartbeats, %u polls per step\n",
              kSeSenderFrame, kSeReceiverFrame, static_cast<unsigned>(kSeHeartbeatAttempts),
              static_cast<unsigned>(kSePollLimit));
  std::printf("  SRAM power, first way %s; then run profile memory_blocks |= 0x%02x, service %u mask 0x%02x + "
              "clocks %u/%u (service %u), SE 1.107 workaround 0x%08x &= ~0x%04x; each checked by a probe\n",
              to_string(kSramPowerFirstWay), static_cast<unsigned>(kRunProfileSrams),
              static_cast<unsigned>(alif::se::Service::MemoryPower), static_cast<unsigned>(kMemoryPowerSrams),
              static_cast<unsigned>(alif::se::kClockSram0), static_cast<unsigned>(alif::se::kClockSram1),
              static_cast<unsigned>(alif::se::Service::ClockEnable), static_cast<unsigned>(kSe1107SramRegister),
              static_cast<unsigned>(kSe1107SramClearBits));
}

}  // namespace ember::board
