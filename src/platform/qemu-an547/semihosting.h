// Ending a QEMU run with a status (semihosting SYS_EXIT_EXTENDED).
#pragma once

namespace ember::board {

[[noreturn]] void exit_with_status(int status);

}  // namespace ember::board
