// Portable float kernels: what a non-delegated float program runs on the CPU
// (upstream's default flow, `--target portable`), and the float operators a
// partially delegated model leaves beside the NPU. One function per operator
// overload; the table in portable_kernels.cpp names them.
#pragma once
#include "core/span.h"
#include "runtime/kernel.h"

namespace ember::kernels {

Error convolution_out(KernelContext& context, Span<EValue*> args);
Error relu_out(KernelContext& context, Span<EValue*> args);
Error max_pool2d_with_indices_out(KernelContext& context, Span<EValue*> args);
Error avg_pool2d_out(KernelContext& context, Span<EValue*> args);
Error adaptive_avg_pool2d_out(KernelContext& context, Span<EValue*> args);
Error permute_copy_out(KernelContext& context, Span<EValue*> args);
Error addmm_out(KernelContext& context, Span<EValue*> args);
Error mm_out(KernelContext& context, Span<EValue*> args);
Error linear_out(KernelContext& context, Span<EValue*> args);
Error bmm_out(KernelContext& context, Span<EValue*> args);
Error add_out(KernelContext& context, Span<EValue*> args);
Error sub_out(KernelContext& context, Span<EValue*> args);
Error mul_out(KernelContext& context, Span<EValue*> args);
Error mul_scalar_out(KernelContext& context, Span<EValue*> args);
Error div_out(KernelContext& context, Span<EValue*> args);
Error div_mode_out(KernelContext& context, Span<EValue*> args);
Error maximum_out(KernelContext& context, Span<EValue*> args);
Error minimum_out(KernelContext& context, Span<EValue*> args);
Error pow_tensor_tensor_out(KernelContext& context, Span<EValue*> args);
Error pow_tensor_scalar_out(KernelContext& context, Span<EValue*> args);
Error abs_out(KernelContext& context, Span<EValue*> args);
Error neg_out(KernelContext& context, Span<EValue*> args);
Error exp_out(KernelContext& context, Span<EValue*> args);
Error log_out(KernelContext& context, Span<EValue*> args);
Error sqrt_out(KernelContext& context, Span<EValue*> args);
Error rsqrt_out(KernelContext& context, Span<EValue*> args);
Error reciprocal_out(KernelContext& context, Span<EValue*> args);
Error sigmoid_out(KernelContext& context, Span<EValue*> args);
Error tanh_out(KernelContext& context, Span<EValue*> args);
Error gelu_out(KernelContext& context, Span<EValue*> args);
Error hardsigmoid_out(KernelContext& context, Span<EValue*> args);
Error clamp_out(KernelContext& context, Span<EValue*> args);
Error hardtanh_out(KernelContext& context, Span<EValue*> args);
Error leaky_relu_out(KernelContext& context, Span<EValue*> args);
Error elu_out(KernelContext& context, Span<EValue*> args);
Error gt_tensor_out(KernelContext& context, Span<EValue*> args);
Error gt_scalar_out(KernelContext& context, Span<EValue*> args);
Error ge_tensor_out(KernelContext& context, Span<EValue*> args);
Error ge_scalar_out(KernelContext& context, Span<EValue*> args);
Error lt_tensor_out(KernelContext& context, Span<EValue*> args);
Error lt_scalar_out(KernelContext& context, Span<EValue*> args);
Error le_tensor_out(KernelContext& context, Span<EValue*> args);
Error le_scalar_out(KernelContext& context, Span<EValue*> args);
Error eq_tensor_out(KernelContext& context, Span<EValue*> args);
Error eq_scalar_out(KernelContext& context, Span<EValue*> args);
Error ne_tensor_out(KernelContext& context, Span<EValue*> args);
Error ne_scalar_out(KernelContext& context, Span<EValue*> args);
Error where_out(KernelContext& context, Span<EValue*> args);
Error logical_not_out(KernelContext& context, Span<EValue*> args);
Error sum_out(KernelContext& context, Span<EValue*> args);
Error any_out(KernelContext& context, Span<EValue*> args);
Error mean_out(KernelContext& context, Span<EValue*> args);
Error amax_out(KernelContext& context, Span<EValue*> args);
Error amin_out(KernelContext& context, Span<EValue*> args);
Error argmax_out(KernelContext& context, Span<EValue*> args);
Error argmin_out(KernelContext& context, Span<EValue*> args);
Error softmax_out(KernelContext& context, Span<EValue*> args);
Error log_softmax_out(KernelContext& context, Span<EValue*> args);
Error native_layer_norm_out(KernelContext& context, Span<EValue*> args);
Error batch_norm_no_training_out(KernelContext& context, Span<EValue*> args);
Error view_copy_out(KernelContext& context, Span<EValue*> args);
Error squeeze_copy_dims_out(KernelContext& context, Span<EValue*> args);
Error unsqueeze_copy_out(KernelContext& context, Span<EValue*> args);
Error expand_copy_out(KernelContext& context, Span<EValue*> args);
Error select_copy_out(KernelContext& context, Span<EValue*> args);
Error slice_copy_out(KernelContext& context, Span<EValue*> args);
Error cat_out(KernelContext& context, Span<EValue*> args);
Error split_with_sizes_copy_out(KernelContext& context, Span<EValue*> args);
Error repeat_out(KernelContext& context, Span<EValue*> args);
Error constant_pad_nd_out(KernelContext& context, Span<EValue*> args);
Error index_tensor_out(KernelContext& context, Span<EValue*> args);
Error index_select_out(KernelContext& context, Span<EValue*> args);
Error embedding_out(KernelContext& context, Span<EValue*> args);
Error upsample_nearest2d_out(KernelContext& context, Span<EValue*> args);
Error upsample_bilinear2d_out(KernelContext& context, Span<EValue*> args);
Error full_out(KernelContext& context, Span<EValue*> args);
Error full_like_out(KernelContext& context, Span<EValue*> args);
Error scalar_tensor_out(KernelContext& context, Span<EValue*> args);
Error arange_start_out(KernelContext& context, Span<EValue*> args);
Error clone_dim_order_out(KernelContext& context, Span<EValue*> args);
Error to_dim_order_copy_out(KernelContext& context, Span<EValue*> args);

Span<const KernelEntry> portable_kernels();

}  // namespace ember::kernels
