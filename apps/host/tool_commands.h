#pragma once

namespace ember::tool {

int inspect_command(int argc, char** argv);
int run_command(int argc, char** argv);
int kernels_command(int argc, char** argv);

}  // namespace ember::tool
