# ember_add_test(NAME SOURCES a_test.cpp ... LIBS lib ...)
# Builds one test binary from test sources that use src/testing/test.h and
# registers it with ctest. The same sources can later be linked into firmware.
function(ember_add_test name)
  if(NOT EMBER_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} ember_testing_main)
  target_compile_options(${name} PRIVATE ${EMBER_EMBEDDED_FLAGS})
  add_test(NAME ${name} COMMAND ${name} WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  set_tests_properties(${name} PROPERTIES ENVIRONMENT "EMBER_SOURCE_DIR=${CMAKE_SOURCE_DIR}")
endfunction()
