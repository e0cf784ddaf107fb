"""The E8 image's reset path run in QEMU mps3-an547, a Cortex-M55 with RAM at
0x80000000 (DDR) and a DTCM at 0x20000000 but none of the E8's peripherals:
from the reset vector to the first E8 register, EXPMST0_CTRL at 0x4902F000,
which QEMU answers with a bus error. The BusFault taken through the image's own
vector table shows VTOR, the enabled BusFault, the stack in DTCM, and code
still running from MRAM after mpu_init() and caches_enable(). HE images only:
QEMU's DTCM is 512 KB, the HP's stack top (1 MB DTCM) lies beyond it."""

import subprocess
import time

import pytest

from ember.firmware.deploy_files import image_entry


@pytest.mark.parametrize("variant", ["he", "he-e7-rtt"])
def test_reset_path_reaches_the_first_e8_register(e8_firmware, qemu_system, tmp_path, variant):
    qemu = qemu_system
    firmware = e8_firmware(variant)
    stack, reset = image_entry(firmware.board, firmware.bin.read_bytes())
    # QEMU starts the core from address 0: a two-word vector there enters Reset_Handler,
    # which points VTOR at the image's table.
    stub = tmp_path / "reset_stub.bin"
    stub.write_bytes(firmware.bin.read_bytes()[:8])
    log = tmp_path / "qemu.log"
    command = [qemu, "-M", "mps3-an547", "-m", "2G", "-nographic", "-monitor", "none", "-serial", "null",
               "-kernel", str(firmware.elf), "-device", f"loader,file={stub},addr=0x0",
               "-d", "int,guest_errors", "-D", str(log)]
    text = _log_once_the_fault_is_taken(command, log)
    vectors = firmware.board["regions"]["mram"]["origin"]
    assert f"Loaded reset SP 0x{stack:x} PC 0x{reset | 1:x} from vector table" in text
    assert "at fault address 0x4902f000" in text
    assert f"loading from element 5 of secure vector table at 0x{vectors + 5 * 4:08x}" in text
    assert "MemManage" not in text and "Lockup" not in text


def _log_once_the_fault_is_taken(command, log, deadline_seconds=60.0) -> str:
    """QEMU's log once it shows the BusFault's vector fetch: the image then parks
    in WFI and QEMU runs on, so it is stopped there (polled, not a fixed wait: a
    loaded machine takes longer to get there)."""
    qemu = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + deadline_seconds
        while time.monotonic() < deadline and qemu.poll() is None:
            if log.exists() and "loading from element 5 of secure vector table" in log.read_text():
                time.sleep(0.2)  # what QEMU logs of the same exception after it
                break
            time.sleep(0.05)
    finally:
        qemu.kill()
        qemu.wait()
    return log.read_text() if log.exists() else ""
