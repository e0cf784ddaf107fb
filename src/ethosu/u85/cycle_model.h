// Cycle estimate per Ethos-U85 operation, following Vela 5.1's U85 performance
// model (regor ethos_u85_performance.cpp, network_performance.cpp) from what
// the command stream tells: OFM block and micro-block (ACC_FORMAT), kernel,
// strides, traversal, the feature maps as stored (after the OFM transpose),
// precisions, layouts and chaining, weight and scale stream lengths, and the
// memory each region lives in. Compared with Vela's per-layer estimate in
// bench/cycle_model_vs_vela.py; docs/ethos-u85.md "Cycle model" says what it
// leaves out.
#pragma once
#include <cstdint>

#include "ethosu/sim/cycle_model.h"
#include "ethosu/u85/op_context.h"

namespace ember::ethosu::u85 {

// Vela's memory channels; each read channel has its own read buffers.
enum class Channel : uint8_t { Mem2Mem = 1, IfmStream, Weight, FastWeight, Ifm, Scale, Write };

// A region's memory: its port and index in the MemorySystem.
struct Access {
  const MemoryPort* port = nullptr;
  uint32_t memory = 0;
};

// Bytes per memory, channel and kind of transfer; the busiest memory's access
// cycles: the slowest channel, or all bytes at the memory's bandwidth.
class Traffic {
 public:
  enum Group { kFeatureMaps, kWeights, kScales, kGroups };
  void add(const Access& a, Channel channel, Group group, int64_t bytes);
  void add(const Traffic& other);
  int64_t busiest(uint32_t macs) const;

 private:
  static constexpr int kChannels = 8;
  int64_t bytes_[MemorySystem::kMemories][kChannels][kGroups] = {};
  const MemoryPort* ports_[MemorySystem::kMemories] = {};
};

// An operation's compute cycles as a function of its output-stage cycles per
// element (a chain adds each operation's): a kernel operation's blocks, or an
// elementwise operation's elements.
struct ComputeTerms {
  bool none = false;  // no compute estimate (resize)
  bool elementwise = false;
  double mac = 0, blocks = 0, bias = 0;  // per block (kernel operations)
  double elements = 0, block_elements = 1;
  int64_t ifm_latency = 0, ofm_latency = 0;  // first IFM block, last OFM block
  int64_t cycles(double ao_per_element) const;
};

// The estimates of one run's operations, in order. Operations chained through
// the chaining buffer (ACTIVATION_STORAGE_CHAINED) form a group that Vela costs
// as its first operation with every member's output stage and traffic: each
// member is charged what it adds to that.
class CycleModel {
 public:
  // The estimate of an operation that has just run (its registers and decoded
  // feature maps in `context`); `param` is its command parameter. RunCycles
  // (ethosu/sim/cycle_model.h) places it among its neighbours.
  CycleEstimate estimate(OpContext& context, Operation op, uint16_t param, const MemorySystem& memory);

 private:
  bool group_open_ = false;  // the last operation's OFM went to the chaining buffer
  ComputeTerms group_terms_;
  double group_ao_ = 0;
  Traffic group_traffic_;
  int64_t group_npu_ = 0, group_memory_ = 0;
};

}  // namespace ember::ethosu::u85
