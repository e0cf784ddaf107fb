// Logging hook. The runtime never formats text itself: it hands a printf-style
// format to the platform, which owns the console (stderr on the host, UART or RTT
// on a board). Messages say what a user needs: which operator, input or pool.
#pragma once

namespace ember {

enum class LogLevel { Debug, Info, Error };

}  // namespace ember

extern "C" void ember_log(ember::LogLevel level, const char* format, ...)
    __attribute__((format(printf, 2, 3)));

#define EMBER_LOG_ERROR(...) ember_log(::ember::LogLevel::Error, __VA_ARGS__)
#define EMBER_LOG_INFO(...) ember_log(::ember::LogLevel::Info, __VA_ARGS__)
