// Entry point of a test firmware: every registered test, the closing
// "N passed, N failed" line on the UART, the failure count as exit status.
#include "testing/test.h"

int main() { return ember::testing::run_all(nullptr); }
