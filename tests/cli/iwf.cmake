# imsdp iwf: a whole call scripted through the state file (pair 1: the Chrome example
# through the IMS leg and the IMS UE's answer back; pair 2: the VoLTE example to a browser
# and an answer back), --dry-run leaves the state alone, the plan file and its rtpengine
# form, named errors exit 1 and usage errors 2.
include(${CMAKE_CURRENT_LIST_DIR}/run.cmake)
set(iwf ${EXAMPLES}/iwf)
set(state ${WORK}/iwf-state.json)
file(REMOVE ${state})

run(0 iwf to-ims --policy ${iwf}/policy.json --state ${state} --resources ${iwf}/resources.json
    --plan ${WORK}/iwf-plan.json --explain ${EXAMPLES}/webrtc-offer.sdp)
expect("m=audio 50000 RTP/AVP 96 97 98 99 8 0 100 101")
expect("m=1 m-line: refused \\(video needs RTCP feedback on the IMS leg")
expect("sdp: forward towards ims")
file(WRITE ${WORK}/iwf-ims-offer.sdp "${stdout}")
run(0 lint --profile ims ${WORK}/iwf-ims-offer.sdp)
run(0 iwf check --side ims --type offer ${WORK}/iwf-ims-offer.sdp)
# A second offer while the first pends is glare (491), and leaves the state as it was.
file(READ ${state} before)
run(1 iwf to-ims --state ${state} --resources ${iwf}/resources.json ${EXAMPLES}/webrtc-offer.sdp)
expect("iwf_invalid_state")
file(READ ${state} after)
if(NOT before STREQUAL after)
  message(FATAL_ERROR "a refused translation changed the state")
endif()
run(0 answer --offer ${WORK}/iwf-ims-offer.sdp --caps ${EXAMPLES}/caps-ims-ue.json)
file(WRITE ${WORK}/iwf-ims-answer.sdp "${stdout}")
run(0 iwf to-webrtc --state ${state} --dry-run --plan ${WORK}/iwf-flags.json --rtpengine
    ${WORK}/iwf-ims-answer.sdp)
file(READ ${state} after)
if(NOT before STREQUAL after)
  message(FATAL_ERROR "--dry-run wrote the state")
endif()
file(READ ${WORK}/iwf-flags.json flags)
if(NOT flags MATCHES "\"ICE=force\"" OR NOT flags MATCHES "DTLS=passive" OR NOT flags MATCHES "codec-transcode-opus")
  message(FATAL_ERROR "rtpengine flags: ${flags}")
endif()
run(0 iwf to-webrtc --state ${state} --plan ${WORK}/iwf-plan.json ${WORK}/iwf-ims-answer.sdp)
expect("a=setup:passive")
expect("a=ice-lite")
file(READ ${WORK}/iwf-plan.json plan)
if(NOT plan MATCHES "transcode opus/48000/2<->AMR-WB/16000")
  message(FATAL_ERROR "the plan does not transcode opus to AMR-WB:\n${plan}")
endif()
file(WRITE ${WORK}/iwf-webrtc-answer.sdp "${stdout}")
run(0 iwf check --side webrtc --type answer --offer ${EXAMPLES}/webrtc-offer.sdp
    ${WORK}/iwf-webrtc-answer.sdp)

# Pair 2, with a browser-like answer from the engine.
file(REMOVE ${state})
run(0 iwf to-webrtc --state ${state} --resources ${iwf}/resources.json --explain
    ${EXAMPLES}/volte-offer.sdp)
expect("no alerting until the offerer's preconditions are met")
file(WRITE ${WORK}/iwf-webrtc-offer.sdp "${stdout}")
run(0 answer --offer ${WORK}/iwf-webrtc-offer.sdp --caps ${EXAMPLES}/caps-webrtc.json)
file(WRITE ${WORK}/iwf-browser-answer.sdp "${stdout}")
run(0 iwf to-ims --state ${state} ${WORK}/iwf-browser-answer.sdp)
expect("b=AS:41")
file(WRITE ${WORK}/iwf-ims-answer2.sdp "${stdout}")
run(0 iwf check --side ims --type answer --offer ${EXAMPLES}/volte-offer.sdp
    ${WORK}/iwf-ims-answer2.sdp)

# Named errors exit 1 and name the rule; usage and I/O errors exit 2.
file(REMOVE ${state})
run(1 iwf to-webrtc --state ${state} --resources ${iwf}/resources.json ${EXAMPLES}/sdes-offer.sdp)
expect("iwf_srtp: .*'12.3': m-line 0")
run(1 iwf to-ims --resources ${iwf}/resources.json ${EXAMPLES}/volte-offer.sdp)
expect("iwf_webrtc_transport")
run(1 iwf to-ims --policy ${iwf}/resources.json ${EXAMPLES}/webrtc-offer.sdp)
expect("resources.json:/[a-zA-Z]+: unknown JSON member")
run(1 iwf check --side ims --type offer ${EXAMPLES}/webrtc-offer.sdp)
expect("must not reach the IMS leg")
run(2 iwf to-ims --state ${state} /nonexistent.sdp)
run(2 iwf loop ${EXAMPLES}/webrtc-offer.sdp)
