"""Running a firmware image in QEMU mps3-an547 (a Cortex-M55; the NPU is ember's
simulator compiled into the image). The exit status comes back through
semihosting: the runner's is the number of failed cases."""

import shutil
import subprocess
from dataclasses import dataclass

from ember.errors import UserError


class QemuMissing(UserError):
    pass


@dataclass
class QemuRun:
    status: int
    output: str
    timed_out: bool = False


def command(elf, icount: bool = False) -> list[str]:
    qemu = shutil.which("qemu-system-arm")
    if not qemu:
        raise QemuMissing("qemu-system-arm is not installed, and running firmware needs it",
                          "run scripts/setup.sh (Debian package qemu-system-arm); `ember build` makes an image without it")
    args = [qemu, "-M", "mps3-an547", "-nographic", "-monitor", "none", "-serial", "stdio",
            "-semihosting-config", "enable=on,target=native"]
    if icount:
        # One instruction = 1 ns of virtual time: counts are exact and repeatable.
        args += ["-icount", "shift=0"]
    return args + ["-kernel", str(elf)]


def run(elf, icount: bool = False, timeout: float = 300, echo: bool = False) -> QemuRun:
    try:
        done = subprocess.run(command(elf, icount), capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
        return QemuRun(-1, out, timed_out=True)
    if echo:
        print(done.stdout, end="")
    return QemuRun(done.returncode, done.stdout + done.stderr)
