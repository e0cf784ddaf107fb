// The portable kernels upstream's Cortex-M flow leaves on int8 values (index_select,
// comparisons, where, amax/amin, full_like) or on channels-last float ones (layer
// norm) as the runtime calls them: the values are checked against upstream in
// tests/kernels (test_op_parity.py, test_cortex_m_parity.py); here, what those
// programs do not show: an index out of range, dtypes and shapes that do not fit,
// each a named error that writes nothing, and a channels-last layer norm out.
#include <cstring>

#include "kernels/portable/portable_kernels.h"
#include "testing/test.h"

namespace ember::kernels {
namespace {

// An argument list of tensors and ints, the last entry the returned out (as the
// runtime passes an out-variant's arguments).
struct Call {
  EValue values[10];
  EValue* args[10];
  size_t count = 0;
  Call& tensor(Tensor& t) {
    values[count].tag = Tag::Tensor;
    values[count].payload.as_tensor = &t;
    return next();
  }
  Call& integer(int64_t v) {
    values[count].tag = Tag::Int;
    values[count].payload.as_int = v;
    return next();
  }
  Call& boolean(bool v) {
    values[count].tag = Tag::Bool;
    values[count].payload.as_bool = v;
    return next();
  }
  Call& none() { return next(); }
  Call& next() {
    args[count] = &values[count];
    ++count;
    return *this;
  }
  Error run(Error (*kernel)(KernelContext&, Span<EValue*>)) {
    KernelContext context;
    return kernel(context, Span<EValue*>(args, count));
  }
};

constexpr uint8_t kNchw[4] = {0, 1, 2, 3};
constexpr uint8_t kNhwc[4] = {0, 2, 3, 1};

EMBER_TEST(index_select_reads_any_dim_order) {
  // [1, 2, 2, 3] int8, channels-last in memory: element (0, c, h, w) = 100 c + 10 h + w
  int8_t input[12];
  const int32_t in_sizes[4] = {1, 2, 2, 3};
  for (int c = 0; c < 2; ++c) {
    for (int h = 0; h < 2; ++h) {
      for (int w = 0; w < 3; ++w) input[(h * 3 + w) * 2 + c] = static_cast<int8_t>(100 * c + 10 * h + w - 64);
    }
  }
  Tensor in{ScalarType::Char, 4, in_sizes, kNhwc, input};
  int64_t index_data[2] = {2, 0};
  const int32_t index_sizes[1] = {2};
  const uint8_t vector_order[1] = {0};
  Tensor index{ScalarType::Long, 1, index_sizes, vector_order, index_data};
  int8_t output[8];
  const int32_t out_sizes[4] = {1, 2, 2, 2};
  Tensor out{ScalarType::Char, 4, out_sizes, kNchw, output};
  Call call;
  call.tensor(in).integer(3).tensor(index).tensor(out).tensor(out);
  ASSERT_TRUE(call.run(index_select_out) == Error::Ok);
  const int8_t expected[8] = {2 - 64, 0 - 64, 12 - 64, 10 - 64, 102 - 64, 100 - 64, 112 - 64, 110 - 64};
  EXPECT_TRUE(std::memcmp(output, expected, sizeof output) == 0);
}

EMBER_TEST(index_select_names_bad_arguments_and_writes_nothing) {
  float input[6] = {0, 1, 2, 3, 4, 5};
  const int32_t in_sizes[2] = {2, 3};
  const uint8_t order[2] = {0, 1};
  Tensor in{ScalarType::Float, 2, in_sizes, order, input};
  int64_t index_data[2] = {1, 3};  // 3 is past dim 1's size
  const int32_t index_sizes[1] = {2};
  Tensor index{ScalarType::Long, 1, index_sizes, order, index_data};
  float output[4] = {-1, -1, -1, -1};
  const int32_t out_sizes[2] = {2, 2};
  Tensor out{ScalarType::Float, 2, out_sizes, order, output};
  Call range;
  range.tensor(in).integer(1).tensor(index).tensor(out).tensor(out);
  EXPECT_TRUE(range.run(index_select_out) == Error::InvalidArgument);
  EXPECT_TRUE(output[0] == -1 && output[3] == -1);

  index_data[1] = 2;
  Tensor short_index{ScalarType::Short, 1, index_sizes, order, index_data};
  Call dtype;
  dtype.tensor(in).integer(1).tensor(short_index).tensor(out).tensor(out);
  EXPECT_TRUE(dtype.run(index_select_out) == Error::InvalidType);

  const int32_t wrong_sizes[2] = {2, 3};
  Tensor wrong_out{ScalarType::Float, 2, wrong_sizes, order, output};
  Call shape;
  shape.tensor(in).integer(1).tensor(index).tensor(wrong_out).tensor(wrong_out);
  EXPECT_TRUE(shape.run(index_select_out) == Error::InvalidArgument);

  Call dim;
  dim.tensor(in).integer(2).tensor(index).tensor(out).tensor(out);
  EXPECT_TRUE(dim.run(index_select_out) == Error::InvalidArgument);
  EXPECT_TRUE(output[0] == -1 && output[3] == -1);
}

EMBER_TEST(int8_kernels_name_dtypes_they_do_not_take) {
  int8_t a_data[4] = {1, -2, 3, -4};
  int16_t wide_data[4] = {1, 2, 3, 4};
  bool flags[4] = {};
  int8_t result[4] = {};
  const int32_t sizes[1] = {4};
  const uint8_t order[1] = {0};
  Tensor a{ScalarType::Char, 1, sizes, order, a_data};
  Tensor wide{ScalarType::Short, 1, sizes, order, wide_data};
  Tensor cond{ScalarType::Bool, 1, sizes, order, flags};
  Tensor out{ScalarType::Char, 1, sizes, order, result};

  Call compare;  // an int16 operand
  compare.tensor(a).tensor(wide).tensor(cond).tensor(cond);
  EXPECT_TRUE(compare.run(gt_tensor_out) == Error::InvalidType);

  Call select;  // int8 self, int16 other
  select.tensor(cond).tensor(a).tensor(wide).tensor(out).tensor(out);
  EXPECT_TRUE(select.run(where_out) == Error::InvalidType);

  const int32_t one[1] = {1};
  int16_t wide_result[1] = {};
  Tensor wide_out{ScalarType::Short, 1, one, order, wide_result};
  const int64_t dims[1] = {0};
  Call reduce;  // int8 input, int16 out
  reduce.tensor(a);
  reduce.values[1].tag = Tag::IntList;
  reduce.values[1].payload.as_int_list = Span<const int64_t>(dims, 1);
  reduce.next().boolean(false).tensor(wide_out).tensor(wide_out);
  EXPECT_TRUE(reduce.run(amax_out) == Error::InvalidType);
}

EMBER_TEST(full_like_fills_int8_in_range_only) {
  int8_t a_data[4] = {};
  int8_t result[4] = {5, 5, 5, 5};
  const int32_t sizes[4] = {1, 2, 2, 1};
  Tensor a{ScalarType::Char, 4, sizes, kNhwc, a_data};
  Tensor out{ScalarType::Char, 4, sizes, kNhwc, result};
  Call fits;
  fits.tensor(a).integer(-7).none().tensor(out).tensor(out);
  ASSERT_TRUE(fits.run(full_like_out) == Error::Ok);
  EXPECT_TRUE(result[0] == -7 && result[3] == -7);
  Call too_big;
  too_big.tensor(a).integer(200).none().tensor(out).tensor(out);
  EXPECT_TRUE(too_big.run(full_like_out) == Error::InvalidArgument);
  EXPECT_TRUE(result[0] == -7 && result[3] == -7);
}

EMBER_TEST(layer_norm_reads_and_writes_any_dim_order) {
  // [1, 3, 2, 4] normalized over W, with weight and bias: NCHW, then the same values NHWC
  constexpr int kC = 3, kH = 2, kW = 4;
  float nchw[24], nhwc[24], out_nchw[24], out_nhwc[24], mean[6], rstd[6], weight[4] = {1, 0.5f, -2, 3},
        bias[4] = {0.25f, 0, -1, 2};
  for (int i = 0; i < 24; ++i) nchw[i] = static_cast<float>((i * 7) % 11) * 0.37f - 1.5f;
  for (int c = 0; c < kC; ++c) {
    for (int h = 0; h < kH; ++h) {
      for (int w = 0; w < kW; ++w) nhwc[(h * kW + w) * kC + c] = nchw[(c * kH + h) * kW + w];
    }
  }
  const int32_t sizes[4] = {1, kC, kH, kW}, stat_sizes[4] = {1, kC, kH, 1}, vector_sizes[1] = {kW};
  const int64_t normalized[1] = {kW};
  const uint8_t vector_order[1] = {0};
  Tensor w{ScalarType::Float, 1, vector_sizes, vector_order, weight};
  Tensor b{ScalarType::Float, 1, vector_sizes, vector_order, bias};
  auto run = [&](const uint8_t* order, float* in_data, float* out_data) {
    Tensor in{ScalarType::Float, 4, sizes, order, in_data};
    Tensor out{ScalarType::Float, 4, sizes, order, out_data};
    Tensor m{ScalarType::Float, 4, stat_sizes, order, mean};
    Tensor r{ScalarType::Float, 4, stat_sizes, order, rstd};
    Call call;
    call.tensor(in);
    call.values[1].tag = Tag::IntList;
    call.values[1].payload.as_int_list = Span<const int64_t>(normalized, 1);
    call.next().tensor(w).tensor(b);
    call.values[4].tag = Tag::Double;
    call.values[4].payload.as_double = 1e-5;
    call.next().tensor(out).tensor(m).tensor(r).tensor(out);
    return call.run(native_layer_norm_out);
  };
  ASSERT_TRUE(run(kNchw, nchw, out_nchw) == Error::Ok);
  ASSERT_TRUE(run(kNhwc, nhwc, out_nhwc) == Error::Ok);
  int same = 0;
  for (int c = 0; c < kC; ++c) {
    for (int h = 0; h < kH; ++h) {
      for (int x = 0; x < kW; ++x) {
        same += std::memcmp(&out_nhwc[(h * kW + x) * kC + c], &out_nchw[(c * kH + h) * kW + x], sizeof(float)) == 0;
      }
    }
  }
  EXPECT_EQ(same, 24);
}

}  // namespace
}  // namespace ember::kernels
