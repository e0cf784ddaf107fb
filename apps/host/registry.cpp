#include "registry.h"

#include "kernels/portable/portable_kernels.h"
#include "kernels/quantized/quantized_kernels.h"

namespace ember::tool {

Error register_all(KernelRegistry* kernels, BackendRegistry* backends) {
  EMBER_TRY(kernels->add(kernels::quantized_kernels()));
  EMBER_TRY(kernels->add(kernels::portable_kernels()));
  (void)backends;  // the Ethos-U backend registers here once it exists
  return Error::Ok;
}

}  // namespace ember::tool
