// Local capabilities: what this endpoint can receive and send, the input of answer and
// offer generation (JSON form: schemas/negotiation/capabilities.schema.json, read by
// capabilities_from_json in <imsdp/negotiation/json.hpp>).
#pragma once

#include <cstdint>
#include <functional>
#include <imsdp/aiml/split/configuration.hpp>
#include <imsdp/sdp/attributes/dtls.hpp>
#include <imsdp/sdp/attributes/precondition.hpp>
#include <imsdp/sdp/attributes/rtp.hpp>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace imsdp::negotiation {

/// One codec, matched by encoding name (case-insensitive), clock rate and channels.
/// Codecs whose parameters decide compatibility are matched on them too (codecs.md in
/// docs/negotiation.md): AMR and AMR-WB (RFC 4867), EVS (TS 26.445 annex A), H.264
/// (RFC 6184). The names rtx, red, ulpfec, CN and telephone-event are understood by
/// the answer function as helpers of the codecs they refer to.
struct codec {
  std::string name;              // "opus", "AMR-WB", "EVS", "H264", "PCMU", "rtx", ...
  std::uint32_t clock_rate = 0;  // 0: any
  std::uint32_t channels = 0;    // 0: any
  std::string fmtp;              // parameters to declare in the answer; empty: repeat the offer's
  // AMR, AMR-WB
  std::vector<unsigned> mode_set;   // modes supported; empty: all
  std::optional<bool> octet_align;  // the framing supported; nullopt: both
  // EVS
  std::string bitrates;    // "5.9-24.4" (kbit/s, br=); empty: any
  std::string bandwidths;  // "nb-swb" (bw=); empty: any
  // H.264
  std::vector<std::string> profiles;  // constrained-baseline, baseline, main, extended, high
  std::optional<unsigned> max_level;  // level_idc (31 = level 3.1); nullopt: any
  std::vector<unsigned> packetization_modes{0, 1};
  // RTCP feedback this codec takes (RFC 4585 section 4.2: "nack", "nack pli", "ccm fir",
  // "goog-remb", "transport-cc"): offered, and answered where the offer has it too;
  // transport-cc only with its header extension.
  std::vector<std::string> feedback;
};

/// A local track this side sends (RFC 8830 msid, RFC 5576 ssrc): the host's identifiers;
/// the library invents none.
struct local_track {
  std::string stream;  // MediaStream id (msid-id)
  std::string track;   // track id (msid-appdata); empty: none
  std::optional<std::uint32_t> ssrc;
  std::string cname;  // RTCP CNAME of the ssrc (RFC 7022)
};

/// The RTP profile of this side's offers outside WebRTC (RFC 3551, RFC 4585), with RTP/SAVP
/// for AVP when the capabilities have sdes.
enum class rtp_profile : std::uint8_t {
  avp,          // RTP/AVP
  avpf_capneg,  // RTP/AVP with a=tcap RTP/AVPF and a=pcfg (RFC 5939; TS 26.114 6.2.1a)
  avpf,         // RTP/AVPF
};

[[nodiscard]] constexpr std::string_view to_string(rtp_profile p) noexcept {
  switch (p) {
    case rtp_profile::avp:
      return "avp";
    case rtp_profile::avpf_capneg:
      return "avpf-capneg";
    case rtp_profile::avpf:
      return "avpf";
  }
  return "avp";
}

/// Audio or video.
struct media_capabilities {
  std::uint16_t port = 0;        // 0: 49170 (audio) or 49172 (video)
  std::vector<codec> codecs;     // preference order (offers); answers keep the offer's order
  bool telephone_event = false;  // accept RFC 4733 events at an accepted codec's clock rate
  sdp::media_direction direction = sdp::media_direction::sendrecv;
  std::optional<std::uint64_t> bandwidth_kbps;          // b=AS
  std::optional<std::uint64_t> rtcp_rs;                 // b=RS, bit/s (RFC 3556; TS 26.114 6.2.5)
  std::optional<std::uint64_t> rtcp_rr;                 // b=RR, bit/s
  negotiation::rtp_profile profile = rtp_profile::avp;  // of offers (answers follow the offer)
  std::string ptime;                                    // a=ptime, empty: none
  std::string maxptime;                                 // a=maxptime, empty: none
  std::vector<std::string> header_extensions;           // extmap URIs accepted
  bool rtcp_feedback = true;                            // false: no rtcp-fb at all
  bool simulcast = false;  // receive an offered simulcast (RFC 8853), with the rid extension
  std::vector<local_track> tracks;  // sent in m-lines of this kind, one each, in order
};

/// One data channel this endpoint opens in its offers (RFC 8864 dcmap).
struct channel_spec {
  std::uint16_t stream_id = 0;
  std::string label;
  std::string subprotocol;
  std::optional<bool> ordered;
  std::optional<std::uint16_t> max_retr;
  std::optional<std::uint16_t> max_time;
  std::optional<std::uint16_t> priority;
};

/// How stream ids are checked in offers received.
enum class stream_plan : std::uint8_t {
  ts26114,  // bootstrap 0/10/100/110 with http, application channels >= 1000 (TS 26.114)
  any,      // every stream id
};

struct datachannel_capabilities {
  std::uint16_t port = 0;                 // 0: 49174
  std::vector<std::string> subprotocols;  // accepted; empty: any
  negotiation::stream_plan stream_plan = stream_plan::ts26114;
  std::uint64_t max_message_size = 65536;  // what we can receive (RFC 8841 section 6)
  std::uint16_t sctp_port = 5000;
  std::optional<aiml::split::capabilities> aiml;  // absent: AI/ML off (DESIGN.md section 5)
  std::vector<channel_spec> channels;             // opened in our offers
  std::vector<aiml::split::configuration> split_configurations;  // offered on channels
  std::uint16_t control_stream = 0;  // the channel the configurations are scoped to
};

/// The host's transport for one m-line (by mid) or for all ("*"): what it allocated.
/// The library invents no address or candidate; without candidates an ICE answer says
/// port 9 and c=IN IP4 0.0.0.0 (RFC 9429 5.3.1: candidates follow by trickle).
struct local_transport {
  std::optional<std::uint16_t> port;    // else the media kind's port
  std::string address;                  // c= of the m-line; empty: the session's
  std::vector<std::string> candidates;  // a=candidate values (RFC 8839 5.1)
  bool end_of_candidates = false;       // gathering is complete (RFC 8840)
};

/// How accepted codecs are answered.
enum class codec_order : std::uint8_t {
  offer,  // the offer's order (RFC 3264 6.1: the offerer's preference)
  local,  // the capabilities' order (this side's preference)
};

/// Preconditions this side negotiates (RFC 3312, qos; TS 24.229 6.1.1 asks an IMS UE to).
/// Its segment's reservation is the host's: `current` says what it has reserved now (in the
/// e2e model, what it confirms of the end-to-end path; with the offer's report, RFC 3312 5).
struct precondition_capabilities {
  sdp::precondition_direction current = sdp::precondition_direction::none;
  sdp::strength_tag strength = sdp::strength_tag::mandatory;  // for its own segment
  bool confirm = true;  // ask the offerer to confirm its reservation (a=conf) while unmet
  // false: the host cannot reserve its segment (its bearer request failed): an offer with
  // mandatory qos preconditions is refused (precondition_failure, the host answers 580).
  bool reservable = true;
};

/// Fills `out` with the key || salt of a new SRTP master key: bytes from a CSPRNG
/// (RAND_bytes, getrandom) or a provisioned key. False when it has none: the m-line is
/// then rejected. The library makes up no key.
using key_source = std::function<bool(std::span<std::uint8_t> out)>;

/// SDES-SRTP (RFC 4568): the crypto suites this side takes, in its order of preference
/// (its offers list them so; an answer takes the first acceptable line of the offer, the
/// offerer's preference, RFC 4568 5.1.1 and 5.1.2).
struct sdes_capabilities {
  std::vector<std::string> suites{"AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32"};
  // Accept UNENCRYPTED_SRTP, UNENCRYPTED_SRTCP and UNAUTHENTICATED_SRTP (RFC 4568 6.3.2
  // to 6.3.4); off, an offered line with one is not taken.
  bool allow_unprotected = false;
  key_source keys;  // the host's; without one, SDES m-lines are rejected
};

struct capabilities {
  std::string username = "-";       // o= username
  std::uint64_t session_id = 0;     // o= sess-id; 0: derived from the offer (deterministic)
  std::string address = "0.0.0.0";  // o= and c= address (IP6 when it has a ':')
  std::string ice_ufrag;            // empty: ICE offers are refused
  std::string ice_pwd;
  std::string fingerprint;  // "sha-256 AB:CD:..."; empty: DTLS offers are refused
  std::string tls_id;       // RFC 8842 (120 random bits, from the host); empty: none
  bool ice_lite = false;    // a=ice-lite (RFC 8839 5.3): this side is an ICE-lite agent
  // The DTLS role answered to an actpass offer (RFC 8842 5.3 lets the answerer pick active
  // or passive); an ICE-lite media gateway is usually passive.
  sdp::setup_role dtls_role = sdp::setup_role::active;
  // false: offered BUNDLE groups are declined (RFC 9143 7.3.3): the answer has no group,
  // each m-line its own transport, and bundle-only m-lines are rejected; offers carry no
  // group either. An endpoint without ICE (an IMS leg, RTCP on port+1) does not bundle.
  bool bundle = true;
  std::map<std::string, local_transport> transports;  // by mid, or "*" for every m-line
  // Local media state, kept across re-answers (RFC 6337 5.3): the mids (or m-line indexes
  // as text, without a=mid) this side holds. A held stream only sends, so the peer's
  // sendrecv re-offer gets sendonly and the hold survives.
  std::vector<std::string> on_hold;
  // m-lines (mids, or indexes as text) this side rejects whatever they offer: a stream the
  // host declines (an interworking function whose other leg has no room for it).
  std::vector<std::string> refused;
  codec_order order = codec_order::offer;
  bool single_codec = false;  // one codec per m-line (plus helpers), as VoLTE peers expect
  // Absent: an offer with mandatory preconditions is refused (precondition_unsupported,
  // the host answers 420 with Unsupported: precondition); optional ones are ignored.
  std::optional<precondition_capabilities> preconditions;
  // Absent: RTP/SAVP offers with a=crypto are rejected; IMS offers are RTP/AVP.
  std::optional<sdes_capabilities> sdes;
  std::optional<media_capabilities> audio;
  std::optional<media_capabilities> video;
  std::optional<datachannel_capabilities> data_channel;
};

}  // namespace imsdp::negotiation
