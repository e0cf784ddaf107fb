// `ember-tool kernels [--json]`: every operator ember's runtime has a kernel for,
// and every delegate backend, as registered (the one list `ember export` checks a
// program against, so it is never written down twice).
#include <cstdio>
#include <cstring>
#include <string>

#include "json_writer.h"
#include "registry.h"
#include "tool_commands.h"

namespace ember::tool {

int kernels_command(int argc, char** argv) {
  bool json = false;
  for (int i = 0; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--json")) {
      json = true;
    } else {
      std::printf("usage: ember-tool kernels [--json]\n"
                  "  the operators ember's runtime has kernels for (name.overload), then its delegates\n");
      return std::strcmp(argv[i], "-h") && std::strcmp(argv[i], "--help") ? 2 : 0;
    }
  }
  KernelRegistry kernels;
  BackendRegistry backends;
  if (register_all(&kernels, &backends) != Error::Ok) return 1;
  auto full_name = [](const KernelEntry& e) {
    return std::string(e.name) + (e.overload[0] ? std::string(".") + e.overload : std::string());
  };
  if (json) {
    JsonWriter j;
    j.begin_object();
    j.begin_array("kernels");
    for (size_t i = 0; i < kernels.size(); ++i) j.value(nullptr, full_name(kernels[i]));
    j.end_array();
    j.begin_array("delegates");
    for (size_t i = 0; i < backends.size(); ++i) j.value(nullptr, std::string(backends[i].id()));
    j.end_array();
    j.end_object();
    std::printf("%s\n", j.text().c_str());
  } else {
    for (size_t i = 0; i < kernels.size(); ++i) std::printf("kernel   %s\n", full_name(kernels[i]).c_str());
    for (size_t i = 0; i < backends.size(); ++i) std::printf("delegate %s\n", backends[i].id());
  }
  return 0;
}

}  // namespace ember::tool
