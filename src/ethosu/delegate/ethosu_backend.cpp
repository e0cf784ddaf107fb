#include "ethosu/delegate/ethosu_backend.h"

#include <cstring>

#include "core/log.h"
#include "ethosu/delegate/cop_header.h"
#include "ethosu/delegate/io_copy.h"

namespace ember::ethosu {
namespace {

uint64_t npu_address(const void* p) { return reinterpret_cast<uintptr_t>(p); }

struct Handle : DelegateHandle {
  Payload payload;
  CommandStream stream;
  // Planned at the first inference (shapes are fixed once the method is loaded).
  bool io_planned = false;
  IoLayout inputs[kMaxPayloadIo];
  IoLayout outputs[kMaxPayloadIo];
};

Error plan_io_once(Handle& handle, Span<EValue*> args) {
  if (handle.io_planned) return Error::Ok;
  const Payload& p = handle.payload;
  for (uint32_t i = 0; i < p.input_count + p.output_count; ++i) {
    if (!args[i]->is_tensor()) return Error::InvalidType;
    const bool input = i < p.input_count;
    const uint32_t index = input ? i : i - p.input_count;
    EMBER_TRY(plan_io(*args[i]->payload.as_tensor, input ? p.inputs[index] : p.outputs[index],
                      input ? "input" : "output", index, input ? &handle.inputs[index] : &handle.outputs[index]));
  }
  handle.io_planned = true;
  return Error::Ok;
}

const char* product_label(uint32_t product) {
  if (product == mmio::kProductU55) return "an Ethos-U55";
  if (product == u85::mmio::kProduct) return "an Ethos-U85";
  return "an unknown Ethos-U product";
}

}  // namespace

EthosUBackend::EthosUBackend(NpuDriver& driver, uint32_t macs, uint32_t product)
    : driver_(driver), fixed_macs_(macs), product_(product) {}

// Out of line: the simulated device is built only in -fno-rtti code (a caller
// compiled with RTTI, like a sanitized fuzzer, then needs no typeinfo for it).
EthosUBackend::EthosUBackend(NpuDriver& driver, NpuMemoryWindows& device, bool adopt_stream_config,
                             Span<OpRecord> records)
    : driver_(driver), device_(&device), adopt_stream_config_(adopt_stream_config) {
  device.last_run().records = records.data;
  device.last_run().record_capacity = static_cast<uint32_t>(records.size);
}

uint32_t EthosUBackend::macs() const { return device_ ? device_->macs() : fixed_macs_; }

Result<DelegateHandle*> EthosUBackend::init(BackendInitContext& context, Span<const uint8_t> data,
                                            Span<const CompileSpec>) {
  EMBER_TRY_ASSIGN(Payload payload, parse_payload(data));
  EMBER_TRY_ASSIGN(CommandStream stream, parse_cop_header(payload.command_stream));
  // A simulator that adopts each stream's NPU models the U55-32..256 and the
  // U85-128/256 (the U85's larger sizes split their weights into several streams).
  const bool simulated = stream.product() == u85::mmio::kProduct
                             ? stream.macs() == 128 || stream.macs() == 256
                             : stream.product() == mmio::kProductU55 && stream.macs() >= 32 && stream.macs() <= 256;
  if (device_ && adopt_stream_config_ && simulated) device_->adopt(stream.product(), stream.macs(), stream.shram_bytes());
  const uint32_t product = device_ ? device_->product() : product_;
  if (stream.product() != product) {
    // Never run as the other NPU's commands: refused by name.
    EMBER_LOG_ERROR("EthosUBackend: the command stream was compiled for %s-%u, this NPU is %s",
                    product_label(stream.product()), static_cast<unsigned>(stream.macs()), product_label(product));
    return device_ ? Error::NotSupported : Error::DelegateInvalidPayload;
  }
  if (stream.macs() != macs()) {
    EMBER_LOG_ERROR("EthosUBackend: the command stream was compiled for %s-%u, this NPU is %s-%u",
                    product_label(stream.product()), static_cast<unsigned>(stream.macs()), product_label(product),
                    static_cast<unsigned>(macs()));
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
  Handle& handle = *static_cast<Handle*>(opaque);
  const Payload& p = handle.payload;
  if (args.size != p.input_count + p.output_count) {
    EMBER_LOG_ERROR("EthosUBackend: %u arguments, the payload has %u inputs and %u outputs",
                    static_cast<unsigned>(args.size), static_cast<unsigned>(p.input_count),
                    static_cast<unsigned>(p.output_count));
    return Error::DelegateSizeMismatch;
  }
  auto* scratch = static_cast<uint8_t*>(context.temp_allocator->allocate(p.scratch_size, 16));
  if (!scratch && p.scratch_size) {
    EMBER_LOG_ERROR("EthosUBackend: the temp pool lacks %u bytes for the %u-byte NPU scratch",
                    static_cast<unsigned>(context.temp_allocator->missing()), static_cast<unsigned>(p.scratch_size));
    return Error::OutOfMemory;
  }
  EMBER_TRY(plan_io_once(handle, args));
  for (uint32_t i = 0; i < p.input_count; ++i) {
    EMBER_TRY(copy_to_scratch(*args[i]->payload.as_tensor, p.inputs[i], handle.inputs[i], scratch, i));
  }
  const Span<const uint8_t>& stream = handle.stream.words;
  if (device_) {
    // What the simulated NPU's bus reaches: the payload (stream and weights, read-only) and the scratch.
    device_->unmap_all();
    device_->map({npu_address(stream.data), const_cast<uint8_t*>(stream.data), stream.size, true});
    device_->map({npu_address(p.weights.data), const_cast<uint8_t*>(p.weights.data), p.weights.size, true});
    if (scratch) device_->map({npu_address(scratch), scratch, p.scratch_size, false});
  }
  NpuJob job;
  job.command_stream = stream;
  job.product = handle.stream.product();
  job.regions[0] = {p.weights.data, p.weights.size, false};
  job.regions[1] = {scratch, p.scratch_size, true};
  job.regions[2] = {scratch, p.scratch_size, true};
  job.region_count = 3;
  NpuJobResult result;
  const uint32_t start = clock_ ? clock_() : 0;
  Error run = driver_.run(job, &result);
  if (clock_) statistics_.npu_ticks += clock_() - start;
  if (run != Error::Ok) {
    EMBER_LOG_ERROR("EthosUBackend: the NPU run failed: %s (%s)", to_string(run), result.status.describe());
    return run;  // the driver reset the NPU: the next inference starts clean
  }
  statistics_.inferences++;
  statistics_.cycles = result.pmu.cycles;
  statistics_.all_cycles += result.pmu.cycles;
  if (device_) {
    const RunReport& report = device_->last_run();
    statistics_.macs = report.macs;
    statistics_.operations = report.operations;
    statistics_.records = report.records;
    statistics_.record_count = report.operations < report.record_capacity ? report.operations : report.record_capacity;
  }
  for (uint32_t o = 0; o < p.output_count; ++o) {
    copy_from_scratch(scratch, p.outputs[o], handle.outputs[o], *args[p.input_count + o]->payload.as_tensor);
  }
  return Error::Ok;
}

}  // namespace ember::ethosu
