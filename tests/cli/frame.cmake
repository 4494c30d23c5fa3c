# imsdp frame encode | decode | fragment | reassemble: a SPEC with every profile encodes,
# decodes with statistics, survives fragmentation and reassembly out of order, and broken
# input exits 1. Run as: cmake -DIMSDP=<imsdp> -DSPEC=<frame-spec.json> -DWORK=<dir> -P frame.cmake
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

list(GET messages 0 one)
run(1 frame reassemble ${one} -o ${WORK}/none.bin)
file(WRITE ${WORK}/short.bin "not a frame")
run(1 frame decode ${WORK}/short.bin)
string(JSON code GET "${stdout}" error code)
if(NOT code STREQUAL "frame_truncated")
  message(FATAL_ERROR "unexpected error: ${out}")
endif()
run(2 frame decode ${WORK}/missing.bin)
