#include "uart_divisor.h"

#include "testing/test.h"

using namespace ember::alif;

EMBER_TEST(divisor_at_100mhz_115200_is_the_spec_value) {
  UartDivisor d = uart_divisor(100000000, 115200, 4);  // spec: DLL 0x36, DLH 0, DLF 4
  EXPECT_EQ(d.integer, 0x36u);
  EXPECT_EQ(d.fraction, 4u);
}

EMBER_TEST(divisor_from_the_38_4mhz_oscillator) {
  UartDivisor d = uart_divisor(38400000, 115200, 4);  // 20.833 -> 20 + 13/16
  EXPECT_EQ(d.integer, 20u);
  EXPECT_EQ(d.fraction, 13u);
}

EMBER_TEST(divisor_without_fraction_rounds_to_nearest) {
  EXPECT_EQ(uart_divisor(100000000, 115200, 0).integer, 54u);  // 54.25
  EXPECT_EQ(uart_divisor(100000000, 9600, 0).integer, 651u);   // 651.04
  EXPECT_EQ(uart_divisor(1843200, 115200, 0).integer, 1u);
}

EMBER_TEST(actual_baud_is_within_half_a_percent) {
  UartDivisor d = uart_divisor(100000000, 115200, 4);
  uint32_t baud = uart_baud(100000000, d, 4);
  EXPECT_TRUE(baud > 115200 - 576 && baud < 115200 + 576);
  EXPECT_EQ(baud, 115207u);  // 100e6 / (16 * 54.25)
}

EMBER_TEST(divisor_rounds_the_fraction_to_the_nearest_step) {
  UartDivisor d = uart_divisor(100000000, 921600, 4);  // 6.78 -> 6 + 12.5/16 -> 6 + 13/16
  EXPECT_EQ(d.integer, 6u);
  EXPECT_EQ(d.fraction, 13u);
}
