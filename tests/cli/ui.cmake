# imsdp ui: the example offer is rebuilt byte for byte from its inputs (same inputs and --now,
# same output), checks against policy and keys, refuses an altered copy naming the pointer,
# fills typed slots,
# and the example trace gives one verdict per rule it exercises; usage errors exit 2.
include(${CMAKE_CURRENT_LIST_DIR}/run.cmake)
set(ui ${EXAMPLES}/ui)

run(0 ui offer --policy ${ui}/policy.json --keys ${ui}/keys.json --template qf-call@2
    --subject call:c-7b21 --subscriber ps-1 --nonce 000102030405060708090a0b0c0d0e0f
    --now 2026-05-01T10:00:00Z --id o-3f9c1a --sign-kid e1)
file(READ ${ui}/offer.json example)
if(NOT stdout STREQUAL example)
  message(FATAL_ERROR "the offer is not the example's bytes:\n${stdout}")
endif()
run(0 ui check --policy ${ui}/policy.json --keys ${ui}/keys.json --now 2026-05-01T10:00:10Z
    ${ui}/offer.json)
expect("valid offer message \\(id o-3f9c1a\\)")
string(REPLACE "\"maxResponses\":1" "\"maxResponses\":4" altered "${example}")
file(WRITE ${WORK}/ui-altered-offer.json "${altered}")
run(1 ui check --policy ${ui}/policy.json --keys ${ui}/keys.json --now 2026-05-01T10:00:10Z
    ${WORK}/ui-altered-offer.json)
expect("ui-altered-offer.json:/constraints/maxResponses: error: ui_not_predefined")
expect("ui-altered-offer.json:/sig: error: ui_signature")
run(1 ui check --keys ${ui}/keys.json --now 2026-05-01T10:05:00Z ${ui}/offer.json)
expect("ui_expired")
# typed slots: the values fill the prompt; a value its type refuses is named by its pointer
run(0 ui offer --policy ${ui}/policy.json --keys ${ui}/keys.json --template spam-num@1
    --subject call:c-7b21 --subscriber ps-1 --nonce 000102030405060708090a0b0c0d0e0f
    --now 2026-05-01T10:00:00Z --slots "{\"caller\":\"+4930123456\",\"count\":\"12\"}")
expect("\"title\":\"Report \\+4930123456 \\(12 calls this week\\)\\?\"")
run(1 ui offer --policy ${ui}/policy.json --keys ${ui}/keys.json --template spam-num@1
    --subject call:c-7b21 --subscriber ps-1 --nonce 000102030405060708090a0b0c0d0e0f
    --now 2026-05-01T10:00:00Z --slots "{\"caller\":\"030123456\",\"count\":\"12\"}")
expect("offer:/slots/caller: error: json_value_out_of_range")
run(2 ui offer --policy ${ui}/policy.json --keys ${ui}/keys.json --template spam-num@1
    --subject call:c-7b21 --subscriber ps-1 --nonce 000102030405060708090a0b0c0d0e0f
    --now 2026-05-01T10:00:00Z --slots "[1]")
run(0 ui fmt ${ui}/offer.json)
if(NOT stdout STREQUAL example)
  message(FATAL_ERROR "ui fmt changed the canonical example")
endif()

run(0 ui decide --policy ${ui}/policy.json --keys ${ui}/keys.json --serving ims.visited.example
    --results ${WORK}/ui-results.jsonl ${ui}/trace.jsonl)
foreach(status accepted duplicate expired invalid invalid expired)
  string(FIND "${stdout}" "\"status\":\"${status}\"" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "no ${status} ack:\n${stdout}")
  endif()
endforeach()
expect("\"servedUserRef\":\"ps-1\",\"servingNetwork\":\"ims.visited.example\"")
expect("\"recordId\":\"b371c500cc50328c\"")
file(READ ${WORK}/ui-results.jsonl results)
if(NOT results MATCHES "^{\"answers\":\\[{\"aid\":\"q\",\"value\":2}.*\"subject\":\"ps-1\".*\"ts\":\"2026-05-01T10:00:00Z\"")
  message(FATAL_ERROR "result record: ${results}")
endif()

# One response at a time with the state in a file: accepted, then a duplicate from the saved
# state, then past maxResponses (exit 1); the state survives each run.
file(REMOVE ${WORK}/ui-state.json)
file(STRINGS ${ui}/trace.jsonl trace)
list(GET trace 0 first)
string(JSON response GET "${first}" response)
file(WRITE ${WORK}/ui-response.json "${response}")
set(respond ui respond --policy ${ui}/policy.json --keys ${ui}/keys.json --state ${WORK}/ui-state.json
    --sender ps-1)
run(0 ${respond} --now 2026-05-01T10:00:41Z ${WORK}/ui-response.json)
expect("\"status\":\"accepted\"")
expect("\"kind\":\"charging-record\"")
run(0 ${respond} --now 2026-05-01T10:00:43Z ${WORK}/ui-response.json)
expect("\"status\":\"duplicate\"")
string(REPLACE "r-01" "r-02" second "${response}")
file(WRITE ${WORK}/ui-response-2.json "${second}")
run(1 ${respond} --now 2026-05-01T10:00:44Z ${WORK}/ui-response-2.json)
expect("\"status\":\"expired\"")

# Exposure: 21 of 24 subjects consent (one withdrew): an aggregate at k = 20; sealed, the
# envelope is a compact JWS; a year later every consent has expired and nothing is exposed.
set(expose ui expose --policy ${ui}/policy.json --keys ${ui}/keys.json --consent ${ui}/consents.jsonl
    --purpose service-quality --audience tp.quality.example --template qf-call@2)
run(0 ${expose} --now 2026-05-02T10:00:00Z ${ui}/results.jsonl)
expect("\"aggregate\":{\"count\":21")
run(0 ${expose} --now 2026-05-02T10:00:00Z --individual --seal x1 ${ui}/results.jsonl)
expect("^eyJhbGciOiJFZERTQSIsImtpZCI6IngxIn0\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+")
run(1 ${expose} --now 2027-05-02T10:00:00Z ${ui}/results.jsonl)
expect("ui_exposure_denied: an aggregate of 0 subjects")
run(1 ui expose --policy ${ui}/policy.json --keys ${ui}/keys.json --consent ${ui}/consents.jsonl
    --purpose service-quality --audience tp.other.example --template qf-call@2
    --now 2026-05-02T10:00:00Z ${ui}/results.jsonl)
expect("may not receive")

# The interaction data channel in an answer: accepted when the network initiates it, refused
# (and with it the m-line, its only channel) otherwise.
run(0 answer --explain --offer ${ui}/datachannel-offer.sdp --caps ${ui}/caps-ue.json)
expect("a=dcsa:1000 x-ims-ui-initiator:network")
expect("channel 1000: accepted \\(x-3gpp-ims-ui.v1\\)")
file(READ ${ui}/datachannel-offer.sdp offer)
string(REPLACE "initiator:network" "initiator:ue" offer "${offer}")
file(WRITE ${WORK}/ui-ue-initiated.sdp "${offer}")
run(0 answer --explain --offer ${WORK}/ui-ue-initiated.sdp --caps ${ui}/caps-ue.json)
expect("channel 1000: refused \\(the initiator is not the network")
expect("m=application 0 ")

run(0 ui load --subscribers 1000 --responses 20000 --targets 10)
expect("\"accepted\": 1000")  # one per subscriber: burst 1, 1 per 60 s, 3 s simulated
expect("\"overloads\": 0")
expect("\"hits\": 1[89][0-9][0-9][0-9]")  # each token verified once, bar a few set conflicts

file(WRITE ${WORK}/ui-bad.json "{\"v\":1,\"kind\":\"ack\",\"id\":\"a\",\"re\":\"r\",\"offer\":\"o\",\"status\":\"fine\",\"ts\":\"2026-05-01T10:00:00Z\"}")
run(1 ui check ${WORK}/ui-bad.json)
expect("ui-bad.json:/status: error: json_value_out_of_range")
run(2 ui offer --policy ${ui}/policy.json --keys ${ui}/keys.json --template qf-call@2
    --subject call --subscriber ps-1 --nonce 00 --now 2026-05-01T10:00:00Z)
run(2 ui check --keys ${ui}/keys.json --now yesterday ${ui}/offer.json)
