// libFuzzer target: arbitrary bytes through Program::load, MethodMeta, Method::load
// (with every kernel registered, and a backend whose init parses the Ethos-U
// payload) and, when that succeeds, set_input + execute. Anything but a clean
// Error is a bug. Build and run: scripts/fuzz.sh [seconds].
#include <cstdint>
#include <cstring>
#include <vector>

#include "ethosu/delegate/payload.h"
#include "kernels/portable/portable_kernels.h"
#include "kernels/quantized/quantized_kernels.h"
#include "runtime/method.h"
#include "runtime/method_meta.h"

namespace {

using namespace ember;

struct PayloadCheckingBackend final : Backend {
  DelegateHandle handle;
  const char* id() const override { return "EthosUBackend"; }
  Result<DelegateHandle*> init(BackendInitContext&, Span<const uint8_t> payload, Span<const CompileSpec>) override {
    Result<ethosu::Payload> parsed = ethosu::parse_payload(payload);
    if (!parsed.ok()) return parsed.error();
    return &handle;
  }
  Error execute(BackendExecuteContext&, DelegateHandle*, Span<EValue*>) override { return Error::Ok; }
};

constexpr size_t kMaxPlanned = 1 << 20;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static KernelRegistry kernels;
  static BackendRegistry backends;
  static PayloadCheckingBackend backend;
  static bool registered = [] {
    kernels.add(kernels::portable_kernels());
    kernels.add(kernels::quantized_kernels());
    backends.add(&backend);
    return true;
  }();
  (void)registered;

  std::vector<uint8_t> storage(size + 16);
  auto* buffer = reinterpret_cast<uint8_t*>((reinterpret_cast<uintptr_t>(storage.data()) + 15) & ~uintptr_t{15});
  std::memcpy(buffer, data, size);
  Result<Program> program = Program::load(Span<const uint8_t>(buffer, size));
  if (!program.ok()) return 0;
  Result<MethodMeta> meta = MethodMeta::of(*program, "forward");
  if (!meta.ok()) return 0;

  std::vector<std::vector<uint8_t>> planned(meta->planned_buffer_count() > 4 ? 4 : meta->planned_buffer_count());
  std::vector<Span<uint8_t>> spans;
  for (size_t i = 0; i < planned.size(); ++i) {
    Result<size_t> bytes = meta->planned_buffer_size(i);
    if (!bytes.ok() || *bytes > kMaxPlanned) return 0;
    planned[i].resize(*bytes);
    spans.emplace_back(planned[i].data(), planned[i].size());
  }
  alignas(16) static uint8_t method_pool[64 * 1024];
  alignas(16) static uint8_t temp_pool[64 * 1024];
  MemoryAllocator method_allocator(method_pool, sizeof(method_pool));
  MemoryAllocator temp_allocator(temp_pool, sizeof(temp_pool));
  MemoryManager memory{&method_allocator, Span<Span<uint8_t>>(spans.data(), spans.size()), &temp_allocator};
  Method method;
  if (method.load(*program, "forward", memory, kernels, backends) != Error::Ok) return 0;

  std::vector<std::vector<uint8_t>> inputs(method.input_count());
  for (size_t i = 0; i < method.input_count(); ++i) {
    const EValue* input = method.input(i);
    if (!input->is_tensor()) continue;
    const Tensor& t = *input->payload.as_tensor;
    if (t.nbytes() > kMaxPlanned) return 0;
    inputs[i].assign(t.nbytes(), 0);
    method.set_input(i, inputs[i].data(), inputs[i].size(), t.dtype, Span<const int32_t>(t.sizes, t.rank));
  }
  method.execute();
  return 0;
}
