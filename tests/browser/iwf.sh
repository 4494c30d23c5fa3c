#!/bin/sh
# Real browsers against the interworking function (issue 21), through the browser oracle
# (copied into the build tree and set up by scripts/test):
#  1. browser -> IMS -> browser: every configuration of the oracle, in Chromium and Firefox,
#     is offered by the browser and run through `imsdp iwf loop` (to_ims, the answer of an
#     IMS UE under examples/caps-ims-ue.json with preconditions, to_webrtc); the browser
#     applies the WebRTC answer. Every configuration must be accepted, with its audio
#     negotiated to a real codec and its data channel relayed (examples/iwf/policy.json
#     names the channel the IMS leg opens: browsers write no a=dcmap); again with video
#     passed through, and without BUNDLE (webrtc.bundle none);
#  2. IMS -> browser: every IMS offer below goes through `imsdp iwf to-webrtc`; each
#     browser must accept the result with every m-line negotiated (--strict); its answer
#     goes back through `imsdp iwf to-ims`, and that IMS answer must pass
#     `imsdp lint --profile ims` and `imsdp iwf check` (RFC 3264 against the IMS offer). The
#     SDES offers run under examples/iwf/policy-sdes.json (an SDES-SRTP IMS leg); the ViLTE
#     offer runs again without BUNDLE. An IMS offer the policy cannot take must fail with a
#     named iwf error.
# Usage: iwf.sh IMSDP EXAMPLES ORACLE WORK. Exit 77 (skipped) without the oracle.
set -u
. "$(dirname "$0")/common.sh"
resources="$examples/iwf/resources.json"

# 1. The browsers' offers through the IMS leg and back.
loops="$work/loops.txt"
"$oracle/check-remote" --browser all --config all --answer-cmd \
  "'$imsdp' iwf loop - --policy '$examples/iwf/policy.json' --caps '$examples/caps-ims-ue.json' --resources '$resources' \${PREVIOUS_ANSWER_FILE:+--current \"\$PREVIOUS_ANSWER_FILE\" --previous-offer \"\$PREVIOUS_OFFER_FILE\"}" \
  >"$loops" 2>&1
cat "$loops"
total=$(grep -c '^ACCEPTED\|^REJECTED\|^ERROR' "$loops")
accepted=$(grep -c '^ACCEPTED' "$loops")
if [ "$total" -ge 30 ] && [ "$accepted" -eq "$total" ]; then
  pass "browser -> IMS -> browser: all $total configurations accepted"
else
  fail "browser -> IMS -> browser: $accepted of $total accepted"
fi
# What crosses is negotiated: audio (a real codec) where the browser offered audio, the
# data channel (relayed, policy channel 1000) where it offered one.
if grep '^ACCEPTED' "$loops" | grep -E ' audio:' | grep -qvE 'audio:[0-9]+:[a-z]+\[(opus|PCMU|PCMA)'; then
  fail "an audio m-line without a real codec"
else
  pass "every offered audio m-line negotiated a real codec"
fi
if grep '^ACCEPTED' "$loops" | grep datachannel | grep -qv 'application:sctp'; then
  fail "a data channel rejected"
else
  pass "every offered data channel relayed"
fi

# 1b. The same with video passed through (examples/iwf/policy-vilte.json: an AVPF IMS leg):
# Chromium offers H.264, which crosses to the IMS UE and back; Debian's Firefox has no
# H.264 (OpenH264 is a download), so the IWF refuses its video and passes its audio.
vilte="$examples/iwf/policy-vilte.json"
loops="$work/loops-vilte.txt"
"$oracle/check-remote" --browser all --config audio-video,multi-video,max-compat --answer-cmd \
  "'$imsdp' iwf loop - --policy '$vilte' --caps '$examples/caps-ims-ue.json' --resources '$resources'" \
  >"$loops" 2>&1
cat "$loops"
if [ "$(grep -c '^ACCEPTED' "$loops")" -eq 6 ] &&
  [ "$(grep '^ACCEPTED  chromium' "$loops" | grep -c 'video:[0-9]*:sendrecv\[H264')" -eq 3 ]; then
  pass "browser -> IMS -> browser with video: all 6 accepted, Chromium's H.264 passed through"
else
  fail "browser -> IMS -> browser with video"
fi

# 1c. The same under webrtc.bundle none (no BUNDLE towards the browser: each m-line its own
# transport of the resources). The re-offer configuration is left out: its first exchange
# is the browser's own bundled answer, a group an IWF under none never makes.
nobundle="$work/policy-none.json"
sed 's/"webrtc": {/"webrtc": {"bundle": "none", /' "$vilte" >"$nobundle"
loops="$work/loops-none.txt"
configs=audio,audio-video,audio-video-datachannel,datachannel,max-compat,audio-video-datachannel-gathered
"$oracle/check-remote" --browser all --config "$configs" --answer-cmd \
  "'$imsdp' iwf loop - --policy '$nobundle' --caps '$examples/caps-ims-ue.json' --resources '$resources'" \
  >"$loops" 2>&1
cat "$loops"
if [ "$(grep -c '^ACCEPTED' "$loops")" -eq 12 ]; then
  pass "browser -> IMS -> browser without BUNDLE: all 12 accepted"
else
  fail "browser -> IMS -> browser without BUNDLE"
fi

# 2. IMS offers through the WebRTC leg and back. A ViLTE offer's H.264 is checked strictly in
# Chromium; Firefox (no H.264) must accept it with its audio negotiated and the video
# refused, which the IMS answer then refuses too.
n=0
for offer in "$examples/volte-offer.sdp" "$examples/sdes-offer.sdp" "$examples/ims-datachannel-offer.sdp" \
  "$examples/vilte-offer.sdp" "$oracle/test/cases/ims-volte-amrwb.offer.sdp" \
  "$oracle/test/cases/ims-sdes-srtp.offer.sdp"; do
  n=$((n + 1))
  name=$(basename "$offer" .sdp)
  state="$work/$n.state.json"
  rm -f "$state"
  policy="$examples/iwf/policy.json"
  keys=
  case "$name" in
    vilte-offer) policy="$vilte" ;;
    # SDES trunks: the IMS leg keyed by SDES; the state keeps the keys to go on.
    *sdes*) policy="$examples/iwf/policy-sdes.json" keys=--state-keys ;;
  esac
  if ! "$imsdp" iwf to-webrtc --state "$state" $keys --policy "$policy" --resources "$resources" "$offer" \
    >"$work/$n.webrtc-offer.sdp" 2>"$work/$n.err"; then
    if grep -q "in '12\." "$work/$n.err"; then
      pass "$name: refused with a named error: $(cat "$work/$n.err")"
    else
      cat "$work/$n.err"
      fail "$name: to-webrtc failed without a named error"
    fi
    continue
  fi
  for browser in chromium firefox; do
    answer="$work/$n.$browser.answer.sdp"
    strict=--strict
    [ "$name-$browser" = vilte-offer-firefox ] && strict=
    if "$oracle/check-remote" "$work/$n.webrtc-offer.sdp" offer --browser "$browser" $strict >"$answer" 2>"$work/$n.$browser.log" &&
      head -n 1 "$answer" | grep -q '^ACCEPTED'; then
      pass "$name: $browser accepts the IWF's offer${strict:+ with every m-line}"
    else
      cat "$answer" "$work/$n.$browser.log"
      fail "$name: $browser refuses the IWF's offer"
      continue
    fi
    sed -i '1d' "$answer"
    cp "$state" "$work/$n.$browser.state.json"
    ims_answer="$work/$n.$browser.ims-answer.sdp"
    if "$imsdp" iwf to-ims --state "$work/$n.$browser.state.json" $keys --show-keys --policy "$policy" "$answer" >"$ims_answer" 2>"$work/$n.$browser.err" &&
      "$imsdp" lint --profile ims "$ims_answer" >"$work/$n.$browser.lint" 2>&1 &&
      "$imsdp" iwf check --side ims --type answer --offer "$offer" --policy "$policy" "$ims_answer" >"$work/$n.$browser.check" 2>&1; then
      pass "$name: $browser's answer -> IMS answer passes lint --profile ims and RFC 3264"
    else
      cat "$work/$n.$browser.err" "$work/$n.$browser.lint" "$work/$n.$browser.check" 2>/dev/null
      fail "$name: $browser's answer does not make a valid IMS answer"
    fi
  done
done
# 2b. The ViLTE offer under webrtc.bundle none: no group, a transport per m-line.
"$imsdp" iwf to-webrtc --state "$work/none.state.json" --policy "$nobundle" --resources "$resources" \
  "$examples/vilte-offer.sdp" >"$work/none.webrtc-offer.sdp"
for browser in chromium firefox; do
  strict=--strict
  [ "$browser" = firefox ] && strict=
  if ! grep -q '^a=group:BUNDLE' "$work/none.webrtc-offer.sdp" &&
    "$oracle/check-remote" "$work/none.webrtc-offer.sdp" offer --browser "$browser" $strict >"$work/none.$browser.txt" 2>&1 &&
    head -n 1 "$work/none.$browser.txt" | grep -q '^ACCEPTED'; then
    pass "vilte-offer without BUNDLE: $browser accepts the IWF's offer"
  else
    cat "$work/none.$browser.txt"
    fail "vilte-offer without BUNDLE: $browser refuses the IWF's offer"
  fi
done
echo "browser iwf: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
