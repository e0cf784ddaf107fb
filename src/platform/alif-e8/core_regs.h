// Cortex-M55 core registers this board uses (ARMv8.1-M System Control Space):
// one volatile struct per block, every offset checked.
#pragma once
#include <cstddef>
#include <cstdint>

namespace ember::board {

struct Scb {                      // 0xE000ED00
  volatile uint32_t cpuid;        // 0x00
  volatile uint32_t icsr;         // 0x04
  volatile uint32_t vtor;         // 0x08
  volatile uint32_t aircr;        // 0x0C
  volatile uint32_t scr;          // 0x10
  volatile uint32_t ccr;          // 0x14
  volatile uint8_t shpr[12];      // 0x18
  volatile uint32_t shcsr;        // 0x24
  volatile uint32_t cfsr;         // 0x28
  volatile uint32_t hfsr;         // 0x2C
  volatile uint32_t dfsr;         // 0x30
  volatile uint32_t mmfar;        // 0x34
  volatile uint32_t bfar;         // 0x38
  volatile uint32_t afsr;         // 0x3C
  uint32_t reserved0[16];         // 0x40 feature registers
  volatile uint32_t ccsidr;       // 0x80
  volatile uint32_t csselr;       // 0x84
  volatile uint32_t cpacr;        // 0x88
  volatile uint32_t nsacr;        // 0x8C
  uint32_t reserved1[21];         // 0x90 MPU (struct Mpu) and SAU
  volatile uint32_t sfsr;         // 0xE4
  volatile uint32_t sfar;         // 0xE8
  uint32_t reserved2;             // 0xEC
  volatile uint32_t dhcsr;        // 0xF0 debug halting control and status
  uint32_t reserved3[2];          // 0xF4 DCRSR, DCRDR
  volatile uint32_t demcr;        // 0xFC
};
static_assert(offsetof(Scb, vtor) == 0x08);
static_assert(offsetof(Scb, ccr) == 0x14);
static_assert(offsetof(Scb, shcsr) == 0x24);
static_assert(offsetof(Scb, cfsr) == 0x28);
static_assert(offsetof(Scb, hfsr) == 0x2C);
static_assert(offsetof(Scb, mmfar) == 0x34);
static_assert(offsetof(Scb, bfar) == 0x38);
static_assert(offsetof(Scb, ccsidr) == 0x80);
static_assert(offsetof(Scb, csselr) == 0x84);
static_assert(offsetof(Scb, cpacr) == 0x88);
static_assert(offsetof(Scb, sfsr) == 0xE4);
static_assert(offsetof(Scb, sfar) == 0xE8);
static_assert(offsetof(Scb, dhcsr) == 0xF0);
static_assert(offsetof(Scb, demcr) == 0xFC);

constexpr uint32_t kCcrDCache = 1u << 16;
constexpr uint32_t kCcrICache = 1u << 17;
constexpr uint32_t kShcsrMemFaultEnable = 1u << 16;
constexpr uint32_t kShcsrBusFaultEnable = 1u << 17;
constexpr uint32_t kShcsrUsageFaultEnable = 1u << 18;
constexpr uint32_t kShcsrSecureFaultEnable = 1u << 19;
constexpr uint32_t kCpacrCp10Cp11Full = 0xFu << 20;
constexpr uint32_t kDemcrTraceEnable = 1u << 24;
constexpr uint32_t kDhcsrDebugEnabled = 1u << 0;  // C_DEBUGEN: a debugger is attached

struct Mpu {                      // 0xE000ED90
  volatile uint32_t type;         // 0x00 DREGION in bits 15:8
  volatile uint32_t ctrl;         // 0x04
  volatile uint32_t rnr;          // 0x08
  volatile uint32_t rbar;         // 0x0C
  volatile uint32_t rlar;         // 0x10
  uint32_t reserved0[7];          // 0x14 aliases
  volatile uint32_t mair0;        // 0x30
  volatile uint32_t mair1;        // 0x34
};
static_assert(offsetof(Mpu, rbar) == 0x0C);
static_assert(offsetof(Mpu, rlar) == 0x10);
static_assert(offsetof(Mpu, mair0) == 0x30);

constexpr uint32_t kMpuCtrlEnable = 1u << 0;
constexpr uint32_t kMpuCtrlPrivilegedDefaultMap = 1u << 2;

struct Nvic {                     // 0xE000E100
  volatile uint32_t iser[16];     // 0x000
  uint32_t reserved0[16];
  volatile uint32_t icer[16];     // 0x080
  uint32_t reserved1[144];        // 0x0C0 pending, active, target state
  volatile uint8_t ipr[496];      // 0x300
};
static_assert(offsetof(Nvic, icer) == 0x080);
static_assert(offsetof(Nvic, ipr) == 0x300);

struct CacheMaintenance {         // 0xE000EF50
  volatile uint32_t iciallu;      // 0x00 invalidate all instruction cache
  uint32_t reserved0;             // 0x04
  volatile uint32_t icimvau;      // 0x08
  volatile uint32_t dcimvac;      // 0x0C invalidate data line by address
  volatile uint32_t dcisw;        // 0x10 invalidate data line by set/way
  volatile uint32_t dccmvau;      // 0x14
  volatile uint32_t dccmvac;      // 0x18 clean data line by address
  volatile uint32_t dccsw;        // 0x1C
  volatile uint32_t dccimvac;     // 0x20 clean and invalidate data line by address
};
static_assert(offsetof(CacheMaintenance, dcimvac) == 0x0C);
static_assert(offsetof(CacheMaintenance, dcisw) == 0x10);
static_assert(offsetof(CacheMaintenance, dccmvac) == 0x18);
static_assert(offsetof(CacheMaintenance, dccimvac) == 0x20);

struct Dwt {                      // 0xE0001000
  volatile uint32_t ctrl;         // 0x00
  volatile uint32_t cyccnt;       // 0x04
};
static_assert(offsetof(Dwt, cyccnt) == 0x04);

constexpr uint32_t kDwtCtrlCycleCounterEnable = 1u << 0;
constexpr uint32_t kDwtCtrlNoCycleCounter = 1u << 25;

inline Scb& scb() { return *reinterpret_cast<Scb*>(0xE000ED00); }
inline Mpu& mpu() { return *reinterpret_cast<Mpu*>(0xE000ED90); }
inline Nvic& nvic() { return *reinterpret_cast<Nvic*>(0xE000E100); }
inline CacheMaintenance& cache_maintenance() { return *reinterpret_cast<CacheMaintenance*>(0xE000EF50); }
inline Dwt& dwt() { return *reinterpret_cast<Dwt*>(0xE0001000); }

inline void data_barrier() { __asm__ volatile("dsb 0xF" ::: "memory"); }
inline void instruction_barrier() { __asm__ volatile("isb 0xF" ::: "memory"); }

}  // namespace ember::board
