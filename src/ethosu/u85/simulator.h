// A functional model of the Ethos-U85: runs its register command stream over
// the memory the regions map, operation by operation, with the U55 model's
// arithmetic where the two NPUs share it (docs/ethos-u85.md). ethosu::Simulator
// runs a stream through here when its NpuConfig names the U85.
#pragma once
#include <cstddef>
#include <cstdint>

#include "core/error.h"
#include "core/span.h"
#include "ethosu/sim/cycle_model.h"
#include "ethosu/sim/memory.h"
#include "ethosu/sim/simulator.h"
#include "ethosu/u85/cycle_model.h"
#include "ethosu/u85/op_context.h"

namespace ember::ethosu::u85 {

struct Machine {
  RegisterFile& regs;            // persists across runs, as on the hardware
  uint8_t* lut;                  // kLutBytes (op_context.h) of LUT memory
  Span<int16_t> weight_scratch;  // decoded weights of one OFM block
  uint32_t macs;                 // 128 ... 2048
  uint64_t work_budget;          // element operations before a run counts as hung
  Chain chain;                   // its values: caller-given scratch (empty: a chained operation faults)
  size_t chain_peak = 0;         // elements of the largest chained result the run asked for
  MemorySystem memory = {};      // where each region lives, for the cycle estimate (cycle_model.h)
  CycleModel cycle_model = {};   // the estimate of each operation (and of chains)
  RunCycles run_cycles = {};     // what each operation adds, given its neighbours
  size_t weight_peak = 0;        // elements of the most decoded weights one operation asked for
  bool registers_written = true; // since the last operation (a repeat is not estimated again)
};

// Runs until STOP. Error::NpuFault with report->fault set when the stream is
// malformed, touches memory outside its regions, or needs what the model lacks;
// Fault::ScratchTooSmall when a chained result outgrows machine.chain.
Error run(Machine& machine, Span<const uint8_t> stream, const RegionMap& memory, RunReport* report);

}  // namespace ember::ethosu::u85
