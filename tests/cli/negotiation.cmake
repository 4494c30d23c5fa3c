# imsdp answer and imsdp negotiate: the answer to the IMS example offer re-parses under
# strict and keeps configurations 1-3; --explain says why 4 and 5 are refused; the example
# script reaches ACTIVE on configuration 2; bad inputs exit 1 or 2.
function(run expected_code)
  execute_process(COMMAND ${IMSDP} ${ARGN} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code EQUAL expected_code)
    message(FATAL_ERROR "imsdp ${ARGN}: exit ${code}, expected ${expected_code}\n${out}\n${err}")
  endif()
  set(out "${out}" PARENT_SCOPE)
  set(err "${err}" PARENT_SCOPE)
endfunction()

run(0 answer --offer ${EXAMPLES}/ims-datachannel-offer.sdp --caps ${EXAMPLES}/caps-ims-ue.json --explain)
if(NOT out MATCHES "3gpp-aiml-split:3 nw" OR out MATCHES "3gpp-aiml-split:4")
  message(FATAL_ERROR "the answer does not keep configurations 1-3 only:\n${out}")
endif()
if(NOT err MATCHES "cfg 4: refused \\(task urn:3gpp:aiml:task:mt not supported\\)")
  message(FATAL_ERROR "--explain does not say why configuration 4 is refused:\n${err}")
endif()
file(WRITE ${WORK}/answer.sdp "${out}")
run(0 lint --profile strict ${WORK}/answer.sdp)

run(0 negotiate ${EXAMPLES}/negotiate-ims.json)
if(NOT out MATCHES "task-start-resp received => ACTIVE cfg=1" OR
   NOT out MATCHES "split-select sent cfg=2 => SWITCHING to cfg=2" OR
   NOT out MATCHES "split-select received cfg=2 => ACTIVE cfg=2")
  message(FATAL_ERROR "the example script does not reach ACTIVE on 1, then 2:\n${out}")
endif()

run(1 answer --profile strict --offer ${EXAMPLES}/broken.sdp --caps ${EXAMPLES}/caps-ims-ue.json)
run(1 answer --offer ${EXAMPLES}/ims-datachannel-offer.sdp --caps ${EXAMPLES}/ims-datachannel-offer.sdp)
run(2 answer --offer /nonexistent.sdp --caps ${EXAMPLES}/caps-ims-ue.json)
run(2 answer --offer ${EXAMPLES}/ims-datachannel-offer.sdp)
run(1 negotiate ${EXAMPLES}/caps-ims-ue.json)
