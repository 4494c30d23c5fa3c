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
# Cross-line rules (sdp::validate): a group tag without its mid warns, an ssrc-group member
# without its ssrc line is an error, each at its byte.
set(cross ${CMAKE_CURRENT_BINARY_DIR}/cross-line.sdp)
string(CONCAT text "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE a b\r\n"
       "m=video 9 RTP/AVP 96\r\nc=IN IP4 192.0.2.1\r\na=mid:a\r\na=rtpmap:96 VP8/90000\r\n"
       "a=ssrc-group:FID 1 2\r\na=ssrc:1 cname:x\r\n")
file(WRITE ${cross} "${text}")
run(1 lint ${cross})
expect("cross-line.sdp:5:18: warning: dangling reference in 'group': no m= section has a=mid:b")
expect("cross-line.sdp:10:20: error: dangling reference in 'ssrc-group': ssrc 2 has no a=ssrc")
run(2 parse /nonexistent/file.sdp)
expect("cannot open /nonexistent/file.sdp: No such file or directory")
# A directory opens but does not read: an I/O error, not an empty description.
run(2 lint ${EXAMPLES})
expect("cannot read .*examples: Is a directory")
run(2 frobnicate)
