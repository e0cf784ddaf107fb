// The runtime on upstream's own programs (tests/fixtures/upstream-pte): loading,
// sizing, running, and every failure path as a named error.
#include <cstring>
#include <vector>

#include "fixture_file.h"
#include "kernels/portable/portable_kernels.h"
#include "kernels/quantized/quantized_kernels.h"
#include "runtime/method.h"
#include "runtime/method_meta.h"
#include "testing/test.h"

namespace ember {
namespace {

using testing::FixtureFile;

// Pools sized from the method meta, like a board would size them.
struct Pools {
  std::vector<uint8_t> planned_storage;
  Span<uint8_t> planned[1];
  alignas(16) uint8_t method_pool[16384];
  alignas(16) uint8_t temp_pool[4096];
  MemoryAllocator method_allocator;
  MemoryAllocator temp_allocator{temp_pool, sizeof(temp_pool)};
  MemoryManager memory;

  Pools(size_t planned_bytes, size_t method_bytes) : planned_storage(planned_bytes) {
    planned[0] = Span<uint8_t>(planned_storage.data(), planned_storage.size());
    method_allocator = MemoryAllocator(method_pool, method_bytes);
    memory = MemoryManager{&method_allocator, Span<Span<uint8_t>>(planned, 1), &temp_allocator};
  }
};

struct Registries {
  KernelRegistry kernels;
  BackendRegistry backends;
  Registries() {
    EMBER_CHECK(kernels.add(kernels::portable_kernels()) == Error::Ok);
    EMBER_CHECK(kernels.add(kernels::quantized_kernels()) == Error::Ok);
  }
};

EMBER_TEST(add_fixture_meta_describes_the_method) {
  FixtureFile file("add_portable_fp32.pte");
  ASSERT_TRUE(file.size > 0);
  auto program = Program::load(file.bytes());
  ASSERT_TRUE(program.ok());
  auto meta = MethodMeta::of(*program, "forward");
  ASSERT_TRUE(meta.ok());
  EXPECT_EQ(meta->input_count(), 2u);
  EXPECT_EQ(meta->output_count(), 1u);
  EXPECT_EQ(meta->planned_buffer_count(), 1u);
  EXPECT_EQ(*meta->planned_buffer_size(0), 48u);
  auto input = meta->input(0);
  ASSERT_TRUE(input.ok());
  EXPECT_TRUE(input->dtype == ScalarType::Float);
  EXPECT_EQ(input->nbytes, 4u);
}

EMBER_TEST(add_fixture_runs) {
  FixtureFile file("add_portable_fp32.pte");
  auto program = Program::load(file.bytes());
  ASSERT_TRUE(program.ok());
  auto meta = MethodMeta::of(*program, "forward");
  Pools pools(*meta->planned_buffer_size(0), meta->method_allocator_bytes());
  Registries registries;
  Method method;
  ASSERT_OK(method.load(*program, "forward", pools.memory, registries.kernels, registries.backends));
  const float a = 1.5f, b = 2.25f;
  const int32_t sizes[] = {1};
  ASSERT_OK(method.set_input(0, &a, 4, ScalarType::Float, Span<const int32_t>(sizes, 1)));
  ASSERT_OK(method.set_input(1, &b, 4, ScalarType::Float, Span<const int32_t>(sizes, 1)));
  ASSERT_OK(method.execute());
  const EValue* out = method.output(0);
  ASSERT_TRUE(out && out->is_tensor());
  EXPECT_TRUE(out->payload.as_tensor->data_as<float>()[0] == 3.75f);
  // The method runs again with new inputs: nothing is left over from the last run.
  const float c = -4.0f;
  ASSERT_OK(method.set_input(1, &c, 4, ScalarType::Float, Span<const int32_t>(sizes, 1)));
  ASSERT_OK(method.execute());
  EXPECT_TRUE(out->payload.as_tensor->data_as<float>()[0] == -2.5f);
}

EMBER_TEST(method_allocator_size_from_meta_is_exact) {
  // The allocation-failure sweep: every smaller pool fails cleanly with
  // OutOfMemory; the size the meta predicts is exactly enough.
  for (const char* name : {"add_portable_fp32.pte", "mnist_ethosu_u55_128_a.pte"}) {
    FixtureFile file(name);
    auto program = Program::load(file.bytes());
    ASSERT_TRUE(program.ok());
    auto meta = MethodMeta::of(*program, "forward");
    ASSERT_TRUE(meta.ok());
    const size_t need = meta->method_allocator_bytes();
    Registries registries;
    for (size_t size = 0; size < need; size += 8) {
      Pools pools(*meta->planned_buffer_size(0), size);
      Method method;
      Error e = method.load(*program, "forward", pools.memory, registries.kernels, registries.backends);
      // The MNIST fixture needs a backend: it fails with BackendMissing once its
      // values and delegates fit, never with a crash or a partial success.
      EXPECT_TRUE(e == Error::OutOfMemory || (e == Error::BackendMissing && std::strcmp(name, "add_portable_fp32.pte") != 0));
    }
    if (std::strcmp(name, "add_portable_fp32.pte") == 0) {
      Pools pools(*meta->planned_buffer_size(0), need);
      Method method;
      EXPECT_OK(method.load(*program, "forward", pools.memory, registries.kernels, registries.backends));
      EXPECT_EQ(pools.method_allocator.used(), need);
    }
  }
}

EMBER_TEST(planned_buffer_too_small_is_out_of_memory) {
  FixtureFile file("add_portable_fp32.pte");
  auto program = Program::load(file.bytes());
  auto meta = MethodMeta::of(*program, "forward");
  Pools pools(*meta->planned_buffer_size(0) - 1, meta->method_allocator_bytes());
  Registries registries;
  Method method;
  EXPECT_TRUE(method.load(*program, "forward", pools.memory, registries.kernels, registries.backends) ==
              Error::OutOfMemory);
}

EMBER_TEST(wrong_inputs_are_named_errors) {
  FixtureFile file("add_portable_fp32.pte");
  auto program = Program::load(file.bytes());
  auto meta = MethodMeta::of(*program, "forward");
  Pools pools(*meta->planned_buffer_size(0), meta->method_allocator_bytes());
  Registries registries;
  Method method;
  ASSERT_OK(method.load(*program, "forward", pools.memory, registries.kernels, registries.backends));
  const float x[2] = {1, 2};
  const int32_t one[] = {1}, two[] = {2};
  EXPECT_TRUE(method.set_input(0, x, 4, ScalarType::Int, Span<const int32_t>(one, 1)) == Error::InvalidType);
  EXPECT_TRUE(method.set_input(0, x, 8, ScalarType::Float, Span<const int32_t>(two, 1)) == Error::InvalidShape);
  EXPECT_TRUE(method.set_input(2, x, 4, ScalarType::Float, Span<const int32_t>(one, 1)) == Error::IndexOutOfRange);
}

EMBER_TEST(missing_kernel_is_named) {
  FixtureFile file("add_portable_fp32.pte");
  auto program = Program::load(file.bytes());
  auto meta = MethodMeta::of(*program, "forward");
  Pools pools(*meta->planned_buffer_size(0), meta->method_allocator_bytes());
  KernelRegistry empty_kernels;
  BackendRegistry backends;
  Method method;
  EXPECT_TRUE(method.load(*program, "forward", pools.memory, empty_kernels, backends) == Error::OperatorMissing);
}

EMBER_TEST(unknown_method_and_bad_buffers_are_named) {
  FixtureFile file("add_portable_fp32.pte");
  auto program = Program::load(file.bytes());
  ASSERT_TRUE(program.ok());
  EXPECT_TRUE(MethodMeta::of(*program, "backward").error() == Error::NotFound);
  EXPECT_TRUE(Program::load(Span<const uint8_t>(file.data + 1, file.size - 1)).error() == Error::MisalignedBuffer);
  std::vector<uint8_t> copy(file.data, file.data + file.size);
  copy.resize(copy.size() + 16);
  uint8_t* aligned = reinterpret_cast<uint8_t*>((reinterpret_cast<uintptr_t>(copy.data()) + 15) & ~uintptr_t{15});
  std::memmove(aligned, file.data, file.size);
  aligned[7] = '3';  // ET13
  EXPECT_TRUE(Program::load(Span<const uint8_t>(aligned, file.size)).error() == Error::IncompatibleVersion);
  aligned[4] = 'X';
  EXPECT_TRUE(Program::load(Span<const uint8_t>(aligned, file.size)).error() == Error::InvalidProgram);
}

// Recording backend: checks the delegate path of the runtime.
struct RecordingBackend final : Backend {
  struct Handle : DelegateHandle {
    size_t payload_bytes;
  };
  Handle handle{};
  int executed = 0;
  size_t args_seen = 0;
  const char* id() const override { return "EthosUBackend"; }
  Result<DelegateHandle*> init(BackendInitContext&, Span<const uint8_t> payload, Span<const CompileSpec>) override {
    handle.payload_bytes = payload.size;
    return static_cast<DelegateHandle*>(&handle);
  }
  Error execute(BackendExecuteContext&, DelegateHandle*, Span<EValue*> args) override {
    ++executed;
    args_seen = args.size;
    return Error::Ok;
  }
};

EMBER_TEST(delegate_gets_its_payload_and_arguments) {
  FixtureFile file("mnist_ethosu_u55_128_a.pte");
  auto program = Program::load(file.bytes());
  auto meta = MethodMeta::of(*program, "forward");
  ASSERT_TRUE(meta.ok());
  Pools pools(*meta->planned_buffer_size(0), meta->method_allocator_bytes());
  Registries registries;
  Method method;
  EXPECT_TRUE(method.load(*program, "forward", pools.memory, registries.kernels, registries.backends) ==
              Error::BackendMissing);
  RecordingBackend backend;
  ASSERT_OK(registries.backends.add(&backend));
  pools.method_allocator.reset();  // the failed load used part of the pool
  ASSERT_OK(method.load(*program, "forward", pools.memory, registries.kernels, registries.backends));
  EXPECT_EQ(backend.handle.payload_bytes, 111376u);
  std::vector<float> image(28 * 28, 0.5f);
  const int32_t sizes[] = {1, 1, 28, 28};
  ASSERT_OK(method.set_input(0, image.data(), image.size() * 4, ScalarType::Float, Span<const int32_t>(sizes, 4)));
  ASSERT_OK(method.execute());
  EXPECT_EQ(backend.executed, 1);
  EXPECT_EQ(backend.args_seen, 2u);  // one input, one output
}

EMBER_TEST(corrupted_programs_never_crash) {
  // Truncations and single-byte corruptions of a real program: each load either
  // succeeds or returns an error. (The fuzzer explores much further.)
  FixtureFile file("add_portable_fp32.pte");
  std::vector<uint8_t> storage(file.size + 16);
  uint8_t* buffer = reinterpret_cast<uint8_t*>((reinterpret_cast<uintptr_t>(storage.data()) + 15) & ~uintptr_t{15});
  Registries registries;
  int rejected = 0;
  for (size_t cut = 0; cut <= file.size; ++cut) {
    std::memcpy(buffer, file.data, file.size);
    for (int flip = 0; flip < 2; ++flip) {
      size_t length = flip ? file.size : cut;
      if (flip && cut < file.size) buffer[cut] ^= 0xA5;
      auto program = Program::load(Span<const uint8_t>(buffer, length));
      if (!program.ok()) { ++rejected; continue; }
      auto meta = MethodMeta::of(*program, "forward");
      if (!meta.ok()) { ++rejected; continue; }
      Pools pools(256, sizeof(Pools::method_pool));
      Method method;
      if (method.load(*program, "forward", pools.memory, registries.kernels, registries.backends) != Error::Ok) ++rejected;
    }
  }
  EXPECT_TRUE(rejected > static_cast<int>(file.size));  // every truncation at least is refused
}

}  // namespace
}  // namespace ember
