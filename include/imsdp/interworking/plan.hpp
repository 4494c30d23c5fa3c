// The media plan (DESIGN.md section 12): what the media function must do, per stream, for
// the session both legs negotiated (or, while an offer is pending, for what was offered).
// It is derived from the four descriptions of the call state alone, so it cannot disagree
// with them. JSON: schemas/interworking/media-plan.schema.json; rtpengine_flags() renders
// the same decisions as rtpengine ng offer flags (docs/interworking.md).
#pragma once

#include <cstdint>
#include <imsdp/interworking/state.hpp>
#include <imsdp/negotiation/session.hpp>
#include <optional>
#include <string>
#include <vector>

namespace imsdp::interworking {

/// A payload type of one leg: "opus/48000/2" with its fmtp.
struct plan_codec {
  std::uint8_t payload_type = 0;
  std::string codec;
  std::string fmtp;
  friend bool operator==(plan_codec const&, plan_codec const&) = default;
};

/// The codec of each leg; transcoded when they differ.
struct codec_pair {
  std::optional<plan_codec> webrtc;
  std::optional<plan_codec> ims;
  bool transcode = false;
  friend bool operator==(codec_pair const&, codec_pair const&) = default;
};

/// RFC 4733 events on each leg: the payload type and clock rate, if the leg has them.
struct dtmf_plan {
  std::optional<plan_codec> webrtc;
  std::optional<plan_codec> ims;
  std::string mode;  // "rfc4733", "rfc4733-reclock", "rfc4733->inband", "inband->rfc4733", "none"
  friend bool operator==(dtmf_plan const&, dtmf_plan const&) = default;
};

struct webrtc_leg_plan {
  std::string local;   // "203.0.113.5:40000"
  std::string remote;  // the browser's first candidate or c=/port; empty when unknown
  bool ice_lite = true;
  std::string ice_role;  // "controlled" (lite) or "controlling"
  std::string ice_ufrag;
  std::string dtls_role;  // "passive", "active", or "actpass" while the IWF's offer pends
  std::string fingerprint;
  std::string remote_fingerprint;
  std::vector<std::string> bundle;  // mids of the group
  friend bool operator==(webrtc_leg_plan const&, webrtc_leg_plan const&) = default;
};

struct ims_leg_plan {
  std::string local;       // "192.0.2.10:50000"
  std::uint16_t rtcp = 0;  // the IWF's RTCP port: local's + 1, or local's with rtcp_mux
  std::string remote;      // empty when unknown
  std::string profile;     // "RTP/AVP", "RTP/AVPF", "RTP/SAVP", "UDP/DTLS/SCTP"
  bool rtcp_mux = false;   // RFC 5761: offered by the IWF (pending) or in the answer
  std::string srtp;        // "none", or "sdes" (RFC 4568)
  // With srtp "sdes" once answered: the crypto line taken, the IWF's key (send) and the
  // peer's (receive). The keys are secrets: plan_to_json leaves them out, and the call
  // state JSON masks them (json.hpp); a host hands them to its media function in process.
  std::optional<negotiation::negotiated_srtp> sdes;
  friend bool operator==(ims_leg_plan const&, ims_leg_plan const&) = default;
};

struct planned_medium {
  std::string kind;
  std::optional<std::size_t> webrtc_index;
  std::optional<std::size_t> ims_index;
  std::string mid;
  std::string state;      // "active", "pending" (offered, not answered), "rejected"
  std::string direction;  // of the WebRTC leg as the IWF sends it
  webrtc_leg_plan webrtc;
  ims_leg_plan ims;
  std::vector<codec_pair> codecs;  // the selected pair first once answered
  std::optional<dtmf_plan> dtmf;
  std::string preconditions;            // "terminate", "strip", "none"
  std::vector<std::uint16_t> channels;  // data channels to open negotiated:true (by id)
  std::vector<std::string> actions;
  friend bool operator==(planned_medium const&, planned_medium const&) = default;
};

struct media_plan {
  side originator = side::webrtc;
  bool pending = false;      // an offer is outstanding: the plan shows what was offered
  unsigned transcoders = 0;  // streams that need a transcoder
  std::vector<planned_medium> media;
  friend bool operator==(media_plan const&, media_plan const&) = default;
};

}  // namespace imsdp::interworking
