// A tiny test framework that runs the same test source on the host and in the
// QEMU firmware: no exceptions, no heap. Each test binary prints one closing line
// "N passed, N failed" and exits with the number of failures.
#pragma once
#include <cstdint>
#include <cstring>

namespace ember::testing {

struct TestCase {
  const char* name;
  void (*body)();
  TestCase* next;
};

// Registration by static object: a test file needs no list to maintain.
struct Registrar {
  Registrar(TestCase* test);
};

// Called by the EXPECT macros; marks the running test failed and prints why.
void report_failure(const char* file, int line, const char* what);
void report_failure_i64(const char* file, int line, const char* expr, int64_t lhs, int64_t rhs);

// Runs every registered test whose name contains `filter` (nullptr = all).
int run_all(const char* filter);

}  // namespace ember::testing

#define EMBER_TEST(name)                                                          \
  static void ember_test_##name();                                                \
  static ::ember::testing::TestCase ember_test_case_##name{#name, ember_test_##name, nullptr}; \
  static ::ember::testing::Registrar ember_test_registrar_##name(&ember_test_case_##name); \
  static void ember_test_##name()

#define EXPECT_TRUE(cond)                                                  \
  do {                                                                     \
    if (!(cond)) ::ember::testing::report_failure(__FILE__, __LINE__, #cond); \
  } while (0)

#define EXPECT_EQ(a, b)                                                        \
  do {                                                                         \
    auto ember_a_ = (a);                                                       \
    auto ember_b_ = (b);                                                       \
    if (!(ember_a_ == ember_b_))                                               \
      ::ember::testing::report_failure_i64(__FILE__, __LINE__, #a " == " #b,   \
                                           static_cast<int64_t>(ember_a_),     \
                                           static_cast<int64_t>(ember_b_));    \
  } while (0)

// ASSERT_* stop the current test on failure.
#define ASSERT_TRUE(cond)                                                  \
  do {                                                                     \
    if (!(cond)) {                                                         \
      ::ember::testing::report_failure(__FILE__, __LINE__, #cond);         \
      return;                                                              \
    }                                                                      \
  } while (0)

#define ASSERT_EQ(a, b)                                                        \
  do {                                                                         \
    auto ember_a_ = (a);                                                       \
    auto ember_b_ = (b);                                                       \
    if (!(ember_a_ == ember_b_)) {                                             \
      ::ember::testing::report_failure_i64(__FILE__, __LINE__, #a " == " #b,   \
                                           static_cast<int64_t>(ember_a_),     \
                                           static_cast<int64_t>(ember_b_));    \
      return;                                                                  \
    }                                                                          \
  } while (0)

#define EXPECT_OK(expr) EXPECT_TRUE((expr) == ::ember::Error::Ok)
#define ASSERT_OK(expr) ASSERT_TRUE((expr) == ::ember::Error::Ok)
