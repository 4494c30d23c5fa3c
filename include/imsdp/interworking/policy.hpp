// The interworking policy (DESIGN.md section 12; JSON form:
// schemas/interworking/policy.schema.json, read by policy_from_json in json.hpp): what the
// IWF offers and accepts on each leg. The defaults are those of an IWF at the edge of a
// WebRTC network towards an IBCF (TS 29.162 model, TS 23.334 6.2.10.4): plain RTP/AVP,
// rtcp demuxed, preconditions terminated at the IWF, ICE-lite and DTLS-passive towards the
// browsers, G.711 passed through and opus transcoded to AMR-WB or AMR, no SRTP on the IMS
// leg.
#pragma once

#include <cstdint>
#include <imsdp/negotiation/capabilities.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace imsdp::interworking {

/// What the IWF does with qos preconditions (RFC 3312; TS 24.229 6.1.1).
enum class preconditions_mode : std::uint8_t {
  terminate,  // the IWF is the precondition endpoint; its own segment is met at once
  strip,      // no precondition lines; an IMS offer that requires them is refused (420)
  forbid,     // an IMS offer with preconditions is refused (580)
};

/// How codecs cross (rule 9 of the design).
enum class codec_mode : std::uint8_t {
  passthrough,         // only codecs both sides have
  transcode,           // every codec of the target list the media function can transcode
  prefer_passthrough,  // both, in the target's order of preference
};

/// What becomes of RFC 4733 telephone events.
enum class dtmf_mode : std::uint8_t {
  rfc4733,  // offered on both legs, re-clocked per codec clock by the media function
  inband,   // not offered to IMS; the media function plays the events as tones
  drop,     // offered on neither leg
};

/// RTCP on the IMS leg (RFC 5761; table 12.3 ims.rtcpMux).
enum class rtcp_mux_mode : std::uint8_t {
  demux,  // RTCP on port + 1: an offered a=rtcp-mux (and a=rtcp-rsize) is declined
  offer,  // the IWF's IMS offers carry a=rtcp-mux, and an IMS offer's one is accepted
};

/// SRTP on the IMS leg (table 12.3 ims.srtp; TS 33.328 for SDES over the NNI).
enum class srtp_mode : std::uint8_t {
  none,  // plain RTP/AVP(F); an IMS offer of RTP/SAVP(F) only is refused (811)
  sdes,  // the IWF's IMS offers are RTP/SAVP(F) with a=crypto (RFC 4568); IMS offers with
         // SDES or plain RTP are answered in kind
};

/// BUNDLE towards WebRTC (RFC 9143; table 12.3 webrtc.bundle).
enum class bundle_mode : std::uint8_t {
  group,        // one group; the IWF's offers give each m-line its own port (RFC 9143 7.2.1),
                // and the answer's BUNDLE transport carries them all
  shared_port,  // one group, every m-line on one port in offers too, as browsers write
  none,         // no group: each m-line its own transport; offered groups are declined
                // (RFC 9143 7.3.3) and bundle-only m-lines rejected
};

/// Video (rule 17): passed through, never transcoded; it crosses only with a codec both
/// sides have and an IMS leg with RTCP feedback (AVPF, or AVP with the AVPF capability).
enum class video_mode : std::uint8_t { reject, passthrough };

struct ims_policy {
  negotiation::rtp_profile profile = negotiation::rtp_profile::avp;
  std::vector<negotiation::codec> codecs;  // preference order; defaults in default_policy()
  unsigned ptime = 20;                     // ms (TS 26.114 6.2.1)
  unsigned maxptime = 240;
  std::uint64_t rtcp_rs = 0;            // b=RS, bit/s (RFC 3556; TS 26.114 6.2.5)
  std::uint64_t rtcp_rr = 2000;         // b=RR
  std::uint64_t video_bandwidth = 800;  // b=AS of a video m-line, kbit/s (TS 26.114 6.2.5)
  preconditions_mode preconditions = preconditions_mode::terminate;
  rtcp_mux_mode rtcp_mux = rtcp_mux_mode::demux;
  srtp_mode srtp = srtp_mode::none;
  // The suites offered and taken under srtp=sdes, and the host's key source: the keys of
  // the IWF's a=crypto lines come from it (the media function's keys; the library makes up
  // none). The JSON form sets the suites; the host sets `keys`. Without keys, an SDES
  // translation fails.
  negotiation::sdes_capabilities sdes;
};

struct webrtc_policy {
  bool ice_lite = true;  // TS 24.371 5A.4: the IWF is an ICE-lite agent
  sdp::setup_role dtls_answer_role = sdp::setup_role::passive;
  bundle_mode bundle = bundle_mode::group;
  std::vector<negotiation::codec> codecs;  // preference order
};

/// Data channels (rule 18): SCTP over DTLS ended on both legs, streams relayed by id.
struct datachannel_policy {
  bool relay = true;  // false: data-channel m-lines are rejected
  // The channels opened on the IMS leg when a WebRTC offer lists none (browsers never write
  // a=dcmap; TS 24.371 8.1: a stream the IMS side did not negotiate is refused).
  std::vector<negotiation::channel_spec> channels;
};

struct media_function_policy {
  std::vector<negotiation::codec> codecs;  // what it decodes and encodes (transcoding)
};

struct policy {
  ims_policy ims;
  webrtc_policy webrtc;
  codec_mode codecs = codec_mode::prefer_passthrough;
  media_function_policy media_function;
  dtmf_mode dtmf = dtmf_mode::rfc4733;
  video_mode video = video_mode::passthrough;
  std::vector<negotiation::codec> video_codecs;  // those video may pass with; default H.264
  datachannel_policy data_channel;
  // Rule 5 (decision A4): attributes that cross the IWF untouched, at session level and on
  // each carried m-line (the TS 24.229 tra-* ones an ATCF needs, operator extensions).
  // Every other unknown attribute stays on its leg. The attributes the IWF writes itself
  // cannot be named (is_passable()).
  std::vector<std::string> pass_attributes;
};

/// Whether an attribute may be in pass_attributes: any name but those of the lines each
/// leg's SDP is made of (codecs, direction, ICE, DTLS, SRTP, BUNDLE, RTCP, preconditions,
/// capability negotiation, data channels).
[[nodiscard]] bool is_passable(std::string_view attribute_name) noexcept;

/// The policy with the default codec lists: IMS EVS, AMR-WB, AMR, PCMA, PCMU (the media
/// function lists no EVS, so EVS is offered only where it passes through); WebRTC opus,
/// PCMA, PCMU; the media function opus, AMR-WB, AMR, PCMA, PCMU.
[[nodiscard]] policy default_policy();

[[nodiscard]] constexpr std::string_view to_string(preconditions_mode m) noexcept {
  switch (m) {
    case preconditions_mode::terminate:
      return "terminate";
    case preconditions_mode::strip:
      return "strip";
    case preconditions_mode::forbid:
      return "forbid";
  }
  return "terminate";
}

[[nodiscard]] constexpr std::string_view to_string(codec_mode m) noexcept {
  switch (m) {
    case codec_mode::passthrough:
      return "passthrough";
    case codec_mode::transcode:
      return "transcode";
    case codec_mode::prefer_passthrough:
      return "prefer-passthrough";
  }
  return "prefer-passthrough";
}

[[nodiscard]] constexpr std::string_view to_string(rtcp_mux_mode m) noexcept {
  return m == rtcp_mux_mode::offer ? "offer" : "demux";
}

[[nodiscard]] constexpr std::string_view to_string(srtp_mode m) noexcept {
  return m == srtp_mode::sdes ? "sdes" : "none";
}

[[nodiscard]] constexpr std::string_view to_string(bundle_mode m) noexcept {
  switch (m) {
    case bundle_mode::group:
      return "group";
    case bundle_mode::shared_port:
      return "group-shared-port";
    case bundle_mode::none:
      return "none";
  }
  return "group";
}

[[nodiscard]] constexpr std::string_view to_string(video_mode m) noexcept {
  return m == video_mode::reject ? "reject" : "passthrough";
}

[[nodiscard]] constexpr std::string_view to_string(dtmf_mode m) noexcept {
  switch (m) {
    case dtmf_mode::rfc4733:
      return "rfc4733";
    case dtmf_mode::inband:
      return "inband";
    case dtmf_mode::drop:
      return "drop";
  }
  return "rfc4733";
}

}  // namespace imsdp::interworking
