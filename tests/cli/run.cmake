# The CLI scripts' helpers. run(expected_code ARGS...) runs ${IMSDP} ARGS and fails unless
# it exits with expected_code; it sets `out` to what it printed (standard output, then
# standard error) and `stdout` to standard output alone. expect(pattern) fails unless `out`
# matches the pattern.
function(run expected_code)
  execute_process(COMMAND ${IMSDP} ${ARGN} RESULT_VARIABLE code OUTPUT_VARIABLE stdout ERROR_VARIABLE err)
  if(NOT code EQUAL expected_code)
    message(FATAL_ERROR "imsdp ${ARGN}: exit ${code}, expected ${expected_code}\n${stdout}\n${err}")
  endif()
  set(out "${stdout}${err}" PARENT_SCOPE)
  set(stdout "${stdout}" PARENT_SCOPE)
endfunction()

function(expect pattern)
  if(NOT out MATCHES "${pattern}")
    message(FATAL_ERROR "expected '${pattern}' in:\n${out}")
  endif()
endfunction()
