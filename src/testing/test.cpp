#include "testing/test.h"

#include <cstdio>

namespace ember::testing {
namespace {

TestCase* g_first = nullptr;
TestCase* g_last = nullptr;
int g_current_failures = 0;

}  // namespace

Registrar::Registrar(TestCase* test) {
  if (g_last) g_last->next = test; else g_first = test;
  g_last = test;
}

void report_failure(const char* file, int line, const char* what) {
  ++g_current_failures;
  std::printf("  %s:%d: expected %s\n", file, line, what);
}

void report_failure_i64(const char* file, int line, const char* expr, int64_t lhs, int64_t rhs) {
  ++g_current_failures;
  std::printf("  %s:%d: expected %s (%lld vs %lld)\n", file, line, expr, static_cast<long long>(lhs),
              static_cast<long long>(rhs));
}

int run_all(const char* filter) {
  int passed = 0;
  int failed = 0;
  for (TestCase* t = g_first; t; t = t->next) {
    if (filter && !std::strstr(t->name, filter)) continue;
    g_current_failures = 0;
    t->body();
    if (g_current_failures == 0) {
      ++passed;
    } else {
      ++failed;
      std::printf("FAIL %s\n", t->name);
    }
  }
  std::printf("%d passed, %d failed\n", passed, failed);
  return failed;
}

}  // namespace ember::testing
