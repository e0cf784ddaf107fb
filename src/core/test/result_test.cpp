#include "core/result.h"

#include "testing/test.h"

namespace ember {
namespace {

Result<int> parse_digit(char c) {
  if (c < '0' || c > '9') return Error::InvalidArgument;
  return c - '0';
}

Error sum_digits(const char* text, int* out) {
  int total = 0;
  for (; *text; ++text) {
    EMBER_TRY_ASSIGN(int digit, parse_digit(*text));
    total += digit;
  }
  *out = total;
  return Error::Ok;
}

EMBER_TEST(result_carries_value_or_error) {
  Result<int> good = parse_digit('7');
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 7);
  Result<int> bad = parse_digit('x');
  EXPECT_TRUE(!bad.ok());
  EXPECT_TRUE(bad.error() == Error::InvalidArgument);
}

EMBER_TEST(try_assign_propagates_first_error) {
  int total = -1;
  EXPECT_OK(sum_digits("123", &total));
  EXPECT_EQ(total, 6);
  total = -1;
  EXPECT_TRUE(sum_digits("1x3", &total) == Error::InvalidArgument);
  EXPECT_EQ(total, -1);
}

EMBER_TEST(error_names_are_readable) {
  EXPECT_TRUE(std::strcmp(to_string(Error::OperatorMissing), "OperatorMissing") == 0);
  EXPECT_TRUE(std::strcmp(to_string(Error::IncompatibleVersion), "IncompatibleVersion") == 0);
}

}  // namespace
}  // namespace ember
