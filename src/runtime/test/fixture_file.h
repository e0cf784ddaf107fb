// Host-only test helper: a fixture file from tests/fixtures in a 16-aligned buffer.
#pragma once
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/span.h"

namespace ember::testing {

struct FixtureFile {
  std::vector<uint8_t> storage;
  uint8_t* data = nullptr;
  size_t size = 0;

  explicit FixtureFile(const char* name) {
    const char* root = std::getenv("EMBER_SOURCE_DIR");
    std::string path = std::string(root ? root : ".") + "/tests/fixtures/upstream-pte/" + name;
    FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return;
    std::fseek(f, 0, SEEK_END);
    size = static_cast<size_t>(std::ftell(f));
    std::fseek(f, 0, SEEK_SET);
    storage.resize(size + 32);
    data = reinterpret_cast<uint8_t*>((reinterpret_cast<uintptr_t>(storage.data()) + 15) & ~uintptr_t{15});
    if (std::fread(data, 1, size, f) != size) size = 0;
    std::fclose(f);
  }
  Span<const uint8_t> bytes() const { return Span<const uint8_t>(data, size); }
};

}  // namespace ember::testing
