// Host entry point for a test binary: `test [name-filter]`.
#include "testing/test.h"

int main(int argc, char** argv) {
  return ember::testing::run_all(argc > 1 ? argv[1] : nullptr) == 0 ? 0 : 1;
}
