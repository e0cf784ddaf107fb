// The registered kernels as the runtime calls them (EValue argument lists): a
// conv2d call gives the plain-array reference result, and wrong layouts, shapes,
// counts or parameters are named errors.
#include <cstring>
#include <initializer_list>

#include "kernels/cortex_m/cortex_m_kernels.h"
#include "kernels/cortex_m/ops.h"
#include "kernels/cortex_m/test/random_data.h"
#include "testing/test.h"

namespace ember::kernels::cortex_m {
namespace {

constexpr uint8_t kNhwc[4] = {0, 2, 3, 1};
constexpr uint8_t kNchw[4] = {0, 1, 2, 3};

// quantized_conv2d on a [1, 3, 5, 4] input (NCHW sizes, NHWC bytes), 2 output
// channels, 3x3, stride 1, padding 1.
struct Conv2dCall {
  int8_t input[60], weight[54], output[40], expected[40];
  int32_t bias[2] = {100, -100}, multipliers[2] = {1 << 30, 1518500250}, shifts[2] = {-4, -5};
  int32_t in_sizes[4] = {1, 3, 5, 4}, w_sizes[4] = {2, 3, 3, 3}, out_sizes[4] = {1, 2, 5, 4};
  int32_t vec_sizes[1] = {2};
  uint8_t vec_order[1] = {0};
  Tensor in{ScalarType::Char, 4, in_sizes, kNhwc, input};
  Tensor w{ScalarType::Char, 4, w_sizes, kNchw, weight};
  Tensor b{ScalarType::Int, 1, vec_sizes, vec_order, bias};
  Tensor m{ScalarType::Int, 1, vec_sizes, vec_order, multipliers};
  Tensor s{ScalarType::Int, 1, vec_sizes, vec_order, shifts};
  Tensor scratch{ScalarType::Byte, 1, vec_sizes, vec_order, nullptr};
  Tensor out{ScalarType::Char, 4, out_sizes, kNhwc, output};
  int64_t ones[2] = {1, 1};
  EValue values[15];
  EValue* args[15];

  Conv2dCall() {
    Xorshift rng{99};
    rng.fill(input, sizeof input);
    rng.fill(weight, sizeof weight);
    Tensor* tensors[15] = {&in, &w, &b, nullptr, nullptr, nullptr, nullptr, nullptr, &m, &s, nullptr, nullptr,
                           &scratch, &out, &out};
    for (int i = 0; i < 15; ++i) {
      if (tensors[i]) {
        values[i].tag = Tag::Tensor;
        values[i].payload.as_tensor = tensors[i];
      }
      args[i] = &values[i];
    }
    for (int i : {3, 4, 5}) {
      values[i].tag = Tag::IntList;
      values[i].payload.as_int_list = Span<const int64_t>(ones, 2);
    }
    const int64_t ints[] = {6, -3, -128, 127};  // input_offset, output_offset, activation range
    for (int i = 0; i < 4; ++i) {
      EValue& v = values[i < 2 ? 6 + i : 8 + i];
      v.tag = Tag::Int;
      v.payload.as_int = ints[i];
    }
    Conv2d a{};
    a.in = {1, 5, 4, 3};
    a.out = {1, 5, 4, 2};
    a.window = {3, 3, 1, 1, 1, 1};
    a.groups = 1;
    a.input_offset = 6;
    a.rq = {multipliers, shifts, -3, -128, 127};
    a.input = input;
    a.weight = weight;
    a.bias = bias;
    a.output = expected;
    conv2d_reference(a);
  }
  Error run(size_t count = 15) {
    KernelContext context;
    return quantized_conv2d_out(context, Span<EValue*>(args, count));
  }
};

EMBER_TEST(conv2d_kernel_computes_the_reference_result) {
  Conv2dCall call;
  ASSERT_TRUE(call.run() == Error::Ok);
  EXPECT_TRUE(std::memcmp(call.output, call.expected, sizeof call.output) == 0);
}

EMBER_TEST(conv2d_kernel_rejects_what_it_cannot_run) {
  Conv2dCall nchw;  // three channels in NCHW order: not the bytes the kernel reads
  nchw.in.dim_order = kNchw;
  EXPECT_TRUE(nchw.run() == Error::NotSupported);
  Conv2dCall shape;
  shape.out_sizes[2] = 4;  // padding 1 keeps the height at 5
  EXPECT_TRUE(shape.run() == Error::InvalidShape);
  Conv2dCall count;
  EXPECT_TRUE(count.run(14) == Error::InvalidArgument);
  Conv2dCall shift;
  shift.shifts[1] = 40;
  EXPECT_TRUE(shift.run() == Error::InvalidArgument);
  Conv2dCall range;
  range.values[10].payload.as_int = 100;  // activation_min above activation_max
  range.values[11].payload.as_int = 50;
  EXPECT_TRUE(range.run() == Error::InvalidArgument);
  Conv2dCall dtype;
  dtype.in.dtype = ScalarType::Float;
  EXPECT_TRUE(dtype.run() == Error::InvalidType);
}

// softmax on a [2, 4] int8 input, over dim 1.
struct SoftmaxCall {
  int8_t input[8] = {3, 3, 3, 3, -50, -50, 100, -50}, output[8];
  int32_t sizes[2] = {2, 4};
  uint8_t order[2] = {0, 1};
  Tensor in{ScalarType::Char, 2, sizes, order, input};
  Tensor out{ScalarType::Char, 2, sizes, order, output};
  EValue values[9];
  EValue* args[9];

  SoftmaxCall(int64_t shift, int64_t diff_min) {
    const int64_t ints[7] = {0, 1, 0, -128, 1717986918, shift, diff_min};  // (input), dim, zero points, ...
    for (int i = 0; i < 9; ++i) {
      if (i == 0 || i >= 7) {
        values[i].tag = Tag::Tensor;
        values[i].payload.as_tensor = i == 0 ? &in : &out;
      } else {
        values[i].tag = Tag::Int;
        values[i].payload.as_int = ints[i];
      }
      args[i] = &values[i];
    }
  }
  Error run() {
    KernelContext context;
    return softmax_out(context, Span<EValue*>(args, 9));
  }
};

// An int8 diff is at least -255, so diff << shift overflows only past that: shift 23
// holds whatever diff_min says, shift 24 holds for diff_min >= -128 only.
EMBER_TEST(softmax_kernel_takes_every_shift_its_diffs_fit) {
  EXPECT_TRUE(SoftmaxCall(23, -3000).run() == Error::Ok);
  EXPECT_TRUE(SoftmaxCall(24, -124).run() == Error::Ok);
  EXPECT_TRUE(SoftmaxCall(24, -200).run() == Error::InvalidArgument);
  EXPECT_TRUE(SoftmaxCall(31, -1).run() == Error::InvalidArgument);
}

}  // namespace
}  // namespace ember::kernels::cortex_m
