// libFuzzer target over the Ethos-U payload parser and the command stream:
// arbitrary bytes (or the delegate payload found in a .pte, so the upstream
// fixtures seed it) through parse_payload, the COP header and a run through the
// driver on the simulated NPU. Anything but a clean Error is a bug, and after
// every run, faulted or not, a known-good stream must run correctly: the reset
// after a fault has to leave the NPU usable. Run: scripts/fuzz.sh [seconds].
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "ethosu/delegate/cop_header.h"
#include "ethosu/delegate/payload.h"
#include "ethosu/driver/npu_driver.h"
#include "ethosu/driver/simulated_npu.h"

namespace {

using namespace ember;
using namespace ember::ethosu;

int16_t g_weight_scratch[1 << 18];
// A small work budget (2^18 element operations) keeps fuzzing fast; a fuzzed
// stream asking for more "hangs".
Simulator g_sim(NpuConfig{128, 24 * 1024, uint64_t{1} << 18}, Span<int16_t>(g_weight_scratch));
SimulatedNpu g_npu(g_sim);
DriverConfig quick() {
  DriverConfig c;
  c.run_poll_limit = 4;
  return c;
}
NpuDriver g_driver(g_npu, quick());
constexpr uint32_t kMaxScratch = 1 << 20;
alignas(16) uint8_t g_scratch[kMaxScratch];

Error run(Span<const uint8_t> stream, Span<const uint8_t> weights, uint8_t* scratch, uint32_t scratch_size) {
  g_npu.unmap_all();
  g_npu.map({reinterpret_cast<uintptr_t>(stream.data), const_cast<uint8_t*>(stream.data), stream.size, true});
  if (weights.size) g_npu.map({reinterpret_cast<uintptr_t>(weights.data), const_cast<uint8_t*>(weights.data), weights.size, true});
  g_npu.map({reinterpret_cast<uintptr_t>(scratch), scratch, scratch_size, false});
  NpuJob job;
  job.command_stream = stream;
  job.regions[0] = {weights.data, weights.size, false};
  job.regions[1] = {scratch, scratch_size, true};
  job.regions[2] = {scratch, scratch_size, true};
  job.region_count = 3;
  NpuJobResult result;
  return g_driver.run(job, &result);
}

// DMA 16 bytes from region 1 offset 0 to offset 16, then STOP.
void check_npu_still_works() {
  alignas(16) static const uint32_t kCopy[] = {0x130 | (1u << 16), 0x131 | (1u << 16), 0x4030, 0, 0x4031, 16, 0x4032, 16,
                                               0x010, 0x011, 0x000, 0};
  for (uint32_t i = 0; i < 32; ++i) g_scratch[i] = static_cast<uint8_t>(i < 16 ? i + 1 : 0);
  Span<const uint8_t> stream(reinterpret_cast<const uint8_t*>(kCopy), 4 * 11);
  if (run(stream, Span<const uint8_t>(), g_scratch, 64) != Error::Ok || std::memcmp(g_scratch, g_scratch + 16, 16) != 0)
    std::abort();  // the NPU did not recover from the previous run
}

Span<const uint8_t> payload_in(const uint8_t* data, size_t size) {
  static const char kMagic[] = "vela_bin_stream";
  if (size >= 8 && std::memcmp(data + 4, "ET12", 4) == 0) {
    for (size_t i = 0; i + sizeof(kMagic) <= size; ++i)
      if (std::memcmp(data + i, kMagic, sizeof(kMagic)) == 0) return Span<const uint8_t>(data + i, size - i);
  }
  return Span<const uint8_t>(data, size);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // The delegate gets 16-byte-aligned payloads; the parser checks, the copy provides.
  std::vector<uint8_t> storage(size + 16);
  auto* buffer = reinterpret_cast<uint8_t*>((reinterpret_cast<uintptr_t>(storage.data()) + 15) & ~uintptr_t{15});
  if (size) std::memcpy(buffer, data, size);
  Result<Payload> payload = parse_payload(payload_in(buffer, size));
  if (!payload.ok()) return 0;
  Result<CommandStream> stream = parse_cop_header(payload.value().command_stream);
  if (!stream.ok() || payload.value().scratch_size > kMaxScratch) return 0;
  std::memset(g_scratch, 0, payload.value().scratch_size);
  static_cast<void>(run(stream.value().words, payload.value().weights, g_scratch, payload.value().scratch_size));
  check_npu_still_works();
  return 0;
}
