// iwf: the interworking translations on any SDP (issue 21).
//
//   byte 0: bits 0-1 the scenario, bits 2-3 the policy preset, bit 4 the IMS leg's
//   transport (SDES-SRTP with a fixed key and rtcp-mux offered), bits 5-6 the WebRTC leg's
//   BUNDLE (group, group-shared-port, none, group); the rest: the SDP body (parsed under
//   lenient).
//   scenario 0: the body is a browser's offer: to_ims, an IMS UE answers, to_webrtc;
//   scenario 1: the body is an IMS offer: to_webrtc, a browser answers, to_ims;
//   scenario 2: the body is the IMS answer to the IWF's offer for a Chrome offer;
//   scenario 3: the body is the browser's answer to the IWF's offer for a VoLTE offer.
//   presets (each relays data channels, channel 1000 for browsers): the default policy;
//   preconditions stripped; passthrough only with an AVPF IMS leg (video crosses);
//   transcode only.
//
// Oracles: no crash; every output passes its own check_webrtc / check_ims (and RFC 3264
// against its offer when it is an answer); a translation run twice gives equal bytes and
// an equal state; the next state survives its JSON round trip with its keys, and its masked
// JSON holds no key; the plan has an entry per medium of the state, equals plan_of(next
// state), and renders to JSON (without keys) and rtpengine flags.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <imsdp/interworking/json.hpp>
#include <imsdp/negotiation/json.hpp>
#include <imsdp/negotiation/rules.hpp>
#include <imsdp/sdp/parse.hpp>
#include <imsdp/sdp/serialize.hpp>
#include <span>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"

using namespace imsdp;
using interworking::sdp_type;

namespace {

constexpr std::string_view chrome_offer =
    "v=0\r\no=- 7614219274584779017 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
    "a=group:BUNDLE 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111 0 8 126\r\nc=IN IP4 0.0.0.0\r\n"
    "a=ice-ufrag:pQ7r\r\na=ice-pwd:Gm2yT8vXk4Lr0sNq6wEa1zBc\r\na=fingerprint:sha-256 "
    "4E:1A:9C:23:7D:B0:55:E2:18:6F:A4:C9:0B:D7:32:8E:F1:60:2B:94:CE:07:5A:D3:71:8C:E6:19:B4:0F:"
    "A2:5D\r\na=setup:actpass\r\na=mid:0\r\na=sendrecv\r\na=rtcp-mux\r\n"
    "a=rtpmap:111 opus/48000/2\r\na=fmtp:111 minptime=10;useinbandfec=1\r\n"
    "a=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:126 telephone-event/8000\r\n";

constexpr std::string_view volte_offer =
    "v=0\r\no=- 1820463571 1820463571 IN IP6 2001:db8:5a1::17\r\ns=-\r\n"
    "c=IN IP6 2001:db8:5a1::17\r\nt=0 0\r\nm=audio 49152 RTP/AVP 100 101 102 103 104\r\n"
    "b=AS:42\r\na=rtpmap:100 EVS/16000\r\na=rtpmap:101 AMR-WB/16000/1\r\n"
    "a=rtpmap:102 AMR/8000/1\r\na=rtpmap:103 telephone-event/16000\r\na=fmtp:103 0-15\r\n"
    "a=rtpmap:104 telephone-event/8000\r\na=fmtp:104 0-15\r\na=ptime:20\r\n"
    "a=curr:qos local none\r\na=curr:qos remote none\r\na=des:qos mandatory local sendrecv\r\n"
    "a=des:qos optional remote sendrecv\r\na=sendrecv\r\n";

// The fixtures, in the JSON forms a host would keep them in.
interworking::media_resources resources() {
  auto r = interworking::resources_from_json(R"({"sessionId": 4242,
    "webrtcAddress": "203.0.113.5", "webrtcPort": 40000, "webrtcPorts": [40002, 40004],
    "iceUfrag": "Fq3xIWF1",
    "icePwd": "Zk8pQ2wLm4Rt7Yv9Bn3Cx5Dq",
    "webrtcFingerprint": "sha-256 6B:1E:93:0C:7D:A2:58:F4:31:CE:09:B7:66:2D:E5:8A:1F:C3:74:90:5D:2B:E8:46:A1:0F:93:7C:D5:28:6E:B4",
    "imsAddress": "192.0.2.10", "imsPorts": [50000, 50002],
    "imsFingerprint": "sha-256 9A:27:C4:51:0E:B8:63:D2:4F:1C:A6:E0:35:7B:98:2D:C1:5E:F4:08:B7:6A:13:D9:E2:40:8C:F6:5B:2E:71:A3"})");
  IMSDP_FUZZ_CHECK(r, "the resources fixture reads");
  return *r;
}

// A fixed SDES key (a translation is deterministic only with one), 0x5A bytes: its base64
// is "WlpaWlpa...", which no printed JSON may hold.
bool fixed_key(std::span<std::uint8_t> out) {
  for (auto& b : out)
    b = 0x5A;
  return true;
}
constexpr std::string_view fixed_key_text = "WlpaWlpaWlpa";

// Whether the input itself holds that text (the oracle then cannot tell a leak from an echo).
bool input_holds_key = false;

bool holds_key(std::string const& printed) {
  return !input_holds_key && printed.find(fixed_key_text) != std::string::npos;
}

// The other leg's endpoints: an IMS UE with preconditions, and a browser.
negotiation::capabilities capabilities(std::string_view json) {
  auto caps = negotiation::capabilities_from_json(json);
  IMSDP_FUZZ_CHECK(caps, "a capabilities fixture reads");
  return *caps;
}

negotiation::capabilities ims_ue() {
  auto caps = capabilities(R"({"address": "2001:db8:ca1::7", "preconditions": {},
    "fingerprint": "sha-256 3D:91:A8:0C:5E:F2:17:6B:C4:2A:E9:70:1F:8D:B3:56:0A:E7:94:2C:61:D8:3B:F5:0E:A9:47:C2:1D:86:5B:E3",
    "audio": {"codecs": [{"name": "AMR-WB", "clockRate": 16000, "channels": 1},
                         {"name": "AMR", "clockRate": 8000, "channels": 1},
                         {"name": "PCMA", "clockRate": 8000, "channels": 1}],
              "telephoneEvent": true},
    "video": {"codecs": [{"name": "H264", "clockRate": 90000}]},
    "dataChannel": {"streamPlan": "any"}, "sdes": {}})");
  caps.sdes->keys = fixed_key;
  return caps;
}

negotiation::capabilities browser() {
  return capabilities(R"({"address": "127.0.0.1", "iceUfrag": "QbM8",
    "icePwd": "g+8fGKnRBeurUHZWfDpnVUjb",
    "fingerprint": "sha-256 10:27:55:CB:18:22:0D:20:26:9A:96:CF:A5:2B:A4:4A:96:EA:15:23:FB:3B:A4:9C:95:2C:5C:B3:76:19:1F:B0",
    "audio": {"codecs": [{"name": "opus", "clockRate": 48000, "channels": 2},
                         {"name": "PCMU", "clockRate": 8000, "channels": 1},
                         {"name": "PCMA", "clockRate": 8000, "channels": 1}],
              "telephoneEvent": true},
    "video": {"codecs": [{"name": "H264", "clockRate": 90000}, {"name": "VP8", "clockRate": 90000}]},
    "dataChannel": {"streamPlan": "any"}})");
}

interworking::policy preset(unsigned n, bool srtp, unsigned bundle) {
  auto p = interworking::default_policy();
  negotiation::channel_spec ctrl;  // the channel a browser's data channel opens on IMS
  ctrl.stream_id = 1000;
  ctrl.subprotocol = "3gpp-aiml";
  p.data_channel.channels = {ctrl};
  if (n == 1) p.ims.preconditions = interworking::preconditions_mode::strip;
  if (n == 2) {
    p.codecs = interworking::codec_mode::passthrough;
    p.ims.profile = negotiation::rtp_profile::avpf_capneg;  // video crosses (rule 17)
  }
  if (n == 3) p.codecs = interworking::codec_mode::transcode;
  if (bundle == 1) p.webrtc.bundle = interworking::bundle_mode::shared_port;
  if (bundle == 2) p.webrtc.bundle = interworking::bundle_mode::none;
  if (srtp) {
    p.ims.srtp = interworking::srtp_mode::sdes;
    p.ims.sdes.keys = fixed_key;
    p.ims.rtcp_mux = interworking::rtcp_mux_mode::offer;
  }
  return p;
}

sdp::session_description parsed(std::string_view text) {
  auto doc = sdp::parse(text, profile::lenient());
  IMSDP_FUZZ_CHECK(doc, "a fixture parses");
  return std::move(*doc);
}

// Runs a translation twice and checks what every successful one must satisfy.
template <class Translate>
result<interworking::translation> checked(Translate translate, interworking::policy const& p,
                                          sdp::session_description const* offer, sdp_type type) {
  auto r = translate();
  if (!r) {
    if (r.error().code == errc::iwf_output)
      std::fprintf(stderr, "%s\n", r.error().message().c_str());
    IMSDP_FUZZ_CHECK(r.error().code != errc::iwf_output, "no translation breaks its own checks");
    return r;
  }
  auto const again = translate();
  IMSDP_FUZZ_CHECK(again && sdp::serialize_exact(*again->sdp) == sdp::serialize_exact(*r->sdp) &&
                       again->next == r->next,
                   "a translation is deterministic");
  auto const problems = r->towards == interworking::side::ims
                            ? interworking::check_ims(*r->sdp, type, p, offer)
                            : interworking::check_webrtc(*r->sdp, type, offer);
  for (auto const& e : problems)
    std::fprintf(stderr, "%s\n", e.message().c_str());
  IMSDP_FUZZ_CHECK(problems.empty(), "the output passes its side's checks");
  auto const round = interworking::state_from_json(
      interworking::state_to_json(r->next, interworking::state_keys::kept).dump());
  IMSDP_FUZZ_CHECK(round && *round == r->next, "the state survives JSON");
  IMSDP_FUZZ_CHECK(!holds_key(interworking::state_to_json(r->next).dump()),
                   "the masked state holds no key");
  auto const& media = r->next.pending ? r->next.pending->media : r->next.media;
  IMSDP_FUZZ_CHECK(r->plan.media.size() == media.size(), "the plan has every medium");
  IMSDP_FUZZ_CHECK(interworking::plan_of(r->next, p) == r->plan,
                   "the plan is the one the next state alone gives");
  IMSDP_FUZZ_CHECK(!holds_key(interworking::plan_to_json(r->plan).dump()),
                   "the plan's JSON holds no key");
  (void)interworking::rtpengine_flags(r->plan, r->towards);
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  if (size < 1) return 0;
  auto const scenario = data[0] & 3u;
  auto const p = preset((data[0] >> 2) & 3u, (data[0] & 0x10u) != 0, (data[0] >> 5) & 3u);
  std::string_view const body(reinterpret_cast<char const*>(data + 1), size - 1);
  input_holds_key = body.find(fixed_key_text) != std::string_view::npos;
  auto const doc = sdp::parse(body, profile::lenient());
  if (!doc) return 0;
  auto const res = resources();
  switch (scenario) {
    case 0: {
      auto const out = checked([&] { return interworking::to_ims(*doc, p, {}, res); }, p, nullptr,
                               sdp_type::offer);
      if (!out) break;
      auto const ue = negotiation::create_answer(*out->sdp, ims_ue());
      if (!ue) break;
      (void)checked([&] { return interworking::to_webrtc(*ue->sdp, p, out->next); }, p, &*doc,
                    sdp_type::answer);
      break;
    }
    case 1: {
      auto const out = checked([&] { return interworking::to_webrtc(*doc, p, {}, res); }, p,
                               nullptr, sdp_type::offer);
      if (!out) break;
      auto const answer = negotiation::create_answer(*out->sdp, browser());
      if (!answer) break;
      (void)checked([&] { return interworking::to_ims(*answer->sdp, p, out->next); }, p, &*doc,
                    sdp_type::answer);
      break;
    }
    case 2: {
      auto const offer = parsed(chrome_offer);
      auto const out = interworking::to_ims(offer, p, {}, res);
      IMSDP_FUZZ_CHECK(out, "the Chrome fixture translates");
      (void)checked([&] { return interworking::to_webrtc(*doc, p, out->next); }, p, &offer,
                    sdp_type::answer);
      break;
    }
    default: {
      auto const offer = parsed(volte_offer);
      auto const out = interworking::to_webrtc(offer, p, {}, res);
      if (!out) break;  // under strip, the mandatory preconditions are refused
      (void)checked([&] { return interworking::to_ims(*doc, p, out->next); }, p, &offer,
                    sdp_type::answer);
      break;
    }
  }
  return 0;
}
