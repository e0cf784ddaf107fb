// Tensor byte sizes are counted in 64 bits and refused beyond the target's
// address space: on the M55 (32-bit size_t) 2^30 floats would otherwise be a
// 0-byte tensor that passes every bound check. Runs on the host and in QEMU
// with upstream's add fixture embedded (add_fixture.S.in).
#include <cstring>

#include "kernels/portable/portable_kernels.h"
#include "runtime/method.h"
#include "runtime/method_meta.h"
#include "testing/test.h"

extern "C" const uint8_t ember_add_fixture_start[];
extern "C" const uint8_t ember_add_fixture_end[];

namespace ember {
namespace {

alignas(16) uint8_t g_program[1024];
alignas(16) uint8_t g_planned[64];
alignas(16) uint8_t g_method_pool[8192];
alignas(16) uint8_t g_temp_pool[256];

// A fresh copy of the fixture; returns its size.
size_t copy_fixture() {
  const size_t size = static_cast<size_t>(ember_add_fixture_end - ember_add_fixture_start);
  EMBER_CHECK(size <= sizeof(g_program));
  std::memcpy(g_program, ember_add_fixture_start, size);
  return size;
}

Error load_and_run(Span<const uint8_t> bytes, KernelRegistry& kernels, float* result) {
  EMBER_TRY_ASSIGN(Program program, Program::load(bytes));
  Span<uint8_t> planned[1] = {Span<uint8_t>(g_planned, sizeof(g_planned))};
  MemoryAllocator method_allocator(g_method_pool, sizeof(g_method_pool));
  MemoryAllocator temp_allocator(g_temp_pool, sizeof(g_temp_pool));
  MemoryManager memory{&method_allocator, Span<Span<uint8_t>>(planned, 1), &temp_allocator};
  BackendRegistry backends;
  Method method;
  EMBER_TRY(method.load(program, "forward", memory, kernels, backends));
  const float a = 1.25f, b = 2.5f;
  const int32_t sizes[] = {1};
  EMBER_TRY(method.set_input(0, &a, sizeof(a), ScalarType::Float, Span<const int32_t>(sizes, 1)));
  EMBER_TRY(method.set_input(1, &b, sizeof(b), ScalarType::Float, Span<const int32_t>(sizes, 1)));
  EMBER_TRY(method.execute());
  *result = method.output(0)->payload.as_tensor->data_as<float>()[0];
  return Error::Ok;
}

EMBER_TEST(checked_nbytes_refuses_what_the_address_space_cannot_hold) {
  const int32_t quarter[] = {1 << 30};  // 2^30 floats = 2^32 bytes
  const int32_t two_dims[] = {1 << 16, 1 << 15};
  const int32_t fits[] = {1 << 10, 1 << 10};
  const bool wide = sizeof(size_t) == 8;
  EXPECT_EQ(checked_nbytes(quarter, 1, ScalarType::Float).ok(), wide);
  EXPECT_EQ(checked_nbytes(two_dims, 2, ScalarType::Long).ok(), wide);  // 2^34 bytes
  EXPECT_EQ(*checked_nbytes(fits, 2, ScalarType::Float), size_t{1} << 22);
  const int32_t negative[] = {4, -1};
  EXPECT_TRUE(!checked_nbytes(negative, 2, ScalarType::Float).ok());
}

EMBER_TEST(a_tensor_beyond_the_address_space_fails_to_load_and_the_next_program_runs) {
  KernelRegistry kernels;
  ASSERT_OK(kernels.add(kernels::portable_kernels()));
  const size_t size = copy_fixture();
  float sum = 0;
  ASSERT_OK(load_and_run(Span<const uint8_t>(g_program, size), kernels, &sum));
  EXPECT_TRUE(sum == 3.75f);

  // Input 0 becomes a tensor of 2^30 floats (4 GiB).
  Result<Program> program = Program::load(Span<const uint8_t>(g_program, size));
  ASSERT_TRUE(program.ok());
  Result<MethodMeta> meta = MethodMeta::of(*program, "forward");
  ASSERT_TRUE(meta.ok());
  Result<TensorInfo> input = meta->input(0);
  ASSERT_TRUE(input.ok() && input->rank == 1);
  const size_t offset = static_cast<size_t>(reinterpret_cast<const uint8_t*>(input->sizes) - g_program);
  ASSERT_TRUE(offset + 4 <= size);
  const int32_t huge = 1 << 30;
  std::memcpy(g_program + offset, &huge, sizeof(huge));

  Result<Program> altered = Program::load(Span<const uint8_t>(g_program, size));
  ASSERT_TRUE(altered.ok());
  Result<MethodMeta> altered_meta = MethodMeta::of(*altered, "forward");
  ASSERT_TRUE(altered_meta.ok());
  // The M55 cannot address it; a 64-bit host can, and then finds it past the planned buffer.
  EXPECT_EQ(altered_meta->input(0).ok(), sizeof(size_t) == 8);
  EXPECT_TRUE(load_and_run(Span<const uint8_t>(g_program, size), kernels, &sum) == Error::InvalidProgram);

  // Nothing is left broken: the unaltered program loads and runs again.
  sum = 0;
  ASSERT_OK(load_and_run(Span<const uint8_t>(g_program, copy_fixture()), kernels, &sum));
  EXPECT_TRUE(sum == 3.75f);
}

}  // namespace
}  // namespace ember
