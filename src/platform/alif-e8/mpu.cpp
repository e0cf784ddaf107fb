#include "board_facts.h"
#include "core_regs.h"
#include "core_setup.h"
#include "mpu_encoding.h"
#include "soc_facts.h"

namespace ember::board {
namespace {

struct MpuRegion {
  uintptr_t base;
  uint32_t length;
  alif::MpuAccess access;
  bool execute_never;
  alif::MpuAttribute attribute;
};

// Everything else keeps the architecture's default map (PRIVDEFENA): the TCMs
// are never cached whatever their attributes.
constexpr MpuRegion kRegions[] = {
    {kMram.origin, kMram.length, alif::MpuAccess::ReadOnly, false, alif::MpuAttribute::NormalWriteThrough},
    {kSram0.origin, kSram0.length, alif::MpuAccess::ReadWrite, true, alif::MpuAttribute::NormalWriteBack},
    {kSram1.origin, kSram1.length, alif::MpuAccess::ReadWrite, true, alif::MpuAttribute::NormalWriteBack},
    {kHostPeripheralsBase, kHostPeripheralsBytes, alif::MpuAccess::ReadWrite, true, alif::MpuAttribute::Device},
    {kPeripheralsBase, kPeripheralsBytes, alif::MpuAccess::ReadWrite, true, alif::MpuAttribute::Device},
};

}  // namespace

uint32_t mpu_region_count() { return (mpu().type >> 8) & 0xFF; }

void mpu_init() {
  data_barrier();
  mpu().ctrl = 0;
  mpu().mair0 = alif::kMair0;
  uint32_t index = 0;
  for (const MpuRegion& region : kRegions) {
    mpu().rnr = index++;
    mpu().rbar = alif::mpu_rbar(region.base, region.access, region.execute_never);
    mpu().rlar = alif::mpu_rlar(region.base, region.length, region.attribute);
  }
  mpu().ctrl = kMpuCtrlEnable | kMpuCtrlPrivilegedDefaultMap;
  data_barrier();
  instruction_barrier();
}

}  // namespace ember::board
