# ember_add_test(NAME [HOST_ONLY] SOURCES a_test.cpp ... LIBS lib ...)
# Builds one test binary from test sources that use src/testing/test.h and
# registers it with ctest: run directly on the host, in QEMU on a cross build
# (EMBER_TEST_RUNNER). HOST_ONLY tests read files and run on the host only.
function(ember_add_test name)
  if(NOT EMBER_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "HOST_ONLY" "" "SOURCES;LIBS" ${ARGN})
  if(ARG_HOST_ONLY AND NOT EMBER_PLATFORM STREQUAL "host")
    return()
  endif()
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} ember_testing_main)
  target_compile_options(${name} PRIVATE ${EMBER_EMBEDDED_FLAGS})
  if(EMBER_PLATFORM STREQUAL "host")
    add_test(NAME ${name} COMMAND ${name} WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
    set_tests_properties(${name} PROPERTIES ENVIRONMENT "EMBER_SOURCE_DIR=${CMAKE_SOURCE_DIR}")
  elseif(NOT EMBER_PLATFORM MATCHES "^alif-e8-")  # E8 firmware: built and linked here, run on a board
    add_test(NAME ${name} COMMAND ${EMBER_TEST_RUNNER} $<TARGET_FILE:${name}>)
    set_tests_properties(${name} PROPERTIES TIMEOUT 120)
  endif()
endfunction()
