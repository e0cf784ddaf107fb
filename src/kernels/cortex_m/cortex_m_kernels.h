// The cortex_m:: operators of upstream's Cortex-M flow, as ember kernels.
#pragma once
#include "core/span.h"
#include "runtime/kernel.h"

namespace ember::kernels::cortex_m {

Error quantized_conv2d_out(KernelContext& context, Span<EValue*> args);
Error quantized_depthwise_conv2d_out(KernelContext& context, Span<EValue*> args);
Error quantized_max_pool2d_out(KernelContext& context, Span<EValue*> args);
Error quantized_linear_out(KernelContext& context, Span<EValue*> args);
Error quantized_transpose_conv2d_out(KernelContext& context, Span<EValue*> args);
Error quantized_avg_pool2d_out(KernelContext& context, Span<EValue*> args);
Error quantized_add_out(KernelContext& context, Span<EValue*> args);
Error quantized_mul_out(KernelContext& context, Span<EValue*> args);
Error minimum_out(KernelContext& context, Span<EValue*> args);
Error maximum_out(KernelContext& context, Span<EValue*> args);
Error quantized_activation_out(KernelContext& context, Span<EValue*> args);
Error softmax_out(KernelContext& context, Span<EValue*> args);
Error quantized_batch_matmul_out(KernelContext& context, Span<EValue*> args);
Error transpose_out(KernelContext& context, Span<EValue*> args);
Error pad_out(KernelContext& context, Span<EValue*> args);

}  // namespace ember::kernels::cortex_m

namespace ember::kernels {

// cortex_m::quantize_per_tensor / dequantize_per_tensor stay in quantized_kernels().
Span<const KernelEntry> cortex_m_kernels();

}  // namespace ember::kernels
