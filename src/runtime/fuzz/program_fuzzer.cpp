// libFuzzer target: arbitrary bytes through Program::load, MethodMeta, Method::load
// (every kernel registered, and the Ethos-U backend on the simulator) and, when
// that succeeds, set_input + execute: the payload parser and the command stream
// are fuzzed too. Anything but a clean Error is a bug. Run: scripts/fuzz.sh [s].
#include <cstdint>
#include <cstring>
#include <vector>

#include "ethosu/delegate/ethosu_backend.h"
#include "ethosu/delegate/simulated_ethos_u.h"
#include "kernels/portable/portable_kernels.h"
#include "kernels/quantized/quantized_kernels.h"
#include "runtime/method.h"
#include "runtime/method_meta.h"

namespace {

using namespace ember;

int16_t g_weight_scratch[1 << 20];
// A small work budget (2^18 element operations: the first layers of the MNIST
// fixtures, not the whole network) keeps fuzzing fast; a fuzzed stream asking
// for more times out.
ethosu::Simulator g_npu(ethosu::NpuConfig{128, 24 * 1024, uint64_t{1} << 18}, Span<int16_t>(g_weight_scratch));

constexpr size_t kMaxPlanned = 1 << 20;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static KernelRegistry kernels;
  static BackendRegistry backends;
  static ethosu::SimulatedEthosU npu(g_npu, /*adopt_stream_config=*/true);
  static bool registered = [] {
    kernels.add(kernels::portable_kernels());
    kernels.add(kernels::quantized_kernels());
    backends.add(&npu.backend);
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
  alignas(16) static uint8_t temp_pool[1 << 20];
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
