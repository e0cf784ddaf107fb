// What every firmware board offers the apps (the runner, the test firmware).
// Each board folder implements it once; its facts (addresses, clocks, what is
// still unverified) stay in that folder and are printed by board_init().
#pragma once
#include <cstddef>
#include <cstdint>

namespace ember::platform {

// The stages of a run, shown on the RGB LED where a board has one.
enum class Stage : uint8_t { Boot, MemoryPowered, NpuReady, Running, Passed, Failed };

struct NpuFacts {
  bool present = false;     // false: the firmware runs the simulated NPU
  uintptr_t base = 0;       // MMIO base of its registers
  uint32_t macs = 0;        // 128 (E8 HE) or 256 (E8 HP, E8 U85); 0 when absent
  uint32_t clock_hz = 0;    // the NPU clock the cycle counts are converted with
  uint32_t irq = 0;         // its interrupt line
  bool u85 = false;         // an Ethos-U85 (else an Ethos-U55)
};

struct BoardFacts {
  const char* name = "";
  uint32_t cpu_clock_hz = 0;
  NpuFacts npu;      // the core's own Ethos-U55
  NpuFacts npu_u85;  // the E8's Ethos-U85 where this core drives it (HP); absent elsewhere
};

const BoardFacts& board_facts();

// Clocks, MPU, caches, console, and the power of the memories the pools live in
// (on the E8: the Secure Enclave's SRAM0/SRAM1 requests). Prints every assumed
// board fact. Nothing may touch a pool section before this returns true.
bool board_init();

void show_stage(Stage stage);

// A free-running CPU cycle counter (DWT CYCCNT where there is one).
uint32_t cpu_cycles();

// The NPU's view of a CPU address (the E8's TCM global aliases), and the cache
// maintenance around an NPU run. Identity / no-ops where not needed.
uint64_t npu_address(const void* cpu_address);
void cache_clean(const void* address, size_t bytes);
void cache_invalidate(void* address, size_t bytes);

// Readies one of the board's NPUs for jobs: its clock where it has a gate of
// its own (the E8's U85: a Secure Enclave request), its interrupt enabled and
// routed to handler. False (said why) when the clock could not be enabled.
bool npu_attach(const NpuFacts& npu, void (*handler)());

// The deepest the stack has reached since reset, and its size, in bytes (the
// start-up paints the stack; a run that reaches its limit faults by name).
struct StackUse {
  uint32_t peak_bytes;
  uint32_t size_bytes;
};
StackUse stack_use();

// Ends the firmware: the exit status on QEMU, the LED and a parked core on a board.
[[noreturn]] void finish(int status);

}  // namespace ember::platform
