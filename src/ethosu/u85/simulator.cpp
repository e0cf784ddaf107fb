#include "ethosu/u85/simulator.h"

#include "ethosu/regs/command_stream.h"
#include "ethosu/u85/op_context.h"

namespace ember::ethosu::u85 {
namespace {

uint64_t work_of(const RegisterFile& r, Operation op) {
  if (op == Operation::DmaStart) return dma_bytes(r);
  const uint64_t outputs = uint64_t{r.get0(reg0::OfmHeightM1) + 1u} * (r.get0(reg0::OfmWidthM1) + 1u) *
                           (r.get0(reg0::OfmDepthM1) + 1u);
  const uint64_t kernel = uint64_t{r.get0(reg0::KernelHeightM1) + 1u} * (r.get0(reg0::KernelWidthM1) + 1u);
  if (op == Operation::Conv || op == Operation::Pool) return outputs * kernel * (r.get0(reg0::IfmDepthM1) + 1u);
  return op == Operation::Depthwise ? outputs * kernel : outputs;
}

bool known_pool_mode(uint16_t mode) { return mode <= 7; }
bool known_elementwise_mode(uint16_t mode) {
  return mode <= 11 || (mode >= 16 && mode <= 19) || (mode >= 33 && mode <= 36) || mode == 42;
}

Error run_operation(Machine& m, Operation op, uint16_t param, const RegionMap& memory, RunReport* report) {
  const uint64_t work = work_of(m.regs, op);
  if (work > m.work_budget - report->work) {
    report->fault = Fault::Timeout;
    return Error::NpuTimeout;
  }
  report->work += work;
  // A chained OFM waits in the chain scratch for the next operation: one too
  // large for it is a named fault (the firmware's scratch is sized per program).
  if (op != Operation::DmaStart && storage_of(m.regs.get0(reg0::OfmPrecision)) == Storage::Chained) {
    const size_t elements = static_cast<size_t>(m.regs.get0(reg0::OfmHeightM1) + 1u) *
                            (m.regs.get0(reg0::OfmWidthM1) + 1u) * (m.regs.get0(reg0::OfmDepthM1) + 1u);
    if (elements > m.chain_peak) m.chain_peak = elements;
    if (elements > m.chain.values.size) {
      report->fault = Fault::ScratchTooSmall;
      return Error::NpuFault;
    }
  }
  OpContext context{m.regs, memory, m.weight_scratch, m.lut, m.macs, m.chain, {}, Fault::None};
  Error error = Error::Ok;
  switch (op) {
    case Operation::Conv: error = run_conv(context, false, (param & 1) != 0); break;
    case Operation::Depthwise: error = run_conv(context, true, false); break;
    case Operation::Pool:
      error = known_pool_mode(param) ? run_pool(context, static_cast<PoolMode>(param)) : context.fail(Fault::ParseError);
      break;
    case Operation::Elementwise:
      error = known_elementwise_mode(param) ? run_elementwise(context, static_cast<ElementwiseMode>(param))
                                            : context.fail(Fault::ParseError);
      break;
    case Operation::Resize: error = run_resize(context, param); break;
    case Operation::DmaStart: error = run_dma(context); break;
    default: return Error::Ok;
  }
  if (context.stats.weight_scratch > m.weight_peak) m.weight_peak = context.stats.weight_scratch;
  if (error != Error::Ok) {
    report->fault = context.fault;
    return error;
  }
  const RegisterFile& r = m.regs;
  OpRecord record{static_cast<uint16_t>(op), param, r.get0(reg0::OfmHeightM1) + 1, r.get0(reg0::OfmWidthM1) + 1,
                  r.get0(reg0::OfmDepthM1) + 1, context.stats.macs, context.stats.bytes_read,
                  context.stats.bytes_written, 0};
  if (op == Operation::DmaStart) record.ofm_height = record.ofm_width = record.ofm_depth = 0;
  // An operation issued again with no register written since (Vela 5.1 emits
  // some a16w8 convolutions so) repeats the same work; Vela's estimate counts
  // the layer once, and so does this one: the repeat adds no cycles.
  if (m.registers_written) {
    const CycleEstimate estimate = m.cycle_model.estimate(context, op, param, m.memory);
    record.npu_cycles = estimate.npu_cycles;
    record.memory_cycles = estimate.memory_cycles;
    record.cycles = m.run_cycles.add(estimate, op == Operation::DmaStart);
  }
  m.registers_written = false;
  if (report->records && report->operations < report->record_capacity) report->records[report->operations] = record;
  ++report->operations;
  report->cycles += record.cycles;
  report->macs += record.macs;
  report->bytes_read += record.bytes_read;
  report->bytes_written += record.bytes_written;
  return Error::Ok;
}

}  // namespace

Error run(Machine& m, Span<const uint8_t> stream, const RegionMap& memory, RunReport* report) {
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
    if (control == 1) {  // register write with a payload word (NPU_OP_BRANCH, 0x100, is not modelled)
      if (i + 1 >= words || opcode >= 0x100) {
        report->fault = opcode == 0x100 ? Fault::Unsupported : Fault::ParseError;
        return Error::NpuFault;
      }
      m.regs.cmd1[opcode] = word_at(i + 1);
      m.registers_written = true;
      m.regs.cmd1_param[opcode] = param;
      i += 2;
      continue;
    }
    if (control != 0 || opcode >= 0x200) {
      report->fault = Fault::ParseError;
      return Error::NpuFault;
    }
    ++i;
    if (opcode >= 0x100) {
      m.regs.cmd0[opcode - 0x100] = param;
      m.registers_written = true;
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
      case Operation::Resize: case Operation::DmaStart:
        EMBER_TRY(run_operation(m, op, param, memory, report));
        break;
      default:
        report->fault = Fault::ParseError;
        return Error::NpuFault;
    }
  }
  report->fault = Fault::ParseError;  // the stream ended without STOP
  return Error::NpuFault;
}

}  // namespace ember::ethosu::u85
