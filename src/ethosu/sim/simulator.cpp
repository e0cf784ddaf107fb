#include "ethosu/sim/simulator.h"

#include "ethosu/sim/cycle_model.h"
#include "ethosu/u85/npu_mmio.h"
#include "ethosu/u85/simulator.h"

namespace ember::ethosu {

// Element operations an operation will take, from its registers.
uint64_t Simulator::work_of(Operation op) const {
  if (op == Operation::DmaStart) return regs_.get1(reg1::DmaLen);
  uint64_t outputs = uint64_t{regs_.get0(reg0::OfmHeightM1) + 1u} * (regs_.get0(reg0::OfmWidthM1) + 1u) *
                     (regs_.get0(reg0::OfmDepthM1) + 1u);
  const uint64_t kernel = uint64_t{regs_.get0(reg0::KernelHeightM1) + 1u} * (regs_.get0(reg0::KernelWidthM1) + 1u);
  if (op == Operation::Conv) return outputs * kernel * (regs_.get0(reg0::IfmDepthM1) + 1u);
  if (op == Operation::Pool) return outputs * kernel * (regs_.get0(reg0::IfmDepthM1) + 1u);
  return op == Operation::Depthwise ? outputs * kernel : outputs;
}

Error Simulator::run_operation(Operation op, uint16_t param, const RegionMap& memory, RunReport* report) {
  const uint64_t work = work_of(op);
  if (work > config_.work_budget - report->work) {
    report->fault = Fault::Timeout;
    return Error::NpuTimeout;
  }
  report->work += work;
  OpContext context{regs_, memory, weight_scratch_, shram_lut_, config_.shram_bytes - 2048, {}, Fault::None};
  Error error = Error::Ok;
  switch (op) {
    case Operation::Conv: error = run_conv(context, false); break;
    case Operation::Depthwise: error = run_conv(context, true); break;
    case Operation::Pool:
      if (param > 2) { context.fault = Fault::ParseError; error = Error::NpuFault; break; }
      error = run_pool(context, static_cast<PoolMode>(param));
      break;
    case Operation::Elementwise:
      if (param > 9) { context.fault = Fault::ParseError; error = Error::NpuFault; break; }
      error = run_elementwise(context, static_cast<ElementwiseMode>(param));
      break;
    case Operation::DmaStart: error = run_dma(context); break;
    default: return Error::Ok;
  }
  if (context.stats.weight_scratch > weight_peak_) weight_peak_ = context.stats.weight_scratch;
  if (error != Error::Ok) {
    report->fault = context.fault;
    return error;
  }
  OpRecord record{static_cast<uint16_t>(op), param, regs_.get0(reg0::OfmHeightM1) + 1, regs_.get0(reg0::OfmWidthM1) + 1,
                  regs_.get0(reg0::OfmDepthM1) + 1, context.stats.macs, context.stats.bytes_read,
                  context.stats.bytes_written, 0};
  if (op == Operation::DmaStart) record.ofm_height = record.ofm_width = record.ofm_depth = 0;
  const CycleEstimate estimate = estimate_operation(regs_, op, param, config_.macs_per_cycle, config_.memory);
  record.cycles = estimate.cycles;
  record.npu_cycles = estimate.npu_cycles;
  record.memory_cycles = estimate.memory_cycles;
  record.cycles = run_cycles_.add(estimate, op == Operation::DmaStart);
  record.transpose_piece = estimate.transpose.is_piece;
  if (report->records && report->operations < report->record_capacity) report->records[report->operations] = record;
  ++report->operations;
  report->cycles += record.cycles;
  report->macs += record.macs;
  report->bytes_read += record.bytes_read;
  report->bytes_written += record.bytes_written;
  return Error::Ok;
}

Error Simulator::run(Span<const uint8_t> stream, const RegionMap& memory, RunReport* report) {
  if (config_.product == u85::mmio::kProduct) {
    u85::Machine machine{regs_, shram_lut_, weight_scratch_, config_.macs_per_cycle, config_.work_budget, {chain_scratch_}, 0, config_.memory};
    const Error error = u85::run(machine, stream, memory, report);
    if (machine.chain_peak > chain_peak_) chain_peak_ = machine.chain_peak;
    if (machine.weight_peak > weight_peak_) weight_peak_ = machine.weight_peak;
    return error;
  }
  run_cycles_ = RunCycles();
  const size_t words = stream.size / 4;
  auto word_at = [&](size_t i) {
    const uint8_t* p = stream.data + 4 * i;
    return static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 | static_cast<uint32_t>(p[2]) << 16 |
           static_cast<uint32_t>(p[3]) << 24;
  };
  for (size_t i = 0; i < words;) {
    const uint32_t word = word_at(i);
    const uint32_t opcode = opcode_of(word), control = control_of(word);
    const auto param = static_cast<uint16_t>(param_of(word));
    report->fault_word = static_cast<uint32_t>(4 * i);
    if (control == 1) {  // register write with a payload word
      if (i + 1 >= words || opcode >= 0x100) {
        report->fault = Fault::ParseError;
        return Error::NpuFault;
      }
      regs_.cmd1[opcode] = word_at(i + 1);
      regs_.cmd1_param[opcode] = param;
      i += 2;
      continue;
    }
    if (control != 0 || opcode >= 0x200) {
      report->fault = Fault::ParseError;
      return Error::NpuFault;
    }
    ++i;
    if (opcode >= 0x100) {
      regs_.cmd0[opcode - 0x100] = param;
      continue;
    }
    const auto op = static_cast<Operation>(opcode);
    switch (op) {
      case Operation::Stop:
        report->reached_stop = true;
        return Error::Ok;
      case Operation::Irq: case Operation::DmaWait: case Operation::KernelWait: case Operation::PmuMask:
        break;  // ordering only: a sequential model has nothing to wait for
      case Operation::Conv: case Operation::Depthwise: case Operation::Pool: case Operation::Elementwise:
      case Operation::DmaStart:
        EMBER_TRY(run_operation(op, param, memory, report));
        break;
      default:
        report->fault = Fault::ParseError;
        return Error::NpuFault;
    }
  }
  report->fault = Fault::ParseError;  // the stream ended without STOP
  return Error::NpuFault;
}

}  // namespace ember::ethosu
