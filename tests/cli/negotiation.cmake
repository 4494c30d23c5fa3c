# imsdp answer and imsdp negotiate: the answer to the IMS example offer re-parses under
# strict and keeps configurations 1-3; --explain says why 4 and 5 are refused; the example
# script reaches ACTIVE on configuration 2; bad inputs exit 1 or 2.
include(${CMAKE_CURRENT_LIST_DIR}/run.cmake)

run(0 answer --offer ${EXAMPLES}/ims-datachannel-offer.sdp --caps ${EXAMPLES}/caps-ims-ue.json --explain)
expect("cfg 4: refused \\(task urn:3gpp:aiml:task:mt not supported\\)")
if(NOT stdout MATCHES "3gpp-aiml-split:3 nw" OR stdout MATCHES "3gpp-aiml-split:4")
  message(FATAL_ERROR "the answer does not keep configurations 1-3 only:\n${stdout}")
endif()
file(WRITE ${WORK}/answer.sdp "${stdout}")
run(0 lint --profile strict ${WORK}/answer.sdp)

run(0 negotiate ${EXAMPLES}/negotiate-ims.json)
expect("task-start-resp received => ACTIVE cfg=1")
expect("split-select sent cfg=2 => SWITCHING to cfg=2")
expect("split-select received cfg=2 => ACTIVE cfg=2")

run(1 answer --profile strict --offer ${EXAMPLES}/broken.sdp --caps ${EXAMPLES}/caps-ims-ue.json)
run(1 answer --offer ${EXAMPLES}/ims-datachannel-offer.sdp --caps ${EXAMPLES}/ims-datachannel-offer.sdp)
run(2 answer --offer /nonexistent.sdp --caps ${EXAMPLES}/caps-ims-ue.json)
run(2 answer --offer ${EXAMPLES}/ims-datachannel-offer.sdp)
run(1 negotiate ${EXAMPLES}/caps-ims-ue.json)

# imsdp offer, and the session-aware answer: a re-answer with --current keeps the o=
# identity (and the ICE credentials, certificate and tls-id) of the answer it follows (RFC
# 9429 5.3.2), and --json gives the negotiated session.
run(0 offer --caps ${EXAMPLES}/caps-webrtc.json)
expect("a=group:BUNDLE 0 1 2")
file(WRITE ${WORK}/offer.sdp "${stdout}")
run(0 lint --profile jsep ${WORK}/offer.sdp)
run(1 offer --caps ${EXAMPLES}/volte-offer.sdp)
run(0 answer --offer ${EXAMPLES}/webrtc-offer.sdp --caps ${EXAMPLES}/caps-webrtc.json)
file(WRITE ${WORK}/webrtc-answer.sdp "${stdout}")
run(0 answer --offer ${EXAMPLES}/webrtc-offer.sdp --caps ${EXAMPLES}/caps-opus-dc.json
    --current ${WORK}/webrtc-answer.sdp --previous-offer ${EXAMPLES}/webrtc-offer.sdp)
expect("o=imsdp 4611686018427387907 ")  # the identity of --current, not caps-opus-dc.json's
run(2 answer --offer ${EXAMPLES}/webrtc-offer.sdp --caps ${EXAMPLES}/caps-webrtc.json
    --current /nonexistent.sdp)
run(0 answer --json --offer ${EXAMPLES}/volte-offer.sdp --caps ${EXAMPLES}/caps-ims-ue.json)
expect("\"session\"")
expect("\"remoteRtp\"")
run(0 negotiate --json ${EXAMPLES}/negotiate-ims.json)
expect("\"sessions\"")

# The VoLTE call with qos preconditions: not met after the 183, met after the UPDATE.
run(0 negotiate ${EXAMPLES}/negotiate-volte.json)
expect("preconditions: accepted \\(not met yet: reservations pending\\)")
expect("preconditions: accepted \\(met\\)")
run(0 negotiate --json ${EXAMPLES}/negotiate-volte.json)
expect("\"preconditionsMet\": false")
expect("\"preconditionsMet\": true")
# RFC 3312 8: no 180 (nor 2xx) before the mandatory preconditions are met; e2e model;
# 580 when this side cannot reserve, 420 when it does not do preconditions.
run(0 negotiate ${EXAMPLES}/negotiate-volte.json)
expect("alert => error invalid_state: mandatory preconditions are not met: no alerting")
expect("alert => stable\r?\n  respond 180 INVITE")
run(0 negotiate ${EXAMPLES}/negotiate-volte-e2e.json)
expect("preconditions: accepted \\(met\\)")
expect("alert => stable")
run(0 negotiate ${EXAMPLES}/negotiate-volte-580.json)
expect("answer => error precondition_failure: m-line 0: this side cannot reserve qos: refuse with 580")
expect("answer => error precondition_unsupported")
expect("respond 580 INVITE")

# SDES-SRTP (RFC 4568): the answer takes the offer's first acceptable line with a key of
# its own (OpenSSL's CSPRNG, so two answers differ), and no printed text holds a key: not
# the offer's, and not the answer's unless --show-keys asks for the SDP to send.
file(STRINGS ${EXAMPLES}/sdes-offer.sdp offer_keys REGEX "inline:")
set(offer_secrets "")
foreach(line IN LISTS offer_keys)
  string(REGEX MATCH "inline:([A-Za-z0-9+/=]+)" _ "${line}")
  list(APPEND offer_secrets "${CMAKE_MATCH_1}")
endforeach()
list(LENGTH offer_secrets n)
if(NOT n EQUAL 3)
  message(FATAL_ERROR "expected 3 keys in sdes-offer.sdp, found ${n}")
endif()
function(expect_no_key text)
  foreach(k IN LISTS offer_secrets)
    string(FIND "${text}" "${k}" at)
    if(NOT at EQUAL -1)
      message(FATAL_ERROR "an offered key is printed:\n${text}")
    endif()
  endforeach()
endfunction()
run(0 answer --offer ${EXAMPLES}/sdes-offer.sdp --caps ${EXAMPLES}/caps-sip-trunk.json --explain)
expect("a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:\\*+\r?\n")
run(0 answer --offer ${EXAMPLES}/sdes-offer.sdp --caps ${EXAMPLES}/caps-sip-trunk.json --explain
    --show-keys)
expect("a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:[A-Za-z0-9+/]+")
expect("crypto:1 AES_256_CM_HMAC_SHA1_80: refused \\(suite not in the capabilities\\)")
expect_no_key("${out}")
string(REGEX MATCH "inline:[A-Za-z0-9+/]+" first_key "${stdout}")
file(WRITE ${WORK}/sdes-answer.sdp "${stdout}")
run(0 lint --profile strict ${WORK}/sdes-answer.sdp)
run(0 answer --offer ${EXAMPLES}/sdes-offer.sdp --caps ${EXAMPLES}/caps-sip-trunk.json --show-keys)
string(FIND "${stdout}" "${first_key}" same)
if(NOT same EQUAL -1)
  message(FATAL_ERROR "two answers share an SRTP key")
endif()
run(0 answer --json --offer ${EXAMPLES}/sdes-offer.sdp --caps ${EXAMPLES}/caps-sip-trunk.json)
expect("\"srtp\"")
expect("inline:\\*+")
expect_no_key("${stdout}")
if(stdout MATCHES "inline:[A-Za-z0-9+/]")
  message(FATAL_ERROR "the JSON answer holds a key:\n${stdout}")
endif()
run(0 parse ${EXAMPLES}/sdes-offer.sdp)
expect_no_key("${stdout}")
run(0 echo ${EXAMPLES}/sdes-offer.sdp)
expect_no_key("${stdout}")
run(0 fmt ${EXAMPLES}/sdes-offer.sdp)
expect_no_key("${stdout}")
run(0 echo --show-keys ${EXAMPLES}/sdes-offer.sdp)
file(READ ${EXAMPLES}/sdes-offer.sdp original)
if(NOT stdout STREQUAL original)
  message(FATAL_ERROR "echo --show-keys is not the input")
endif()
run(0 offer --caps ${EXAMPLES}/caps-sip-trunk.json)
expect("m=audio 49170 RTP/SAVP")
expect("a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:")

# Bytes that are not UTF-8 (lenient takes any in c=): JSON output replaces them with
# U+FFFD instead of ending the program (found by the negotiation fuzz target).
string(ASCII 255 ff)
file(WRITE ${WORK}/not-utf8.sdp "v=0\r\no=peer 2 1 IN IP4 198.51.100.2\r\ns=-\r\nc=IN IP4 ${ff}${ff}198.51.100.2\r\nt=0 0\r\nm=audio 50000 RTP/AVP 0\r\n")
run(0 parse --profile lenient ${WORK}/not-utf8.sdp)
expect("\"lines\"")
run(0 answer --json --offer ${WORK}/not-utf8.sdp --caps ${EXAMPLES}/caps-sip-trunk.json)
expect("\"remoteRtp\"")

# MTSI-shaped IMS offers (TS 26.114 6.2.1a, Annex A.1): RTP/AVP with AVPF as an RFC 5939
# potential configuration, b=RS and b=RR; the answer takes AVPF through a=acfg.
run(0 offer --caps ${EXAMPLES}/caps-ims-ue.json)
expect("m=audio 49170 RTP/AVP ")
expect("b=RS:0\r?\nb=RR:2000")
expect("a=tcap:1 RTP/AVPF\r?\na=pcfg:1 t=1")
file(WRITE ${WORK}/ims-offer.sdp "${stdout}")
run(0 lint --profile ims ${WORK}/ims-offer.sdp)
run(0 answer --offer ${WORK}/ims-offer.sdp --caps ${EXAMPLES}/caps-ims-ue.json --explain)
expect("m=audio [0-9]+ RTP/AVPF ")
expect("a=acfg:1 t=1")
expect("pcfg 1: accepted")
