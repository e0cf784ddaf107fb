// Portable float kernels: what a non-delegated float program (the MNIST example
// exported with --target portable, upstream's add fixture) runs on the CPU.
#pragma once
#include "core/span.h"
#include "runtime/kernel.h"

namespace ember::kernels {

Error convolution_out(KernelContext& context, Span<EValue*> args);
Error relu_out(KernelContext& context, Span<EValue*> args);
Error max_pool2d_with_indices_out(KernelContext& context, Span<EValue*> args);
Error avg_pool2d_out(KernelContext& context, Span<EValue*> args);
Error permute_copy_out(KernelContext& context, Span<EValue*> args);
Error addmm_out(KernelContext& context, Span<EValue*> args);
Error add_out(KernelContext& context, Span<EValue*> args);
Error clone_dim_order_out(KernelContext& context, Span<EValue*> args);

Span<const KernelEntry> portable_kernels();

}  // namespace ember::kernels
