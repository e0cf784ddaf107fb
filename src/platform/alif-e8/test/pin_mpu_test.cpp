#include "mpu_encoding.h"
#include "pin.h"

#include "testing/test.h"

using namespace ember::alif;

EMBER_TEST(pinmux_register_of_uart2_rx) {
  // spec: P1_0 RX, alt 1, READ_ENABLE: 0x00010001 at 0x1A603020
  EXPECT_EQ(pinmux_address(0x1A603000, Pin{1, 0}), 0x1A603020u);
  EXPECT_EQ(pinmux_value(1, 0x01), 0x00010001u);
  EXPECT_EQ(pinmux_address(0x1A603000, Pin{12, 2}), 0x1A603188u);  // UART4 TX
}

EMBER_TEST(mpu_device_window_for_the_host_peripherals) {
  EXPECT_EQ(mpu_rbar(0x1A000000, MpuAccess::ReadWrite, true), 0x1A000003u);
  EXPECT_EQ(mpu_rlar(0x1A000000, 0x01000000, MpuAttribute::Device), 0x1AFFFFE1u);
}

EMBER_TEST(mpu_read_only_write_through_mram_slot) {
  EXPECT_EQ(mpu_rbar(0x80200000, MpuAccess::ReadOnly, false), 0x80200006u);
  EXPECT_EQ(mpu_rlar(0x80200000, 0x00200000, MpuAttribute::NormalWriteThrough), 0x803FFFE5u);
  EXPECT_EQ(kMair0, 0x00AAFF04u);
}
