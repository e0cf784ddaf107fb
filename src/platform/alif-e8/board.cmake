# ember_alif_e8_board(): the board library and the ember_platform interface of
# one E8 M55 core, from the calling folder's board.json, the one place its
# facts live: the linker script's MEMORY block (memory.ld) and the C++ facts
# (board_facts.h) are generated from it at configure time.
set(EMBER_CONSOLE uart CACHE STRING "E8 console: uart (UART2 and UART4) or rtt (SEGGER RTT)")
set_property(CACHE EMBER_CONSOLE PROPERTY STRINGS uart rtt)
set(EMBER_SRAM_POWER run-profile CACHE STRING
  "E8 SRAM power, the way tried first: run-profile (services 310/311), memory-power (307, mask 0x03) or se1107 (SE 1.107 workaround)")
set_property(CACHE EMBER_SRAM_POWER PROPERTY STRINGS run-profile memory-power se1107)
option(EMBER_ALIF_E7_SILICON "E7 silicon memory map (board.json's variants.e7: SRAM1 at 0x08000000, 2.5 MB)" OFF)

set(EMBER_ALIF_E8_DIR ${CMAKE_CURRENT_LIST_DIR})

# Replaces the members of `json` named in variants.<variant>, one level deep
# (a region object is replaced whole).
function(ember_alif_apply_variant json_var variant)
  set(json "${${json_var}}")
  string(JSON overrides GET "${json}" variants ${variant})
  string(JSON count LENGTH "${overrides}")
  math(EXPR last "${count} - 1")
  foreach(i RANGE ${last})
    string(JSON key MEMBER "${overrides}" ${i})
    string(JSON type TYPE "${overrides}" ${key})
    if(type STREQUAL "OBJECT")
      string(JSON inner GET "${overrides}" ${key})
      string(JSON inner_count LENGTH "${inner}")
      math(EXPR inner_last "${inner_count} - 1")
      foreach(j RANGE ${inner_last})
        string(JSON inner_key MEMBER "${inner}" ${j})
        string(JSON value GET "${inner}" ${inner_key})
        string(JSON json SET "${json}" ${key} ${inner_key} "${value}")
      endforeach()
    else()
      string(JSON value GET "${overrides}" ${key})
      string(JSON json SET "${json}" ${key} "\"${value}\"")
    endif()
  endforeach()
  set(${json_var} "${json}" PARENT_SCOPE)
endfunction()

function(ember_alif_e8_board)
  set(json_path ${CMAKE_CURRENT_SOURCE_DIR}/board.json)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${json_path})
  file(READ ${json_path} board)
  if(EMBER_ALIF_E7_SILICON)
    ember_alif_apply_variant(board e7)
  endif()
  string(JSON board REMOVE "${board}" variants)
  # The resolved facts (variant applied) for the memory planner and the deploy files.
  file(WRITE ${CMAKE_BINARY_DIR}/board.json "${board}\n")

  set(EMBER_BOARD_JSON ${json_path})
  string(JSON EMBER_BOARD_NAME GET "${board}" name)
  string(JSON EMBER_BOARD_CORE GET "${board}" core)
  string(JSON EMBER_BOARD_SILICON GET "${board}" silicon)
  string(JSON EMBER_BOARD_JLINK GET "${board}" jlink_device)
  string(JSON EMBER_BOARD_CPU_CLOCK GET "${board}" cpu_clock_hz)
  string(JSON EMBER_BOARD_NPU_BASE GET "${board}" npu base)
  string(JSON EMBER_BOARD_NPU_MACS GET "${board}" npu macs)
  string(JSON EMBER_BOARD_NPU_CLOCK GET "${board}" npu clock_hz)
  string(JSON EMBER_BOARD_NPU_IRQ GET "${board}" npu irq)
  # The E8's Ethos-U85, where this core drives it (board.json npu_u85: the HP core).
  string(JSON npu_u85 ERROR_VARIABLE no_u85 GET "${board}" npu_u85)
  if(no_u85)
    set(EMBER_BOARD_HAS_NPU_U85 false)
    foreach(field BASE MACS CLOCK IRQ CLOCK_ENABLE)
      set(EMBER_BOARD_NPU_U85_${field} 0)
    endforeach()
  else()
    set(EMBER_BOARD_HAS_NPU_U85 true)
    string(JSON EMBER_BOARD_NPU_U85_BASE GET "${npu_u85}" base)
    string(JSON EMBER_BOARD_NPU_U85_MACS GET "${npu_u85}" macs)
    string(JSON EMBER_BOARD_NPU_U85_CLOCK GET "${npu_u85}" clock_hz)
    string(JSON EMBER_BOARD_NPU_U85_IRQ GET "${npu_u85}" irq)
    string(JSON EMBER_BOARD_NPU_U85_CLOCK_ENABLE GET "${npu_u85}" clock_enable)
  endif()
  string(JSON sram0_reach GET "${board}" npu reaches sram0)
  set(EMBER_BOARD_NPU_SRAM0 false)
  if(sram0_reach)
    set(EMBER_BOARD_NPU_SRAM0 true)
  endif()
  foreach(region MRAM ITCM DTCM SRAM0 SRAM1)
    string(TOLOWER ${region} key)
    foreach(field ORIGIN LENGTH)
      string(TOLOWER ${field} member)
      string(JSON value GET "${board}" regions ${key} ${member})
      set(EMBER_BOARD_${region}_${field} ${value})
      math(EXPR EMBER_BOARD_${region}_${field}_HEX "${value}" OUTPUT_FORMAT HEXADECIMAL)
    endforeach()
  endforeach()
  string(JSON EMBER_BOARD_ITCM_GLOBAL GET "${board}" npu_global itcm)
  string(JSON EMBER_BOARD_DTCM_GLOBAL GET "${board}" npu_global dtcm)
  string(JSON EMBER_BOARD_STACK GET "${board}" reserved dtcm_stack)
  string(JSON EMBER_BOARD_HEAP GET "${board}" reserved dtcm_heap)
  string(JSON EMBER_BOARD_STATIC GET "${board}" reserved dtcm_static)

  set(sram_power_ways run-profile memory-power se1107)  # SramPowerPath's order (sram_power.h)
  list(FIND sram_power_ways "${EMBER_SRAM_POWER}" EMBER_SRAM_POWER_FIRST)
  if(EMBER_SRAM_POWER_FIRST LESS 0)
    message(FATAL_ERROR "EMBER_SRAM_POWER must be run-profile, memory-power or se1107, not '${EMBER_SRAM_POWER}'")
  endif()

  set(generated ${CMAKE_CURRENT_BINARY_DIR}/generated)
  configure_file(${EMBER_ALIF_E8_DIR}/memory.ld.in ${generated}/memory.ld @ONLY)
  configure_file(${EMBER_ALIF_E8_DIR}/board_facts.h.in ${generated}/board_facts.h @ONLY)

  if(EMBER_CONSOLE STREQUAL "uart")
    set(console_sources ${EMBER_ALIF_E8_DIR}/uart_console.cpp)
  elseif(EMBER_CONSOLE STREQUAL "rtt")
    set(console_sources ${EMBER_ALIF_E8_DIR}/rtt_console.cpp)
  else()
    message(FATAL_ERROR "EMBER_CONSOLE must be uart or rtt, not '${EMBER_CONSOLE}'")
  endif()

  # Linked whole: newlib's system calls (_write, _sbrk, ...) are only referenced
  # from libc, after this archive on the link line.
  set(library ember_platform_${EMBER_BOARD_NAME})
  add_library(${library} STATIC ${console_sources}
    ${EMBER_ALIF_E8_DIR}/startup.cpp ${EMBER_ALIF_E8_DIR}/core_init.cpp ${EMBER_ALIF_E8_DIR}/mpu.cpp
    ${EMBER_ALIF_E8_DIR}/cache.cpp ${EMBER_ALIF_E8_DIR}/dwt.cpp ${EMBER_ALIF_E8_DIR}/led.cpp
    ${EMBER_ALIF_E8_DIR}/se_transport.cpp ${EMBER_ALIF_E8_DIR}/facts.cpp ${EMBER_ALIF_E8_DIR}/board.cpp
    ${EMBER_ALIF_E8_DIR}/../common/firmware_syscalls.cpp ${EMBER_ALIF_E8_DIR}/../common/stack_watermark.cpp
    # The register-free logic is compiled in (not linked as ember_alif_e8_logic,
    # which the whole-archive link would pull in twice).
    ${EMBER_ALIF_E8_DIR}/rtt_ring.cpp ${EMBER_ALIF_E8_DIR}/se_message.cpp ${EMBER_ALIF_E8_DIR}/sram_power.cpp
    ${EMBER_ALIF_E8_DIR}/dw_uart.cpp)
  target_include_directories(${library} PRIVATE ${EMBER_ALIF_E8_DIR} ${EMBER_ALIF_E8_DIR}/../common ${generated}
    PUBLIC ${CMAKE_SOURCE_DIR}/src/platform/include)
  target_link_libraries(${library} PUBLIC ember_core)
  target_compile_options(${library} PRIVATE ${EMBER_EMBEDDED_FLAGS})

  add_library(ember_platform INTERFACE)
  target_link_libraries(ember_platform INTERFACE -Wl,--whole-archive ${library} -Wl,--no-whole-archive)
  target_link_options(ember_platform INTERFACE -T${EMBER_ALIF_E8_DIR}/linker.ld -L${generated})
  set_property(TARGET ember_platform PROPERTY INTERFACE_LINK_DEPENDS
    ${EMBER_ALIF_E8_DIR}/linker.ld ${generated}/memory.ld)

  # Bring-up firmware: facts, SRAM power (which way worked), every pool written and read back, one NPU interrupt.
  add_executable(alif_e8_bringup ${EMBER_ALIF_E8_DIR}/bringup.cpp)
  target_link_libraries(alif_e8_bringup PRIVATE ember_platform ember_ethosu_driver)
  target_compile_options(alif_e8_bringup PRIVATE ${EMBER_EMBEDDED_FLAGS})

  # The E8 boards share one test entry point (src/testing links it).
  set_property(GLOBAL PROPERTY EMBER_TEST_MAIN_SOURCE ${EMBER_ALIF_E8_DIR}/test_main.cpp)
endfunction()
