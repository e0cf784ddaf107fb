#pragma once
#include <cstdio>
#include <string>

namespace ember::tool {

int inspect_command(int argc, char** argv);
int run_command(int argc, char** argv);
int kernels_command(int argc, char** argv);

// The ember CLI's error policy: bad input ends in one line, "error: <problem>;
// <fix>", and exit status 2.
constexpr int kExitBadInput = 2;
inline int bad_input(const std::string& problem, const std::string& fix) {
  std::fprintf(stderr, "error: %s; %s\n", problem.c_str(), fix.c_str());
  return kExitBadInput;
}

}  // namespace ember::tool
