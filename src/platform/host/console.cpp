// Host implementations of the platform hooks: log to stderr, abort on a broken
// invariant.
#include <cstdarg>
#include <cstdio>
#include <cstdlib>

#include "core/check.h"
#include "core/log.h"

extern "C" void ember_log(ember::LogLevel level, const char* format, ...) {
  if (level == ember::LogLevel::Debug && !std::getenv("EMBER_DEBUG")) return;
  std::fputs(level == ember::LogLevel::Error ? "error: " : "", stderr);
  va_list args;
  va_start(args, format);
  std::vfprintf(stderr, format, args);
  va_end(args);
  std::fputc('\n', stderr);
}

extern "C" void ember_check_failed(const char* file, int line, const char* expr) {
  std::fprintf(stderr, "internal error: check failed at %s:%d: %s\n", file, line, expr);
  std::abort();
}
