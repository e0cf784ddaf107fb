// Delegate I/O between tensors and the scratch arena: plain, padded rows, and
// int4 packed two to a byte (low nibble first, as upstream's EthosUBackend
// unpacks outputs).
#include "ethosu/delegate/io_copy.h"
#include "testing/test.h"

namespace ember::ethosu {
namespace {

PayloadIo io_of(int32_t rows, int32_t inner, int32_t element_bytes, int32_t offset) {
  return PayloadIo{{1, 1, 1, 1, rows, inner}, element_bytes, offset, 1};
}

Tensor tensor_of(ScalarType dtype, const int32_t* sizes, uint32_t rank, void* data) {
  Tensor t;
  t.dtype = dtype;
  t.rank = rank;
  t.sizes = sizes;
  t.data = data;
  return t;
}

EMBER_TEST(plain_copy_round_trips) {
  int16_t values[6] = {1, -2, 300, -32768, 32767, 0};
  const int32_t sizes[2] = {2, 3};
  uint8_t scratch[32] = {};
  const PayloadIo io = io_of(2, 3, 2, 4);
  ASSERT_OK(copy_to_scratch(tensor_of(ScalarType::Short, sizes, 2, values), io, scratch, 0));
  int16_t back[6] = {};
  Tensor out = tensor_of(ScalarType::Short, sizes, 2, back);
  ASSERT_OK(copy_from_scratch(scratch, io, out, 0));
  for (int i = 0; i < 6; ++i) EXPECT_EQ(back[i], values[i]);
  EXPECT_EQ(scratch[4], 1);  // at the I/O's offset
}

EMBER_TEST(padded_rows_are_copied_row_by_row) {
  int8_t values[6] = {1, 2, 3, 4, 5, 6};
  const int32_t sizes[2] = {2, 3};
  uint8_t scratch[8] = {};
  ASSERT_OK(copy_to_scratch(tensor_of(ScalarType::Char, sizes, 2, values), io_of(2, 4, 1, 0), scratch, 0));
  const uint8_t expected[8] = {1, 2, 3, 0, 4, 5, 6, 0};
  for (int i = 0; i < 8; ++i) EXPECT_EQ(scratch[i], expected[i]);
}

EMBER_TEST(int4_outputs_unpack_low_nibble_first_sign_extended) {
  // Two rows of 4 int4 values, 2 bytes each.
  const uint8_t scratch[4] = {0x71, 0x8F, 0x09, 0xE0};
  int8_t values[8] = {};
  const int32_t sizes[2] = {2, 4};
  Tensor out = tensor_of(ScalarType::Char, sizes, 2, values);
  ASSERT_OK(copy_from_scratch(scratch, io_of(2, 2, 1, 0), out, 0));
  const int8_t expected[8] = {1, 7, -1, -8, -7, 0, 0, -2};
  for (int i = 0; i < 8; ++i) EXPECT_EQ(values[i], expected[i]);
}

EMBER_TEST(int4_inputs_pack_and_round_trip) {
  int8_t values[8] = {1, 7, -1, -8, -7, 0, 0, -2};
  const int32_t sizes[2] = {2, 4};
  uint8_t scratch[4] = {};
  const PayloadIo io = io_of(2, 2, 1, 0);
  ASSERT_OK(copy_to_scratch(tensor_of(ScalarType::Char, sizes, 2, values), io, scratch, 0));
  const uint8_t expected[4] = {0x71, 0x8F, 0x09, 0xE0};
  for (int i = 0; i < 4; ++i) EXPECT_EQ(scratch[i], expected[i]);
  int8_t back[8] = {};
  Tensor out = tensor_of(ScalarType::Char, sizes, 2, back);
  ASSERT_OK(copy_from_scratch(scratch, io, out, 0));
  for (int i = 0; i < 8; ++i) EXPECT_EQ(back[i], values[i]);
}

EMBER_TEST(int4_input_outside_its_range_is_rejected) {
  int8_t values[4] = {1, 8, 0, 0};
  const int32_t sizes[1] = {4};
  uint8_t scratch[2] = {};
  EXPECT_TRUE(copy_to_scratch(tensor_of(ScalarType::Char, sizes, 1, values), io_of(1, 2, 1, 0), scratch, 0) ==
              Error::InvalidArgument);
}

EMBER_TEST(sizes_that_match_no_layout_are_rejected) {
  int8_t values[6] = {};
  const int32_t sizes[1] = {6};
  uint8_t scratch[8] = {};
  // 6 values into 4 bytes: neither padding nor int4 packing.
  EXPECT_TRUE(copy_to_scratch(tensor_of(ScalarType::Char, sizes, 1, values), io_of(1, 4, 1, 0), scratch, 0) ==
              Error::DelegateSizeMismatch);
  int16_t shorts[4] = {};
  const int32_t short_sizes[1] = {4};
  // int16 never packs: 8 bytes into 4 is a mismatch.
  EXPECT_TRUE(copy_to_scratch(tensor_of(ScalarType::Short, short_sizes, 1, shorts), io_of(1, 2, 2, 0), scratch, 0) ==
              Error::DelegateSizeMismatch);
}

}  // namespace
}  // namespace ember::ethosu
