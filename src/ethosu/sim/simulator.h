// A functional model of the Ethos-U55: runs a register command stream (the
// words after the COP1 header) over the memory the regions map, operation by
// operation, bit-exactly as far as the public facts define the arithmetic.
// Freestanding: no heap; decoded weights go to caller-given scratch.
#pragma once
#include <cstdint>

#include "core/error.h"
#include "core/span.h"
#include "ethosu/sim/cycle_model.h"
#include "ethosu/sim/memory.h"
#include "ethosu/sim/op_context.h"
#include "ethosu/sim/register_file.h"

namespace ember::ethosu {

struct NpuConfig {
  uint32_t macs_per_cycle = 128;  // U55-128 (HE) / 256 (HP); U85-256
  uint32_t shram_bytes = 24 * 1024;
  // Element operations one run may take before it counts as hung (the driver's
  // watchdog on hardware): Fault::Timeout instead of a stuck simulation.
  uint64_t work_budget = uint64_t{1} << 34;
  // Where each region's accesses go, for the cycle estimate (cycle_model.h).
  MemorySystem memory = e8_sram_only();
  uint32_t product = 0;  // CONFIG.product: 0 Ethos-U55, 2 Ethos-U85 (ethosu/u85/simulator.h)
};

struct OpRecord {
  uint16_t operation;  // Operation
  uint16_t mode;       // pool / elementwise mode
  int32_t ofm_height, ofm_width, ofm_depth;
  uint64_t macs, bytes_read, bytes_written, cycles;  // cycles: what the operation adds to the run
  uint64_t npu_cycles = 0, memory_cycles = 0;       // the estimate's two sides (cycle_model.h CycleEstimate)
  bool transpose_piece = false;                     // cycles: its share of its transpose's (RunCycles)
};

struct RunReport {
  Fault fault = Fault::None;
  uint32_t fault_word = 0;        // byte offset of the faulting command
  bool reached_stop = false;
  uint32_t operations = 0;
  uint64_t cycles = 0;            // cycle estimate (cycle_model.h)
  uint64_t macs = 0;
  uint64_t bytes_read = 0, bytes_written = 0;
  uint64_t work = 0;              // element operations so far (see work_budget)
  OpRecord* records = nullptr;    // optional, caller-owned
  uint32_t record_capacity = 0;
};

class Simulator {
 public:
  Simulator(NpuConfig config, Span<int16_t> weight_scratch) : config_(config), weight_scratch_(weight_scratch) {}

  // Registers back to their reset values.
  void reset() { regs_ = RegisterFile(); }
  // A different NPU (the host simulates whichever one a program was compiled for).
  void configure(NpuConfig config) {
    config_ = config;
    reset();
  }
  // Runs until STOP. Error::NpuFault with report->fault set when the stream is
  // malformed, touches memory outside its regions, or needs what the simulator
  // lacks; registers keep their state across calls, as on the hardware.
  Error run(Span<const uint8_t> stream, const RegionMap& memory, RunReport* report);
  const NpuConfig& config() const { return config_; }
  // Where an Ethos-U85 keeps a chained result (Vela's op chaining); without it a chained operation faults.
  void set_chain_scratch(Span<int32_t> scratch) { chain_scratch_ = scratch; }
  // Elements of the largest chained result any run so far asked for (what a
  // firmware image's chain scratch must hold).
  size_t chain_peak() const { return chain_peak_; }
  // Elements of the most decoded weights one operation so far held (the weight scratch's need).
  size_t weight_peak() const { return weight_peak_; }

 private:
  Error run_operation(Operation op, uint16_t param, const RegionMap& memory, RunReport* report);
  uint64_t work_of(Operation op) const;

  NpuConfig config_;
  Span<int16_t> weight_scratch_;
  Span<int32_t> chain_scratch_;
  size_t chain_peak_ = 0;
  size_t weight_peak_ = 0;
  RegisterFile regs_;
  uint8_t shram_lut_[2048] = {};  // the U55's SHRAM LUT slots; the U85's LUT memory
  RunCycles run_cycles_;  // what each operation adds, given its neighbours
};

}  // namespace ember::ethosu
