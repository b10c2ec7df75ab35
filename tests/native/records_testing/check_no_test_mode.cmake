# Fails if the production core library (CORE) contains any symbol of the envelope's deterministic
# test mode. The test library (TESTING) must contain them: that proves the pattern matches what it
# is meant to find, so the check can fail.
set(pattern "records7testing|FixedEntropy|deterministic_writer|seal_with_ephemeral")
foreach(lib IN ITEMS CORE TESTING)
  execute_process(COMMAND "${NM}" "${${lib}}" OUTPUT_VARIABLE syms RESULT_VARIABLE rc ERROR_QUIET)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${NM} failed on ${${lib}}")
  endif()
  string(REGEX MATCHALL "[^\n]*(${pattern})[^\n]*" hits "${syms}")
  list(LENGTH hits n)
  if(lib STREQUAL "CORE" AND n GREATER 0)
    message(FATAL_ERROR "ehr_core contains test-mode symbols:\n${hits}")
  endif()
  if(lib STREQUAL "TESTING" AND n EQUAL 0)
    message(FATAL_ERROR "the pattern finds nothing in the test library: the check is broken")
  endif()
endforeach()
message(STATUS "ehr_core has no deterministic-mode symbol")
