// Quantize / dequantize per tensor (and dequantize per channel), registered under both namespaces upstream
// programs use: quantized_decomposed:: (ExecuTorch 1.4) and cortex_m:: (~1.0).
#pragma once
#include "core/span.h"
#include "runtime/kernel.h"

namespace ember::kernels {

Error quantize_per_tensor_out(KernelContext& context, Span<EValue*> args);
Error dequantize_per_tensor_out(KernelContext& context, Span<EValue*> args);
Error dequantize_per_channel_out(KernelContext& context, Span<EValue*> args);

Span<const KernelEntry> quantized_kernels();

}  // namespace ember::kernels
