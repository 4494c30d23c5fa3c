# The README demo and the CLI contract: the examples lint and parse, the broken one fails
# with exit code 1 and a caret under the column, echo is lossless, usage errors exit 2.
include(${CMAKE_CURRENT_LIST_DIR}/run.cmake)

foreach(example webrtc-offer.sdp volte-offer.sdp ims-datachannel-offer.sdp)
  run(0 lint --profile lenient ${EXAMPLES}/${example})
  run(0 parse --profile lenient ${EXAMPLES}/${example})
  expect("\"media\"")
  run(0 echo ${EXAMPLES}/${example})
  file(READ ${EXAMPLES}/${example} original)
  if(NOT out STREQUAL original)
    message(FATAL_ERROR "echo is not lossless for ${example}")
  endif()
  run(0 fmt ${EXAMPLES}/${example})
endforeach()

run(1 lint ${EXAMPLES}/broken.sdp)
expect("broken.sdp:[0-9]+:[0-9]+: error: ")
expect("\\^")
run(1 lint --json ${EXAMPLES}/broken.sdp)
expect("\"severity\": \"error\"")
run(2 lint --profile nonsense ${EXAMPLES}/broken.sdp)
run(2 parse /nonexistent/file.sdp)
expect("cannot open /nonexistent/file.sdp: No such file or directory")
# A directory opens but does not read: an I/O error, not an empty description.
run(2 lint ${EXAMPLES})
expect("cannot read .*examples: Is a directory")
run(2 frobnicate)
