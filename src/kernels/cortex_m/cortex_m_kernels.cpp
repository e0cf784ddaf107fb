#include "kernels/cortex_m/cortex_m_kernels.h"

namespace ember::kernels {

Span<const KernelEntry> cortex_m_kernels() {
  using namespace cortex_m;
  static constexpr KernelEntry kEntries[] = {
      {"cortex_m::quantized_conv2d", "out", quantized_conv2d_out},
      {"cortex_m::quantized_depthwise_conv2d", "out", quantized_depthwise_conv2d_out},
      {"cortex_m::quantized_max_pool2d", "out", quantized_max_pool2d_out},
      {"cortex_m::quantized_linear", "out", quantized_linear_out},
      {"cortex_m::quantized_transpose_conv2d", "out", quantized_transpose_conv2d_out},
      {"cortex_m::quantized_avg_pool2d", "out", quantized_avg_pool2d_out},
      {"cortex_m::quantized_add", "out", quantized_add_out},
      {"cortex_m::quantized_mul", "out", quantized_mul_out},
      {"cortex_m::minimum", "out", minimum_out},
      {"cortex_m::maximum", "out", maximum_out},
      {"cortex_m::quantized_activation", "out", quantized_activation_out},
      {"cortex_m::softmax", "out", softmax_out},
      {"cortex_m::quantized_batch_matmul", "out", quantized_batch_matmul_out},
      {"cortex_m::transpose", "out", transpose_out},
      {"cortex_m::pad", "out", pad_out},
  };
  return Span<const KernelEntry>(kEntries);
}

}  // namespace ember::kernels
