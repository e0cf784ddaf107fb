#include "kernels/portable/portable_kernels.h"

namespace ember::kernels {

Span<const KernelEntry> portable_kernels() {
  static constexpr KernelEntry kEntries[] = {
      {"aten::convolution", "out", convolution_out},
      {"aten::relu", "out", relu_out},
      {"aten::max_pool2d_with_indices", "out", max_pool2d_with_indices_out},
      {"aten::avg_pool2d", "out", avg_pool2d_out},
      {"aten::permute_copy", "out", permute_copy_out},
      {"aten::addmm", "out", addmm_out},
      {"aten::add", "out", add_out},
      {"dim_order_ops::_clone_dim_order", "out", clone_dim_order_out},
  };
  return Span<const KernelEntry>(kEntries);
}

}  // namespace ember::kernels
