"""Firmware for the boards: memory plan, embedded test cases, the runner build
(`ember build`), running it in QEMU (`ember run --board qemu-an547`)."""
