// The terms Vela 5.1's Ethos-U55 and Ethos-U85 performance models share
// (regor ethos_u55_performance.cpp, ethos_u85_performance.cpp): shapes in
// HxWxC, the burst-length penalty of a transfer, and how MAC-array, output
// stage, command issue and block latencies combine into an operation's cycles.
// Used by ethosu/sim/cycle_model.cpp (U55) and ethosu/u85/cycle_model.cpp.
#pragma once
#include <cmath>
#include <cstdint>

#include "ethosu/sim/cycle_model.h"
#include "ethosu/sim/feature_map.h"

namespace ember::ethosu::cycles {

struct Shape {
  int64_t h = 1, w = 1, c = 1;
  int64_t elements() const { return h * w * c; }
  int64_t elements_wh() const { return h * w; }
};

inline int64_t div_up(int64_t a, int64_t b) { return (a + b - 1) / b; }
inline int64_t round_up(int64_t a, int64_t b) { return div_up(a, b) * b; }
inline int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }
inline int64_t max64(int64_t a, int64_t b) { return a > b ? a : b; }
inline Shape min_of(const Shape& a, const Shape& b) { return {min64(a.h, b.h), min64(a.w, b.w), min64(a.c, b.c)}; }
inline Shape div_up(const Shape& a, const Shape& b) { return {div_up(a.h, b.h), div_up(a.w, b.w), div_up(a.c, b.c)}; }
inline Shape round_up(const Shape& a, const Shape& b) { return {round_up(a.h, b.h), round_up(a.w, b.w), round_up(a.c, b.c)}; }

// IFM rows/columns one OFM block needs (sub-kernels at most 8 high/wide).
inline int64_t required_input(int64_t out, int32_t stride, int32_t extent, int32_t upscale, int32_t rounding) {
  const int64_t in = (out - 1) * stride + min64(extent, 8) + rounding;
  return div_up(in, upscale);
}

// Burst-length penalty: the bytes a transfer of `count` elements costs, as
// Vela's model scales them when a block's rows are shorter than the burst
// (one core: the U55 and the U85-128/256).
inline int64_t transfer_bytes(bool read, const MemoryPort& port, Layout layout, int32_t bits, const Shape& block,
                              const Shape& fm, int64_t count) {
  int64_t burst_bits = 8;
  if (layout == Layout::Nhcwb16) {
    const int64_t z_stride = fm.w * bits * 16 / 8;
    if (z_stride == block.c) burst_bits = bits * block.w * block.c;
    else burst_bits = 16 * bits * block.w;  // reads and writes alike with one core
  } else {
    const int64_t x_stride = fm.c * bits / 8;
    if (read) {
      burst_bits = x_stride == block.c ? bits * block.w * block.c : bits * block.c;
    } else if (block.c <= 16 && x_stride == block.c) {
      burst_bits = bits * block.w * block.c;
    } else {
      burst_bits = min64(min64(64 * 8, 16 * bits), block.c * bits);
    }
  }
  const int64_t burst = max64(1, min64(port.burst_bytes, burst_bits / 8));
  return count * port.burst_bytes / burst;
}

inline int64_t transfer_cycles(int64_t bytes, double bytes_per_cycle) {
  return static_cast<int64_t>(static_cast<float>(bytes) / static_cast<float>(bytes_per_cycle));
}
inline int64_t transfer_cycles(int64_t bytes, const MemoryPort& port) { return transfer_cycles(bytes, port.bytes_per_cycle); }

// A kernel operation's cycles from its per-block MAC and output-stage cycles:
// the command-issue limit is a quarter of (block MAC + block AO + the skew of
// the first IFM and last OFM block's latencies when there are several blocks);
// the slower of MAC and AO per block, over all blocks, plus one block of the
// other, plus both latencies.
inline int64_t kernel_op_cycles(double mac, double ao, double blocks, int64_t ifm_latency, int64_t ofm_latency) {
  const double memory_skew = blocks > 1 ? static_cast<double>(ofm_latency > ifm_latency ? ofm_latency - ifm_latency
                                                                                       : ifm_latency - ofm_latency)
                                        : 0;
  const double issue = (memory_skew + mac + ao) / 4;
  const double mac_balanced = mac > issue ? mac : issue;
  const double ao_balanced = ao > issue ? ao : issue;
  int64_t cycles = 0;
  if (mac_balanced > ao_balanced) {
    cycles = static_cast<int64_t>(mac_balanced * blocks);
    cycles = static_cast<int64_t>(static_cast<double>(cycles) + ao_balanced);
  } else {
    cycles = static_cast<int64_t>(ao_balanced * blocks + mac_balanced);
  }
  return cycles + ofm_latency + ifm_latency;
}

// An elementwise operation's cycles: the output stage over every element, or
// the command-issue limit (block latency spread over a block's elements).
inline int64_t elementwise_op_cycles(double ao_per_element, double elements, double block_latency,
                                     double block_elements) {
  const double ao = std::ceil(ao_per_element * elements);
  const double issue = std::ceil((block_latency / block_elements + ao_per_element) / 4 * elements);
  return static_cast<int64_t>(issue > ao ? issue : ao);
}

}  // namespace ember::ethosu::cycles
