// The Ethos-U85's memory-mapped registers where they differ from the U55's
// (regs/npu_mmio.h), as the driver programs them (docs/ethos-u85.md: Vela 5.1's
// ethos_u85_interface.hpp register offsets and fields; the Linux ethosu
// accelerator driver's U85 set-up). ID, STATUS, CMD, RESET, QBASE, QCONFIG,
// QSIZE, PROT, CONFIG, REGIONCFG and BASEPn sit where the U55 has them.
#pragma once
#include <cstdint>

namespace ember::ethosu::u85::mmio {

// The product field (CONFIG bits [31:28]) of a U85, and of the optimizer-config
// word Vela writes in front of a U85 command stream.
constexpr uint32_t kProduct = 2;

// Plain constants (not an enum): the driver picks between these and the U55's.
constexpr uint32_t MemAttr0 = 0x40;  // MEM_ATTR0-3: what a REGIONCFG / QCONFIG index selects (U55: AXI_LIMIT0-3)
constexpr uint32_t AxiSram = 0x50, AxiExt = 0x54;  // outstanding transactions and burst length per AXI port
constexpr uint32_t Pmcr = 0x1180, PmCntEnSet = 0x1184, PmCntEnClr = 0x1188, PmCcntrLo = 0x11A0, PmCcntrHi = 0x11A4;
constexpr uint32_t PmEvCntr0 = 0x1300, PmEvTyper0 = 0x1380;

constexpr uint32_t mem_attr(uint32_t index) { return MemAttr0 + 4 * index; }
constexpr uint32_t pmevcntr(uint32_t i) { return PmEvCntr0 + 4 * i; }
constexpr uint32_t pmevtyper(uint32_t i) { return PmEvTyper0 + 4 * i; }

// MEM_ATTRn: [1:0] shareability domain, [2] AXI port (0 SRAM, 1 EXT), [7:4] AXI memtype.
constexpr uint32_t mem_attr_value(uint32_t domain, uint32_t axi_port, uint32_t memtype) {
  return (domain & 3) | ((axi_port & 1) << 2) | ((memtype & 0xF) << 4);
}
// AXI_SRAM / AXI_EXT: [5:0] max outstanding reads - 1, [12:8] writes - 1, [17:16] max beats.
constexpr uint32_t axi_value(uint32_t reads, uint32_t writes, uint32_t max_beats) {
  return ((reads - 1) & 0x3F) | (((writes - 1) & 0x1F) << 8) | ((max_beats & 3) << 16);
}

namespace status {
// Bit 7 is reserved on the U85 (the U55's weight decoder fault); bit 9 is new.
constexpr uint32_t BranchFault = 1u << 9;
}  // namespace status

}  // namespace ember::ethosu::u85::mmio
