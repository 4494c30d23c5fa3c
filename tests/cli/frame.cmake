# imsdp frame encode | decode | fragment | reassemble | steps: a SPEC with every profile
# encodes, decodes with statistics, survives fragmentation and reassembly out of order, and
# the loss of a fragment with parity; the
# example steps of a stateful split give their verdicts; broken input exits 1. Run as:
# cmake -DIMSDP=<imsdp> -DSPEC=<frame-spec.json> -DWORK=<dir> -DEXAMPLES=<examples> -P frame.cmake
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})

include(${CMAKE_CURRENT_LIST_DIR}/run.cmake)

run(0 frame encode ${SPEC} -o ${WORK}/frame.bin)
run(0 frame decode ${WORK}/frame.bin)
string(JSON count GET "${stdout}" header tensorCount)
string(JSON mid GET "${stdout}" tlvs 0 value)
string(JSON mean GET "${stdout}" tensors 1 statistics mean)
string(JSON codec GET "${stdout}" tensors 1 codec)
string(JSON sequence GET "${stdout}" tlvs 2 value sequenceId)
if(NOT count EQUAL 6 OR NOT mid STREQUAL "v0" OR NOT codec STREQUAL "zstd" OR NOT mean EQUAL 11
   OR NOT sequence EQUAL 7)
  message(FATAL_ERROR "unexpected decode: ${out}")
endif()

run(0 frame fragment ${WORK}/frame.bin --max-message-size 200 --seq 9 -o ${WORK}/msg)
file(GLOB messages ${WORK}/msg.*)
list(LENGTH messages n)
if(n LESS 3)
  message(FATAL_ERROR "expected several fragments, got ${n}")
endif()
list(REVERSE messages)
run(0 frame reassemble ${messages} -o ${WORK}/back.bin)
file(READ ${WORK}/frame.bin original HEX)
file(READ ${WORK}/back.bin back HEX)
if(NOT original STREQUAL back)
  message(FATAL_ERROR "reassembled frame differs")
endif()

# Parity: one parity fragment per 2 data fragments; without message 1 the frame is rebuilt.
run(0 frame fragment ${WORK}/frame.bin --max-message-size 200 --seq 10 --parity 2
    -o ${WORK}/par)
file(GLOB data_messages ${WORK}/par.0*)
file(GLOB parity_messages ${WORK}/par.p*)
list(REMOVE_ITEM data_messages ${WORK}/par.0001)
run(0 frame reassemble ${data_messages} ${parity_messages} -o ${WORK}/rebuilt.bin)
string(JSON rebuilt GET "${stdout}" rebuilt)
file(READ ${WORK}/rebuilt.bin again HEX)
if(NOT rebuilt EQUAL 1 OR NOT original STREQUAL again)
  message(FATAL_ERROR "parity did not rebuild the frame: ${stdout}")
endif()
run(2 frame fragment ${WORK}/frame.bin --max-message-size 200 --parity 999 -o ${WORK}/bad)

# A batch of two requests with ragged lengths, and the request id.
run(0 frame encode ${EXAMPLES}/frame/batch.json -o ${WORK}/batch.bin)
run(0 frame decode ${WORK}/batch.bin)
string(JSON request GET "${stdout}" tlvs 0 value)
string(JSON second_row GET "${stdout}" tlvs 1 value items 1 firstRow)
if(NOT request EQUAL 7001 OR NOT second_row EQUAL 2)
  message(FATAL_ERROR "unexpected batch: ${stdout}")
endif()

# Stateful steps: the prefill and step 17 apply, step 17 again is a replay, 19 is a gap.
foreach(f prefill decode-step decode-step-19)
  run(0 frame encode ${EXAMPLES}/frame/${f}.json -o ${WORK}/${f}.bin)
endforeach()
run(0 frame steps ${WORK}/prefill.bin ${WORK}/decode-step.bin ${WORK}/decode-step.bin
    ${WORK}/decode-step-19.bin)
string(JSON v2 GET "${stdout}" steps 2 verdict)
string(JSON v3 GET "${stdout}" steps 3 verdict)
string(JSON applied GET "${stdout}" applied)
if(NOT v2 STREQUAL "replayed" OR NOT v3 STREQUAL "gap" OR NOT applied EQUAL 2)
  message(FATAL_ERROR "unexpected steps: ${stdout}")
endif()
list(GET messages 0 one)
run(1 frame reassemble ${one} -o ${WORK}/none.bin)
file(WRITE ${WORK}/short.bin "not a frame")
run(1 frame steps ${WORK}/short.bin)
run(1 frame decode ${WORK}/short.bin)
string(JSON code GET "${stdout}" error code)
if(NOT code STREQUAL "frame_truncated")
  message(FATAL_ERROR "unexpected error: ${out}")
endif()
run(2 frame decode ${WORK}/missing.bin)
