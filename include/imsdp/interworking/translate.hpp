// The SDP half of a WebRTC <-> IMS interworking function at the NNI (DESIGN.md section 12;
// 3GPP FS_eiRTCW, TS 29.162 model; docs/interworking.md). The IWF is a media B2BUA: ICE,
// DTLS-SRTP, BUNDLE, rtcp-mux and the WebRTC codecs end at it, and each leg has its own
// o= line, ICE/DTLS identity, payload-type space and m-line layout (TS 23.228 U.1.1,
// TS 23.334 6.2.10.4). Each leg's SDP is written by the negotiation engine
// (create_offer/create_answer) from capabilities the policy and the other leg's SDP
// imply, so every output obeys the rules the engine enforces, and is then checked by
// check_webrtc / check_ims.
//
// The functions are pure: equal inputs give byte-identical outputs; they draw no random
// numbers, read no clock and allocate no port.
#pragma once

#include <imsdp/interworking/plan.hpp>
#include <imsdp/interworking/policy.hpp>
#include <imsdp/interworking/state.hpp>
#include <imsdp/negotiation/answer.hpp>
#include <imsdp/result.hpp>
#include <imsdp/sdp/session_description.hpp>
#include <optional>
#include <string>
#include <vector>

namespace imsdp::interworking {

enum class sdp_type : std::uint8_t { offer, answer };

enum class disposition : std::uint8_t {
  forward,         // send `sdp` to `towards`
  answer_locally,  // `sdp` answers the side that offered; the other leg is untouched
};

[[nodiscard]] constexpr std::string_view to_string(disposition d) noexcept {
  return d == disposition::forward ? "forward" : "answer-locally";
}

/// What the SIP side of the IWF needs to know about the message carrying `sdp`.
struct sip_hints {
  // Option tags for Supported: "100rel" (RFC 3262), "precondition" (RFC 3312 11) when the
  // IMS leg carries preconditions.
  std::vector<std::string> supported;
  // RFC 3312 8: the callee must not alert while the offerer's preconditions are unmet;
  // false until an UPDATE reports them met.
  bool alerting_allowed = true;
};

struct translation {
  disposition what = disposition::forward;
  side towards = side::ims;
  negotiation::description sdp;
  media_plan plan;  // the whole call after this exchange
  call_state next;  // commit only once `sdp` is sent
  sip_hints sip;
  std::vector<negotiation::decision> explanation;  // the lines of `imsdp iwf --explain`
};

// Pair 1: the WebRTC side offers.
[[nodiscard]] result<translation> webrtc_offer_to_ims(sdp::session_description const& offer,
                                                      policy const& p, call_state const& state,
                                                      media_resources const& resources);
[[nodiscard]] result<translation> ims_answer_to_webrtc(sdp::session_description const& answer,
                                                       policy const& p, call_state const& state);
// Pair 2: the IMS side offers. An IMS re-offer that changes nothing but precondition
// status lines and the o= version (the VoLTE UPDATE of RFC 3312 8) is answered locally.
[[nodiscard]] result<translation> ims_offer_to_webrtc(sdp::session_description const& offer,
                                                      policy const& p, call_state const& state,
                                                      media_resources const& resources);
[[nodiscard]] result<translation> webrtc_answer_to_ims(sdp::session_description const& answer,
                                                       policy const& p, call_state const& state);

/// Dispatchers: an answer when the state has an offer pending from the other side, else an
/// offer.
[[nodiscard]] result<translation> to_ims(sdp::session_description const& webrtc_sdp,
                                         policy const& p, call_state const& state,
                                         media_resources const& resources = {});
[[nodiscard]] result<translation> to_webrtc(sdp::session_description const& ims_sdp,
                                            policy const& p, call_state const& state,
                                            media_resources const& resources = {});

/// What the media function must allocate before translating `offer` from side `from`
/// (the resources of an offer serve its answer too).
struct resource_request {
  bool webrtc_transport = false;  // address, port, ICE credentials, fingerprint
  std::size_t webrtc_ports = 0;   // more WebRTC ports, one per further m-line (webrtc.bundle)
  std::size_t ims_ports = 0;      // ports on the IMS leg, one per carried m-line
  bool ims_fingerprint = false;   // an IMS data channel: the IWF's DTLS certificate there
  bool session_id = false;        // o= sess-id of the leg the IWF writes
};
[[nodiscard]] resource_request required_resources(sdp::session_description const& offer, side from,
                                                  policy const& p, call_state const& state);

// Output checks (decision A5): run by the translations on their own output, and by the
// CLI, tests and fuzzer. Each error names the m-line and the rule; empty when clean.
/// WebRTC side: jsep-profile SDP, every active m-line UDP/TLS/RTP/SAVPF or UDP/DTLS/SCTP
/// with a mid, ICE credentials, a fingerprint, a=setup (actpass in offers, active or
/// passive in answers) and rtcp-mux on RTP; an answer obeys RFC 3264 against `offer`.
[[nodiscard]] std::vector<error> check_webrtc(sdp::session_description const& doc, sdp_type type,
                                              sdp::session_description const* offer = nullptr);
/// IMS side: ims-profile SDP without a WebRTC-only line (ICE, DTLS on RTP, BUNDLE, mid,
/// msid, ssrc, extmap, rtcp-rsize, rtcp-mux), RTP/AVP(F) with b=AS and ptime on active
/// audio, preconditions as the policy says; an answer obeys RFC 3264 against `offer`.
[[nodiscard]] std::vector<error> check_ims(sdp::session_description const& doc, sdp_type type,
                                           policy const& p,
                                           sdp::session_description const* offer = nullptr);

/// The media plan of a state (what plan.hpp describes).
[[nodiscard]] media_plan plan_of(call_state const& state, policy const& p);
/// The plan's decisions as rtpengine ng flags for the offer towards `towards`.
[[nodiscard]] std::vector<std::string> rtpengine_flags(media_plan const& plan, side towards);

}  // namespace imsdp::interworking
