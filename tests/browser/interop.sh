#!/bin/sh
# Real browsers against what imsdp writes for them (issues 19 and 20), through the
# browser oracle (../shared/tools/browser-oracle, copied into the build tree and set up by
# scripts/test; README there):
#  1. answers: every configuration of the oracle, in Chromium and Firefox, is offered by
#     the browser, answered by `imsdp answer` under examples/caps-webrtc.json (session-aware
#     for the re-offer: --current and --previous-offer) and applied by the browser; none may
#     be refused, and no audio or video m-line is rejected (the capabilities have both);
#  2. offers: `imsdp offer` under the same capabilities is accepted by both browsers with
#     every m-line negotiated (--strict), and each browser's answer passes
#     `imsdp lint --profile jsep` and the RFC 3264 answer checks of the signalling machine.
# Usage: interop.sh IMSDP EXAMPLES ORACLE WORK. Exit 77 (skipped) without the oracle.
set -u
. "$(dirname "$0")/common.sh"
caps="$examples/caps-webrtc.json"

# 1. The browsers' offers, our answers.
answers="$work/answers.txt"
"$oracle/check-remote" --browser all --config all --answer-cmd \
  "'$imsdp' answer --offer - --caps '$caps' \${PREVIOUS_ANSWER_FILE:+--current \"\$PREVIOUS_ANSWER_FILE\" --previous-offer \"\$PREVIOUS_OFFER_FILE\"}" \
  >"$answers" 2>&1
cat "$answers"
total=$(grep -c '^ACCEPTED\|^REJECTED\|^ERROR' "$answers")
accepted=$(grep -c '^ACCEPTED' "$answers")
if [ "$total" -ge 30 ] && [ "$accepted" -eq "$total" ]; then
  pass "both browsers apply our answer in all $total configurations"
else
  fail "$accepted of $total configurations accepted"
fi
if grep '^ACCEPTED' "$answers" | grep -Eq '(audio|video):null:rejected'; then
  fail "an audio or video m-line the capabilities support is rejected"
else
  pass "no audio or video m-line rejected"
fi

# 2. Our offer, the browsers' answers.
offer="$work/offer.sdp"
if ! "$imsdp" offer --caps "$caps" >"$offer"; then
  fail "imsdp offer"
else
  # RFC 9143 7.5.2: a payload type names one codec in the whole bundle.
  reused=$(tr -d '\r' <"$offer" | awk -F'[: ]' '/^a=rtpmap:/ { if (($2 in codec) && codec[$2] != $3) print $2; codec[$2] = $3 }')
  if [ -z "$reused" ]; then
    pass "no payload type names two codecs in our offer's bundle"
  else
    fail "payload types reused across the bundle: $reused"
  fi
  for browser in chromium firefox; do
    answer="$work/$browser.answer.sdp"
    if "$oracle/check-remote" "$offer" offer --browser "$browser" --strict >"$answer" 2>"$work/$browser.log" &&
      head -n 1 "$answer" | grep -q '^ACCEPTED'; then
      pass "$browser accepts imsdp offer with every m-line"
    else
      cat "$answer" "$work/$browser.log"
      fail "$browser refuses imsdp offer"
      continue
    fi
    sed -i '1d' "$answer"  # the verdict line; the rest is the browser's answer
    if "$imsdp" lint --profile jsep "$answer" >"$work/$browser.lint" 2>&1; then
      pass "$browser's answer passes imsdp lint --profile jsep"
    else
      cat "$work/$browser.lint"
      fail "$browser's answer fails imsdp lint --profile jsep"
    fi
    cat >"$work/$browser.script.json" <<EOF
{"bodies": {"offer": {"file": "offer.sdp"}, "answer": {"file": "$browser.answer.sdp"}},
 "events": [{"event": "offer", "via": "INVITE", "sdp": "offer"},
            {"event": "response", "method": "INVITE", "status": 200, "sdp": "answer"}]}
EOF
    if "$imsdp" negotiate "$work/$browser.script.json" >"$work/$browser.trace" &&
      grep -q '^receive 200 INVITE answer => stable$' "$work/$browser.trace"; then
      pass "$browser's answer obeys RFC 3264 against our offer"
    else
      cat "$work/$browser.trace"
      fail "$browser's answer is refused by the RFC 3264 checks"
    fi
  done
fi
echo "browser interop: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
