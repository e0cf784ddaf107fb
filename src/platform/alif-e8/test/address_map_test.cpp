#include "address_map.h"

#include "testing/test.h"

using namespace ember::alif;

namespace {

// The HE core's TCMs (spec: ITCM 256 KB at 0x58000000, DTCM 256 KB at 0x58800000 globally).
constexpr TcmWindow kItcm{0x00000000, 256 * 1024, 0x58000000};
constexpr TcmWindow kDtcm{0x20000000, 256 * 1024, 0x58800000};
constexpr MemoryRange kMram{0x80000000, 2 * 1024 * 1024};

}  // namespace

EMBER_TEST(tcm_local_addresses_map_to_their_global_alias) {
  EXPECT_EQ(to_global_address(0x20000000, kItcm, kDtcm), 0x58800000u);
  EXPECT_EQ(to_global_address(0x20001234, kItcm, kDtcm), 0x58801234u);
  EXPECT_EQ(to_global_address(0x2003FFFF, kItcm, kDtcm), 0x5883FFFFu);
  EXPECT_EQ(to_global_address(0x00000100, kItcm, kDtcm), 0x58000100u);
}

EMBER_TEST(tcm_second_local_alias_maps_too) {
  EXPECT_EQ(to_global_address(0x21000040, kItcm, kDtcm), 0x58800040u);
  EXPECT_EQ(to_global_address(0x01000040, kItcm, kDtcm), 0x58000040u);
}

EMBER_TEST(addresses_outside_the_tcms_are_unchanged) {
  EXPECT_EQ(to_global_address(0x02000000, kItcm, kDtcm), 0x02000000u);  // SRAM0
  EXPECT_EQ(to_global_address(0x80000010, kItcm, kDtcm), 0x80000010u);  // MRAM
  EXPECT_EQ(to_global_address(0x20040000, kItcm, kDtcm), 0x20040000u);  // past the 256 KB DTCM
  EXPECT_EQ(to_global_address(0x58800000, kItcm, kDtcm), 0x58800000u);  // already global
}

EMBER_TEST(hp_dtcm_of_one_megabyte) {
  constexpr TcmWindow hp_dtcm{0x20000000, 1024 * 1024, 0x50800000};
  EXPECT_EQ(to_global_address(0x200FFFF0, kItcm, hp_dtcm), 0x508FFFF0u);
}

EMBER_TEST(only_sram_needs_cache_maintenance) {
  EXPECT_TRUE(needs_cache_maintenance(0x02000000, kItcm, kDtcm, kMram));
  EXPECT_TRUE(needs_cache_maintenance(0x02400000, kItcm, kDtcm, kMram));
  EXPECT_TRUE(!needs_cache_maintenance(0x20000100, kItcm, kDtcm, kMram));
  EXPECT_TRUE(!needs_cache_maintenance(0x21000100, kItcm, kDtcm, kMram));
  EXPECT_TRUE(!needs_cache_maintenance(0x80001000, kItcm, kDtcm, kMram));
}

EMBER_TEST(cache_lines_cover_the_buffer_and_flag_shared_edges) {
  CacheLines aligned = cache_lines(0x02000040, 64);
  EXPECT_EQ(aligned.first, 0x02000040u);
  EXPECT_EQ(aligned.count, 2u);
  EXPECT_TRUE(!aligned.first_partial && !aligned.last_partial);

  CacheLines unaligned = cache_lines(0x02000045, 40);  // 0x45..0x6C: lines 0x40 and 0x60
  EXPECT_EQ(unaligned.first, 0x02000040u);
  EXPECT_EQ(unaligned.count, 2u);
  EXPECT_TRUE(unaligned.first_partial && unaligned.last_partial);

  CacheLines one_byte = cache_lines(0x0200003F, 1);
  EXPECT_EQ(one_byte.first, 0x02000020u);
  EXPECT_EQ(one_byte.count, 1u);

  EXPECT_EQ(cache_lines(0x02000000, 0).count, 0u);
}
