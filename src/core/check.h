// Broken invariants of our own code (never bad input: that returns an Error).
// The platform implements ember_check_failed: it prints and halts or exits.
#pragma once

extern "C" [[noreturn]] void ember_check_failed(const char* file, int line, const char* expr);

#define EMBER_CHECK(cond)                                             \
  do {                                                                \
    if (!(cond)) ember_check_failed(__FILE__, __LINE__, #cond);       \
  } while (0)
