#include "kernels/quantized/quantized_kernels.h"

namespace ember::kernels {

Span<const KernelEntry> quantized_kernels() {
  static constexpr KernelEntry kEntries[] = {
      {"quantized_decomposed::quantize_per_tensor", "out", quantize_per_tensor_out},
      {"quantized_decomposed::dequantize_per_tensor", "out", dequantize_per_tensor_out},
      {"quantized_decomposed::dequantize_per_channel", "out", dequantize_per_channel_out},
      {"cortex_m::quantize_per_tensor", "out", quantize_per_tensor_out},
      {"cortex_m::dequantize_per_tensor", "out", dequantize_per_tensor_out},
  };
  return Span<const KernelEntry>(kEntries);
}

}  // namespace ember::kernels
