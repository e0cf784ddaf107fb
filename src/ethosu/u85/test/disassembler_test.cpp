// The U85 disassembler on words whose listing Vela 5.1 printed
// (--verbose-register-command-stream, ethos-u85-256), and on the cases Vela's
// generator rarely emits: 40-bit addresses, negative scalars, unnamed values.
#include "ethosu/u85/disassembler.h"

#include <cstring>
#include <string>

#include "testing/test.h"

namespace ember::ethosu::u85 {
namespace {

std::string listing_of(std::initializer_list<uint32_t> words) {
  uint8_t bytes[64];
  size_t n = 0;
  for (uint32_t w : words) {
    std::memcpy(bytes + n, &w, 4);
    n += 4;
  }
  return disassemble(Span<const uint8_t>(bytes, n));
}

bool contains(const std::string& text, const char* part) { return text.find(part) != std::string::npos; }

EMBER_TEST(u85_lines_equal_vela_listing) {
  // As Vela printed them for a small CNN (column spacing included).
  const std::string text = listing_of({0x00010105, 0x19410114, 0x20264024, 0x4abf24b5,
                                       0x01000124, 0x00030005});
  EXPECT_TRUE(contains(text,
                       "0x000000:          0001 0105 - NPU_SET_IFM_PRECISION              1, activation_type = "
                       "ACTIVATION_TYPE_SIGNED, activation_precision = ACTIVATION_PRECISION_B8, activation_format = "
                       "ACTIVATION_FORMAT_NHWC, activation_storage = ACTIVATION_STORAGE_TILE2X2\n"));
  EXPECT_TRUE(contains(text,
                       "0x000004:          1941 0114 - NPU_SET_OFM_PRECISION           6465, activation_type = "
                       "ACTIVATION_TYPE_SIGNED, activation_precision = ACTIVATION_PRECISION_B8, activation_format = "
                       "ACTIVATION_FORMAT_NHCWB16, scale_mode = OFM_SCALE_MODE_GLOBAL, activation_reverse = "
                       "ACTIVATION_REVERSE_NONE, activation_transpose = ACTIVATION_TRANSPOSE_WCH, activation_storage = "
                       "ACTIVATION_STORAGE_TILE2X2\n"));
  EXPECT_TRUE(contains(text,
                       "0x000008: 4abf24b5 2026 4024 - NPU_SET_OFM_SCALE               8230, shift = 38, dbl_rnd = 0, "
                       "round_mode = ROUND_MODE_OFM_NATURAL, scale = 1254040757\n"));
  EXPECT_TRUE(contains(text,
                       "0x000010:          0100 0124 - NPU_SET_ACC_FORMAT               256, acc_format = "
                       "ACC_FORMAT_I32, acc_input = ACC_INPUT_RESET, acc_output = ACC_OUTPUT_ENABLE, microblock = "
                       "MICROBLOCK_U1X2\n"));
  EXPECT_TRUE(contains(text, "0x000014:          0003 0005 - NPU_OP_POOL                        3, pooling_mode = "
                             "POOLING_MODE_SUM\n"));
}

EMBER_TEST(u85_addresses_are_40_bits) {
  // NPU_SET_IFM_BASE0 with param[7:0] = 0x12: the address's high byte.
  const std::string text = listing_of({0x00124000, 0x00001000});
  EXPECT_TRUE(contains(text, "NPU_SET_IFM_BASE0                 18, addr = 0x1200001000\n"));
}

EMBER_TEST(u85_signed_fields_and_unnamed_values) {
  const std::string text = listing_of({0x00004027, 0xFFFFFF85,   // NPU_SET_OP_SCALAR -123 (0xFFFFFF85)
                                       0x0FFF012C,               // NPU_SET_RESIZE_X_OFFSET 12-bit -1
                                       0x000C0006,               // elementwise mode 12: no name
                                       0x000003FF});             // no such command
  EXPECT_TRUE(contains(text, "NPU_SET_OP_SCALAR                  0, scalar = 4294967172\n"));  // Vela's way
  EXPECT_TRUE(contains(text, "NPU_SET_RESIZE_X_OFFSET         4095, resize_x_offset = -1\n"));
  EXPECT_TRUE(contains(text, "NPU_OP_ELEMENTWISE                12, elementwise_mode = ****\n"));
  EXPECT_TRUE(contains(text, "UNKNOWN"));
}

}  // namespace
}  // namespace ember::ethosu::u85
