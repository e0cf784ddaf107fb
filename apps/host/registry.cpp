#include "registry.h"

#include "ethosu/delegate/simulated_ethos_u.h"
#include "ethosu/u85/npu_mmio.h"
#include "kernels/cortex_m/cortex_m_kernels.h"
#include "kernels/portable/portable_kernels.h"
#include "kernels/quantized/quantized_kernels.h"

namespace ember::tool {
namespace {

// Decoded weights of the largest operation the host simulates (8 MB).
int16_t g_weight_scratch[4 * 1024 * 1024];
// A chained result of the Ethos-U85 (one operation's OFM, 4 MB).
int32_t g_chain_scratch[1024 * 1024];
ethosu::Simulator make_npu() {
  ethosu::Simulator npu(ethosu::NpuConfig{}, Span<int16_t>(g_weight_scratch));
  npu.set_chain_scratch(Span<int32_t>(g_chain_scratch));
  return npu;
}
ethosu::Simulator g_npu = make_npu();
ethosu::SimulatedEthosU g_ethos_u(g_npu, /*adopt_stream_config=*/true);

}  // namespace

Error register_all(KernelRegistry* kernels, BackendRegistry* backends) {
  EMBER_TRY(kernels->add(kernels::quantized_kernels()));
  EMBER_TRY(kernels->add(kernels::portable_kernels()));
  EMBER_TRY(kernels->add(kernels::cortex_m_kernels()));
  EMBER_TRY(backends->add(&g_ethos_u.backend));
  return Error::Ok;
}

const ethosu::EthosUBackend& ethos_u_backend() { return g_ethos_u.backend; }
uint32_t ethos_u_backend_macs() { return g_npu.config().macs_per_cycle; }
const char* ethos_u_backend_product() {
  return g_npu.config().product == ethosu::u85::mmio::kProduct ? "Ethos-U85" : "Ethos-U55";
}

size_t ethos_u_chain_peak_bytes() { return g_npu.chain_peak() * sizeof(int32_t); }
size_t ethos_u_weight_peak_bytes() { return g_npu.weight_peak() * sizeof(int16_t); }

void set_npu_memory(const ethosu::MemorySystem& memory) {
  ethosu::NpuConfig config = g_npu.config();
  config.memory = memory;
  g_npu.configure(config);
}

}  // namespace ember::tool
