// ember-tool: the C++ side of `ember inspect` and `ember run`, and the list of
// kernels and delegates `ember export` checks a program against.
#include <cstdio>
#include <cstring>

#include "tool_commands.h"

int main(int argc, char** argv) {
  if (argc < 2 || !std::strcmp(argv[1], "-h") || !std::strcmp(argv[1], "--help")) {
    std::printf("usage: ember-tool inspect|run|kernels ...   (see ember-tool COMMAND --help)\n");
    return argc < 2 ? 2 : 0;
  }
  if (!std::strcmp(argv[1], "inspect")) return ember::tool::inspect_command(argc - 2, argv + 2);
  if (!std::strcmp(argv[1], "run")) return ember::tool::run_command(argc - 2, argv + 2);
  if (!std::strcmp(argv[1], "kernels")) return ember::tool::kernels_command(argc - 2, argv + 2);
  std::fprintf(stderr, "ember-tool: unknown command '%s' (inspect, run, kernels)\n", argv[1]);
  return 2;
}
