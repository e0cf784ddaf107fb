// What every firmware board shares: the platform hooks (log, check) and the
// newlib system calls. stdout and stderr go to the board's console, the heap is
// the linker script's bounded __heap_start__..__heap_end__, exit is finish().
#include <cerrno>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <sys/stat.h>

#include "board_console.h"
#include "core/check.h"
#include "core/log.h"
#include "platform/board.h"

extern "C" void ember_log(ember::LogLevel level, const char* format, ...) {
  if (level == ember::LogLevel::Debug) return;
  char text[256];
  int n = level == ember::LogLevel::Error ? std::snprintf(text, sizeof(text), "error: ") : 0;
  va_list args;
  va_start(args, format);
  int m = std::vsnprintf(text + n, sizeof(text) - static_cast<size_t>(n) - 1, format, args);
  va_end(args);
  size_t length = static_cast<size_t>(n) + (m < 0 ? 0 : static_cast<size_t>(m));
  if (length > sizeof(text) - 2) length = sizeof(text) - 2;
  text[length++] = '\n';
  ember::board::console_write(text, length);
}

extern "C" void ember_check_failed(const char* file, int line, const char* expr) {
  char text[256];
  int n = std::snprintf(text, sizeof(text), "internal error: check failed at %s:%d: %s\n", file, line, expr);
  ember::board::console_write(text, static_cast<size_t>(n));
  ember::platform::finish(3);
}

extern "C" {
extern char __heap_start__, __heap_end__;

int _write(int, const char* data, int length) {
  ember::board::console_write(data, static_cast<size_t>(length));
  return length;
}
void* _sbrk(ptrdiff_t increment) {
  static char* top = &__heap_start__;
  if (increment > &__heap_end__ - top) {
    errno = ENOMEM;
    return reinterpret_cast<void*>(-1);
  }
  char* previous = top;
  top += increment;
  return previous;
}
int _close(int) { return -1; }
int _read(int, char*, int) { return 0; }
int _lseek(int, int, int) { return 0; }
int _fstat(int, struct stat* st) {
  st->st_mode = S_IFCHR;
  return 0;
}
int _isatty(int) { return 1; }
void _exit(int status) { ember::platform::finish(status); }
int _kill(int, int) { return -1; }
int _getpid() { return 1; }
}
