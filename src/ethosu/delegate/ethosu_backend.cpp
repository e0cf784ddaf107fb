#include "ethosu/delegate/ethosu_backend.h"

#include <cstring>

#include "core/log.h"
#include "ethosu/delegate/cop_header.h"
#include "ethosu/delegate/io_copy.h"

namespace ember::ethosu {
namespace {

struct Handle : DelegateHandle {
  Payload payload;
  CommandStream stream;
};

}  // namespace

Result<DelegateHandle*> EthosUBackend::init(BackendInitContext& context, Span<const uint8_t> data,
                                            Span<const CompileSpec>) {
  EMBER_TRY_ASSIGN(Payload payload, parse_payload(data));
  EMBER_TRY_ASSIGN(CommandStream stream, parse_cop_header(payload.command_stream));
  if (adopt_stream_config_ && (stream.macs() == 128 || stream.macs() == 256 || stream.macs() == 64 || stream.macs() == 32)) {
    npu_->configure(NpuConfig{stream.macs(), stream.shram_bytes()});
  }
  const NpuConfig& npu = npu_->config();
  if (stream.macs() != npu.macs_per_cycle) {
    EMBER_LOG_ERROR("EthosUBackend: the command stream was compiled for an Ethos-U55-%u, this NPU is an Ethos-U55-%u",
                    stream.macs(), npu.macs_per_cycle);
    return Error::DelegateInvalidPayload;
  }
  void* memory = context.runtime_allocator->allocate(sizeof(Handle), alignof(Handle));
  if (!memory) {
    EMBER_LOG_ERROR("EthosUBackend: method allocator too small for the delegate (%u bytes)", static_cast<unsigned>(sizeof(Handle)));
    return Error::OutOfMemory;
  }
  Handle* handle = new (memory) Handle();
  handle->payload = payload;
  handle->stream = stream;
  return static_cast<DelegateHandle*>(handle);
}

Error EthosUBackend::execute(BackendExecuteContext& context, DelegateHandle* opaque, Span<EValue*> args) {
  const Handle& handle = *static_cast<Handle*>(opaque);
  const Payload& p = handle.payload;
  if (args.size != p.input_count + p.output_count) {
    EMBER_LOG_ERROR("EthosUBackend: %u arguments, the payload has %u inputs and %u outputs",
                    static_cast<unsigned>(args.size), p.input_count, p.output_count);
    return Error::DelegateSizeMismatch;
  }
  auto* scratch = static_cast<uint8_t*>(context.temp_allocator->allocate(p.scratch_size, 16));
  if (!scratch && p.scratch_size) {
    EMBER_LOG_ERROR("EthosUBackend: the temp pool lacks %u bytes for the %u-byte NPU scratch",
                    static_cast<unsigned>(context.temp_allocator->missing()), p.scratch_size);
    return Error::OutOfMemory;
  }
  for (uint32_t i = 0; i < p.input_count; ++i) {
    if (!args[i]->is_tensor()) return Error::InvalidType;
    EMBER_TRY(copy_to_scratch(*args[i]->payload.as_tensor, p.inputs[i], scratch, i));
  }
  RegionMap regions;
  regions.base[0] = const_cast<uint8_t*>(p.weights.data);  // read-only: writes fault
  regions.size[0] = p.weights.size;
  regions.read_only[0] = true;
  for (uint32_t r : {1u, 2u}) {
    regions.base[r] = scratch;
    regions.size[r] = p.scratch_size;
  }
  RunReport report;
  report.records = statistics_.records;
  report.record_capacity = sizeof(statistics_.records) / sizeof(statistics_.records[0]);
  Error run = npu_->run(handle.stream.words, regions, &report);
  if (run != Error::Ok) {
    EMBER_LOG_ERROR("EthosUBackend: NPU fault: %s at command byte %u", to_string(report.fault), report.fault_word);
    npu_->reset();  // the next inference starts from a clean NPU
    return run;
  }
  statistics_.inferences++;
  statistics_.cycles = report.cycles;
  statistics_.macs = report.macs;
  statistics_.operations = report.operations;
  for (uint32_t o = 0; o < p.output_count; ++o) {
    EValue* arg = args[p.input_count + o];
    if (!arg->is_tensor()) return Error::InvalidType;
    EMBER_TRY(copy_from_scratch(scratch, p.outputs[o], *arg->payload.as_tensor, o));
  }
  return Error::Ok;
}

}  // namespace ember::ethosu
