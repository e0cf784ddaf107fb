#include "kernels/cortex_m/cortex_m_kernels.h"

namespace ember::kernels {

Span<const KernelEntry> cortex_m_kernels() {
  using namespace cortex_m;
  static constexpr KernelEntry kEntries[] = {
      {"cortex_m::quantized_conv2d", "out", quantized_conv2d_out},
      {"cortex_m::quantized_depthwise_conv2d", "out", quantized_depthwise_conv2d_out},
      {"cortex_m::quantized_max_pool2d", "out", quantized_max_pool2d_out},
      {"cortex_m::quantized_linear", "out", quantized_linear_out},
  };
  return Span<const KernelEntry>(kEntries);
}

}  // namespace ember::kernels
