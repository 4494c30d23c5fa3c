#include <imsdp/negotiation/answer.hpp>
// The header under test first; then what the tests use.
#include <doctest/doctest.h>

#include <filesystem>
#include <imsdp/datachannel/view.hpp>
#include <imsdp/negotiation/json.hpp>
#include <imsdp/negotiation/split_machine.hpp>
#include <imsdp/sdp/parse.hpp>
#include <imsdp/sdp/serialize.hpp>
#include <imsdp/sdp/validate.hpp>

#include "support/files.hpp"
#include "support/negotiation_examples.hpp"
#include "support/negotiation_invariants.hpp"

using namespace imsdp;
namespace fs = std::filesystem;

namespace {

sdp::session_description offer_of(std::string const& text) {
  auto doc = sdp::parse(text, profile::lenient());
  REQUIRE(doc);
  return std::move(*doc);
}

// The answer, re-parsed under strict, checked against its offer and by the cross-line rules.
negotiation::generated answer_checked(sdp::session_description const& offer,
                                      negotiation::capabilities const& caps) {
  auto a = negotiation::create_answer(offer, caps);
  REQUIRE(a);
  auto const text = sdp::serialize(*a->sdp);
  auto const reparsed = sdp::parse(text, profile::strict());
  REQUIRE(reparsed);
  CHECK(negotiation::check_answer(offer, *reparsed).empty());
  CHECK(sdp::validate(*reparsed).empty());
  CHECK(test::check_bundle_transport(*reparsed) == "");
  return std::move(*a);
}

// The last decision on `subject` (a policy may overturn an earlier one).
bool decided(negotiation::generated const& g, std::string const& subject, bool accepted) {
  for (auto d = g.decisions.rbegin(); d != g.decisions.rend(); ++d)
    if (d->subject == subject) return d->accepted == accepted;
  return false;
}

std::string fmtp_of(sdp::session_description const& doc, std::size_t m, std::string_view pt) {
  auto const* f = doc.media(m).find<sdp::fmtp>(pt);
  return f == nullptr ? std::string("(none)") : std::string(f->parameters);
}

std::string const head =
    "v=0\r\no=- 7 1 IN IP4 192.0.2.9\r\ns=-\r\nc=IN IP4 192.0.2.9\r\nt=0 0\r\n";

negotiation::capabilities audio_caps(std::vector<negotiation::codec> codecs) {
  negotiation::capabilities c;
  c.address = "192.0.2.1";
  negotiation::media_capabilities audio;
  audio.codecs = std::move(codecs);
  audio.telephone_event = true;
  c.audio = audio;
  return c;
}

negotiation::codec named(std::string name, std::uint32_t rate = 0) {
  negotiation::codec c;
  c.name = std::move(name);
  c.clock_rate = rate;
  return c;
}

}  // namespace

TEST_SUITE("negotiation.answer") {
  TEST_CASE("a Chrome offer under opus-only capabilities: video rejected, audio opus") {
    auto const dir = test::upstream_dir();
    if (!fs::exists(dir / "ex_sdp/chromium_sdp.txt")) {
      MESSAGE("upstream vectors not found: skipped");
      return;
    }
    for (auto const* file : {"ex_sdp/chromium_sdp.txt", "ex_webrtc/chromium_audio_video_sdp.txt"}) {
      CAPTURE(file);
      auto const offer = offer_of(test::read_file(dir / file));
      auto const a = answer_checked(offer, test::caps_file("caps-opus-dc.json"));
      REQUIRE(a.sdp->media_count() == offer.media_count());
      for (std::size_t i = 0; i < offer.media_count(); ++i)
        CHECK(a.sdp->media(i).media() == offer.media(i).media());
      CHECK(a.sdp->media(0).port() != 0);
      CHECK(a.sdp->media(1).port() == 0);
      CHECK(a.sdp->media(0).find<sdp::rtpmap>(111u) != nullptr);
      CHECK(a.sdp->media(0).find<sdp::rtpmap>(0u) == nullptr);
      CHECK(decided(a, "opus/48000/2 (pt 111)", true));
      CHECK(decided(a, "red/48000/2 (pt 63)", false));
      CHECK(a.sdp->media(0).find<sdp::setup>()->role == sdp::setup_role::active);
      auto const* group = a.sdp->session().find<sdp::group>();
      REQUIRE(group != nullptr);
      CHECK(group->tags == "0");  // the rejected video left the BUNDLE group
    }
  }

  TEST_CASE("a WebRTC offer with a data channel keeps its SCTP association") {
    auto const offer = offer_of(test::read_file(test::source_dir() / "examples/webrtc-offer.sdp"));
    auto const a = answer_checked(offer, test::caps_file("caps-opus-dc.json"));
    REQUIRE(a.sdp->media_count() == 3);
    CHECK(a.sdp->media(1).port() == 0);
    auto const dc = a.sdp->media(2);
    CHECK(dc.port() != 0);
    CHECK(datachannel::is_datachannel(dc));
    CHECK(dc.find<datachannel::max_message_size>()->bytes == 262144);
    CHECK(dc.find<sdp::mid>()->value == "2");
    CHECK(a.sdp->session().find<sdp::group>()->tags == "0 2");
    CHECK(dc.port() == a.sdp->media(0).port());  // one BUNDLE transport
  }

  TEST_CASE("the IMS offer of DESIGN.md 5 without the mt task: configurations 1-3") {
    auto const offer =
        offer_of(test::read_file(test::source_dir() / "examples/ims-datachannel-offer.sdp"));
    auto const a = answer_checked(offer, test::caps_file("caps-ims-ue.json"));
    CHECK(negotiation::negotiated_configurations(*a.sdp) == std::vector<std::uint8_t>{1, 2, 3});
    for (auto const* cfg : {"cfg 1", "cfg 2", "cfg 3"})
      CHECK(decided(a, cfg, true));
    CHECK(decided(a, "cfg 4", false));
    CHECK(decided(a, "cfg 5", false));
    // EVS narrowed to the bit rates both sides support (TS 26.445 annex A).
    CHECK(fmtp_of(*a.sdp, 0, "100") == "br=13.2-24.4;bw=wb-swb");
    CHECK(a.sdp->media(1).find<datachannel::max_message_size>()->bytes == 1024);
    // RFC 8842: the offer had a tls-id; without one from the host the answer has none.
    CHECK(a.sdp->media(1).find<sdp::tls_id>() == nullptr);
  }

  TEST_CASE("issue 20 defect 3: tls-id comes from the host and stays across re-answers") {
    auto const offer =
        offer_of(test::read_file(test::source_dir() / "examples/ims-datachannel-offer.sdp"));
    auto caps = test::caps_file("caps-ims-ue.json");
    caps.tls_id = "Zm9yIHRoZSBsaWZlIG9mIHRoZSBhc3NvY2lhdGlvbg";
    auto const first = answer_checked(offer, caps);
    REQUIRE(first.sdp->media(1).find<sdp::tls_id>() != nullptr);
    CHECK(first.sdp->media(1).find<sdp::tls_id>()->value == caps.tls_id);
    // The peer's re-offer changes the description (hold); our re-answer keeps the id, so the
    // DTLS association and its data channels survive.
    auto copy = offer.clone();
    REQUIRE(copy);
    auto& reoffer = *copy;
    auto origin = *reoffer.origin();
    ++origin.session_version;
    REQUIRE(reoffer.set_origin(origin));
    REQUIRE(reoffer.set_direction(sdp::scope::media(0), sdp::media_direction::sendonly));
    caps.tls_id.clear();
    auto const again = negotiation::create_answer(reoffer, caps, first.sdp);
    REQUIRE(again);
    REQUIRE(again->sdp->media(1).find<sdp::tls_id>() != nullptr);
    CHECK(again->sdp->media(1).find<sdp::tls_id>()->value ==
          first.sdp->media(1).find<sdp::tls_id>()->value);
  }

  TEST_CASE("AMR and AMR-WB: octet-align must match, mode-set is intersected") {
    auto const offer =
        offer_of(head +
                 "m=audio 9 RTP/AVP 96 97 98 99\r\n"
                 "a=rtpmap:96 AMR-WB/16000/1\r\na=fmtp:96 mode-set=0,1,2;octet-align=1\r\n"
                 "a=rtpmap:97 AMR-WB/16000/1\r\na=fmtp:97 mode-set=0,1,2\r\n"
                 "a=rtpmap:98 AMR/8000/1\r\na=fmtp:98 robust-sorting=1\r\n"
                 "a=rtpmap:99 AMR/8000/1\r\n");
    auto wb = named("AMR-WB", 16000);
    wb.octet_align = false;
    wb.mode_set = {1, 2, 8};
    auto amr = named("AMR", 8000);
    amr.mode_set = {7};
    auto const a = answer_checked(offer, audio_caps({wb, amr}));
    CHECK(decided(a, "AMR-WB/16000 (pt 96)", false));
    CHECK(decided(a, "AMR-WB/16000 (pt 97)", true));
    CHECK(fmtp_of(*a.sdp, 0, "97") == "mode-set=1,2");
    CHECK(decided(a, "AMR/8000 (pt 98)", false));
    CHECK(fmtp_of(*a.sdp, 0, "99") == "mode-set=7");
    CHECK(a.sdp->media(0).m().formats == "97 99");
  }

  TEST_CASE("TS 26.114 6.2.5, A.5: b=AS, b=RS and b=RR in an MTSI answer, not towards DTLS") {
    auto caps = audio_caps({named("AMR-WB", 16000)});
    caps.audio->bandwidth_kbps = 38;
    caps.audio->rtcp_rs = 0;
    caps.audio->rtcp_rr = 2000;
    auto const bandwidths = [](sdp::session_description const& doc) {
      std::string out;
      for (auto const& b : doc.media(0).all<sdp::bandwidth>())
        out += std::string(b.type) + ":" + std::to_string(b.value) + " ";
      return out;
    };
    auto const mtsi =
        answer_checked(offer_of(head + "m=audio 9 RTP/AVP 96\r\nb=AS:49\r\nb=RS:0\r\nb=RR:2500\r\n"
                                       "a=rtpmap:96 AMR-WB/16000/1\r\n"),
                       caps);
    CHECK(bandwidths(*mtsi.sdp) == "AS:38 RS:0 RR:2000 ");
    // The same capabilities towards a browser: b=AS only, as create_offer writes it.
    caps.ice_ufrag = "abcd";
    caps.ice_pwd = "0123456789abcdef012345";
    caps.fingerprint = "sha-256 " + std::string(95, 'A');
    for (std::size_t k = 2; k < 95; k += 3)
      caps.fingerprint[8 + k] = ':';
    auto const dtls =
        answer_checked(offer_of(head + "a=fingerprint:sha-256 " + caps.fingerprint.substr(8) +
                                "\r\nm=audio 9 UDP/TLS/RTP/SAVPF 96\r\na=ice-ufrag:wxyz\r\n"
                                "a=ice-pwd:0123456789abcdef0123ab\r\na=setup:actpass\r\na=mid:0\r\n"
                                "a=rtcp-mux\r\na=rtpmap:96 AMR-WB/16000/1\r\n"),
                       caps);
    CHECK(bandwidths(*dtls.sdp) == "AS:38 ");
  }

  TEST_CASE("AMR: a mode-set in any order, with a mode repeated, is answered as a set") {
    // RFC 4867 8.1: mode-set lists modes; the answer writes the common ones once, in
    // ascending order, and says it narrowed only when a mode was dropped.
    auto const offer = offer_of(head +
                                "m=audio 9 RTP/AVP 98 99\r\n"
                                "a=rtpmap:98 AMR/8000/1\r\na=fmtp:98 mode-set=7,2,2,0\r\n"
                                "a=rtpmap:99 AMR/8000/1\r\na=fmtp:99 mode-set=7,2,9\r\n");
    auto amr = named("AMR", 8000);
    amr.mode_set = {0, 2, 7, 12};
    auto const a = answer_checked(offer, audio_caps({amr}));
    CHECK(fmtp_of(*a.sdp, 0, "98") == "mode-set=0,2,7");
    CHECK(decided(a, "AMR/8000 (pt 98)", true));
    CHECK(fmtp_of(*a.sdp, 0, "99") == "mode-set=2,7");  // 9 is no AMR mode
    auto const narrowed = std::find_if(a.decisions.begin(), a.decisions.end(), [](auto const& d) {
      return d.subject == "AMR/8000 (pt 98)";
    });
    REQUIRE(narrowed != a.decisions.end());
    CHECK(narrowed->reason == "accepted");
  }

  TEST_CASE("EVS: br and bw ranges are intersected, or the payload type refused") {
    auto const offer = offer_of(head +
                                "m=audio 9 RTP/AVP 96 97\r\n"
                                "a=rtpmap:96 EVS/16000\r\na=fmtp:96 br=5.9-13.2;bw=nb-wb\r\n"
                                "a=rtpmap:97 EVS/16000\r\na=fmtp:97 br=32-64\r\n");
    auto evs = named("EVS", 16000);
    evs.bitrates = "9.6-24.4";
    evs.bandwidths = "wb-fb";
    auto const a = answer_checked(offer, audio_caps({evs}));
    CHECK(fmtp_of(*a.sdp, 0, "96") == "br=9.6-13.2;bw=wb");
    CHECK(decided(a, "EVS/16000 (pt 97)", false));
  }

  TEST_CASE("H.264: packetization-mode, profile and level") {
    auto const offer = offer_of(head +
                                "m=video 9 RTP/AVP 96 97 98 99 100\r\n"
                                "a=rtpmap:96 H264/90000\r\n"
                                "a=fmtp:96 profile-level-id=640032;packetization-mode=1\r\n"
                                "a=rtpmap:97 H264/90000\r\n"
                                "a=fmtp:97 profile-level-id=42e034;packetization-mode=1\r\n"
                                "a=rtpmap:98 H264/90000\r\na=fmtp:98 profile-level-id=42e01f\r\n"
                                "a=rtpmap:99 rtx/90000\r\na=fmtp:99 apt=97\r\n"
                                "a=rtpmap:100 rtx/90000\r\na=fmtp:100 apt=96\r\n");
    negotiation::capabilities caps;
    negotiation::media_capabilities video;
    auto h264 = named("H264", 90000);
    h264.profiles = {"baseline"};
    h264.max_level = 31;
    h264.packetization_modes = {1};
    video.codecs = {h264, named("rtx")};
    caps.video = video;
    auto const a = answer_checked(offer, caps);
    CHECK(decided(a, "H264/90000 (pt 96)", false));  // high
    CHECK(decided(a, "H264/90000 (pt 97)", true));   // constrained baseline decodes as baseline
    CHECK(fmtp_of(*a.sdp, 0, "97") == "profile-level-id=42e01f;packetization-mode=1");
    CHECK(decided(a, "H264/90000 (pt 98)", false));  // packetization-mode 0
    CHECK(decided(a, "rtx/90000 (pt 99)", true));
    CHECK(decided(a, "rtx/90000 (pt 100)", false));
    CHECK(a.sdp->media(0).m().formats == "97 99");
  }

  TEST_CASE("telephone-event at an accepted codec's clock rate, red with its payloads") {
    auto const offer = offer_of(head +
                                "m=audio 9 RTP/AVP 111 63 0 110 126\r\n"
                                "a=rtpmap:111 opus/48000/2\r\na=rtpmap:63 red/48000/2\r\n"
                                "a=fmtp:63 111/111\r\na=rtpmap:0 PCMU/8000\r\n"
                                "a=rtpmap:110 telephone-event/48000\r\n"
                                "a=rtpmap:126 telephone-event/8000\r\n");
    auto const a = answer_checked(offer, audio_caps({named("opus", 48000), named("red")}));
    CHECK(a.sdp->media(0).m().formats == "111 63 110");
    CHECK(fmtp_of(*a.sdp, 0, "63") == "111/111");
  }

  TEST_CASE("unknown media, offered port 0 and missing capabilities are rejected with port 0") {
    auto const offer = offer_of(head +
                                "m=audio 9 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n"
                                "m=image 9 udptl t38\r\n"
                                "m=text 9 RTP/AVP 98\r\na=rtpmap:98 t140/1000\r\n"
                                "m=audio 0 RTP/AVP 8\r\n"
                                "m=video 9 RTP/AVP 96\r\na=rtpmap:96 VP8/90000\r\n");
    auto const a = answer_checked(offer, audio_caps({named("PCMU", 8000), named("PCMA", 8000)}));
    REQUIRE(a.sdp->media_count() == 5);
    CHECK(a.sdp->media(0).port() != 0);
    for (std::size_t i = 1; i < 5; ++i) {
      CAPTURE(i);
      CHECK(a.sdp->media(i).port() == 0);
      CHECK(a.sdp->media(i).media() == offer.media(i).media());
      CHECK(a.sdp->media(i).proto() == offer.media(i).proto());
    }
  }

  TEST_CASE("ICE, DTLS and SDES need what the capabilities give") {
    auto const offer = offer_of(head +
                                "m=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=ice-ufrag:abcd\r\n"
                                "a=ice-pwd:0123456789abcdefghijklmn\r\na=setup:actpass\r\n"
                                "a=fingerprint:sha-256 "
                                "6B:1E:93:0C:7D:A2:58:F4:31:CE:09:B7:66:2D:E5:8A:1F:C3:74:90:5D:2B:"
                                "E8:46:A1:0F:93:7C:D5:28:6E:B4\r\n"
                                "m=audio 9 RTP/SAVP 0\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 "
                                "inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz\r\n");
    auto const a = answer_checked(offer, audio_caps({named("PCMU", 8000)}));
    CHECK(a.sdp->media(0).port() == 0);
    CHECK(a.sdp->media(1).port() == 0);
    auto with_ice = audio_caps({named("PCMU", 8000)});
    with_ice.ice_ufrag = "wxyz";
    with_ice.ice_pwd = "abcdefghijklmnopqrstuvwx";
    with_ice.fingerprint = test::caps_file("caps-opus-dc.json").fingerprint;
    auto const b = answer_checked(offer, with_ice);
    CHECK(b.sdp->media(0).port() != 0);
    CHECK(b.sdp->media(0).find<sdp::ice_ufrag>()->value == "wxyz");
    CHECK(b.sdp->media(1).port() == 0);
  }

  TEST_CASE("the direction mirrors the offer within the local one") {
    auto const offer = offer_of(head +
                                "m=audio 9 RTP/AVP 0\r\na=sendonly\r\n"
                                "m=audio 9 RTP/AVP 0\r\na=recvonly\r\n"
                                "m=audio 9 RTP/AVP 0\r\n");
    auto caps = audio_caps({named("PCMU", 8000)});
    auto const a = answer_checked(offer, caps);
    CHECK(a.sdp->media(0).direction() == sdp::media_direction::recvonly);
    CHECK(a.sdp->media(1).direction() == sdp::media_direction::sendonly);
    CHECK(a.sdp->media(2).direction() == sdp::media_direction::sendrecv);
    caps.audio->direction = sdp::media_direction::sendonly;
    auto const b = answer_checked(offer, caps);
    CHECK(b.sdp->media(0).direction() == sdp::media_direction::inactive);
    CHECK(b.sdp->media(1).direction() == sdp::media_direction::sendonly);
    CHECK(b.sdp->media(2).direction() == sdp::media_direction::sendonly);
  }

  TEST_CASE("data channels: subprotocols and the stream plan choose the channels") {
    auto const offer = offer_of(head +
                                "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n"
                                "a=setup:actpass\r\na=fingerprint:sha-256 "
                                "6B:1E:93:0C:7D:A2:58:F4:31:CE:09:B7:66:2D:E5:8A:1F:C3:74:90:5D:2B:"
                                "E8:46:A1:0F:93:7C:D5:28:6E:B4\r\n"
                                "a=sctp-port:5000\r\n"
                                "a=dcmap:0 subprotocol=\"http\"\r\n"
                                "a=dcmap:5 subprotocol=\"http\"\r\n"
                                "a=dcmap:1000 subprotocol=\"3gpp-ai\"\r\n"
                                "a=dcmap:1001 subprotocol=\"webrtc-ar\"\r\n"
                                "a=dcsa:1001 accept-types:application/json\r\n"
                                "m=application 9 DTLS/SCTP 5000\r\n"
                                "a=sctpmap:5000 webrtc-datachannel 1024\r\n");
    auto caps = test::caps_file("caps-ims-ue.json");
    auto const a = answer_checked(offer, caps);
    auto const view = datachannel::view(*a.sdp, 0);
    std::vector<unsigned> ids;
    for (auto const& c : view.channels)
      ids.push_back(c.stream_id());
    CHECK(ids == std::vector<unsigned>{0, 1000});  // 5: outside the plan; 1001: subprotocol
    CHECK(a.sdp->media(0).all<datachannel::dcsa>().empty());
    CHECK(a.sdp->media(1).port() == 0);  // the legacy form is not answered
    caps.data_channel->subprotocols = {"webrtc-ar"};
    auto const b = answer_checked(offer, caps);
    CHECK(datachannel::view(*b.sdp, 0).channels.size() == 1);
    CHECK(b.sdp->media(0).all<datachannel::dcsa>().size() == 1);
    caps.data_channel->subprotocols = {"t140"};
    CHECK(answer_checked(offer, caps).sdp->media(0).port() == 0);  // no channel left
  }

  TEST_CASE("data channels: a scoped direction is mirrored, not copied (RFC 3264 6.1)") {
    std::string const section =
        "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n"
        "a=setup:actpass\r\na=fingerprint:sha-256 "
        "6B:1E:93:0C:7D:A2:58:F4:31:CE:09:B7:66:2D:E5:8A:1F:C3:74:90:5D:2B:"
        "E8:46:A1:0F:93:7C:D5:28:6E:B4\r\n"
        "a=dcmap:1001 subprotocol=\"t140\"\r\na=dcmap:1002 subprotocol=\"t140\"\r\n"
        "a=dcmap:1003 subprotocol=\"t140\"\r\n"
        "a=dcsa:1001 sendonly\r\na=dcsa:1002 recvonly\r\na=dcsa:1003 inactive\r\n";
    auto caps = test::caps_file("caps-ims-ue.json");
    caps.data_channel->subprotocols.clear();  // any
    auto const a = answer_checked(offer_of(head + section), caps);
    std::vector<std::string> scoped;
    for (auto const& s : a.sdp->media(0).all<datachannel::dcsa>())
      scoped.push_back(std::to_string(s.stream_id) + " " + std::string(s.inner_name));
    CHECK(scoped == std::vector<std::string>{"1001 recvonly", "1002 sendonly", "1003 inactive"});
  }

  TEST_CASE("issue 20 defect 4: ICE and DTLS attributes on plain RTP do not fail the call") {
    // An RTP/AVP offer with ICE (RFC 8445 fallback: an answerer without ICE ignores it).
    auto const ice = offer_of(head +
                              "m=audio 49170 RTP/AVP 0\r\na=ice-ufrag:abcd\r\n"
                              "a=ice-pwd:0123456789abcdefghijklmn\r\n"
                              "a=candidate:1 1 UDP 2130706431 192.0.2.9 49170 typ host\r\n");
    auto const a = answer_checked(ice, audio_caps({named("PCMU", 8000)}));
    CHECK(a.sdp->media(0).port() != 0);
    CHECK(a.sdp->media(0).find<sdp::ice_ufrag>() == nullptr);
    // RTP/AVP with a fingerprint and the capability UDP/TLS/RTP/SAVP (RFC 5939): answered as
    // plain RTP, with and without a local fingerprint; no fingerprint or setup is added.
    auto const capneg = offer_of(head +
                                 "a=fingerprint:sha-256 6B:1E:93:0C:7D:A2:58:F4:31:CE:09:B7:66:"
                                 "2D:E5:8A:1F:C3:74:90:5D:2B:E8:46:A1:0F:93:7C:D5:28:6E:B4\r\n"
                                 "a=tcap:1 UDP/TLS/RTP/SAVP\r\n"
                                 "m=audio 49170 RTP/AVP 0\r\na=setup:actpass\r\na=pcfg:1 t=1\r\n");
    auto caps = audio_caps({named("PCMU", 8000)});
    auto const plain = answer_checked(capneg, caps);
    CHECK(plain.sdp->media(0).port() != 0);
    caps.fingerprint =
        "sha-256 0A:3C:55:E1:92:7B:D4:18:6F:C2:A9:30:84:EB:17:5D:C6:2E:F8:41:9A:"
        "07:B3:6D:E0:52:1C:8F:74:A6:3B:D9";
    auto const with_fp = answer_checked(capneg, caps);
    CHECK(with_fp.sdp->media(0).port() != 0);
    CHECK(with_fp.sdp->media(0).find<sdp::fingerprint>() == nullptr);
    CHECK(with_fp.sdp->media(0).find<sdp::setup>() == nullptr);
  }

  TEST_CASE("RFC 4145 section 4: an offer without a=setup makes the answer passive") {
    std::string const dtls =
        "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=fingerprint:sha-256 "
        "6B:1E:93:0C:7D:A2:58:F4:31:CE:09:B7:66:2D:E5:8A:1F:C3:74:90:5D:2B:E8:46:A1:0F:93:7C:D5:"
        "28:6E:B4\r\na=dcmap:1000 subprotocol=\"x\"\r\n";
    auto caps = test::caps_file("caps-ims-ue.json");
    caps.data_channel->subprotocols.clear();
    auto const role = [&](std::string const& setup) {
      auto const a = answer_checked(offer_of(head + dtls + setup), caps);
      return a.sdp->media(0).find<sdp::setup>()->role;
    };
    CHECK(role("") == sdp::setup_role::passive);
    CHECK(role("a=setup:active\r\n") == sdp::setup_role::passive);
    CHECK(role("a=setup:actpass\r\n") == sdp::setup_role::active);
    CHECK(role("a=setup:passive\r\n") == sdp::setup_role::active);
    // RFC 8842 5.3: to actpass the answerer picks; a media gateway asks for passive.
    caps.dtls_role = sdp::setup_role::passive;
    CHECK(role("a=setup:actpass\r\n") == sdp::setup_role::passive);
    CHECK(role("a=setup:passive\r\n") == sdp::setup_role::active);
  }

  TEST_CASE("a BUNDLE tag repeated in the offer's group is answered once, its transport kept") {
    auto text = test::read_file(test::source_dir() / "examples/webrtc-offer.sdp");
    text.replace(text.find("a=group:BUNDLE 0 1 2"), 20, "a=group:BUNDLE 0 0 1 2");
    auto const a = answer_checked(offer_of(text), test::caps_file("caps-webrtc.json"));
    CHECK(a.sdp->session().find<sdp::group>()->tags == "0 1 2");
    CHECK(a.sdp->media(0).find<sdp::ice_ufrag>() != nullptr);  // found by the iwf fuzzer
  }

  TEST_CASE("RFC 9143 7.3.3: an answerer that declines BUNDLE answers without the group") {
    auto text = test::read_file(test::source_dir() / "examples/webrtc-offer.sdp");
    auto caps = test::caps_file("caps-webrtc.json");
    caps.bundle = false;
    auto const a = answer_checked(offer_of(text), caps);
    CHECK(a.sdp->session().find<sdp::group>() == nullptr);
    for (std::size_t i = 0; i < a.sdp->media_count(); ++i) {
      CAPTURE(i);
      if (a.sdp->media(i).port() == 0) continue;
      CHECK(a.sdp->media(i).find<sdp::ice_ufrag>() != nullptr);  // each its own transport
    }
  }

  TEST_CASE("RFC 9143 7.3.3: declining BUNDLE rejects an m-line whose ICE is the group's") {
    // The video m-line keeps its mid but lost its own ICE and DTLS lines: its transport is
    // the group's, which a declined group does not give it (found by the iwf fuzzer).
    auto const text = test::chrome_offer_video_without_ice();
    auto caps = test::caps_file("caps-webrtc.json");
    caps.bundle = false;
    auto const a = answer_checked(offer_of(text), caps);
    CHECK(a.sdp->media(0).port() != 0);
    CHECK(a.sdp->media(1).port() == 0);
    CHECK(std::any_of(a.decisions.begin(), a.decisions.end(), [](auto const& d) {
      return d.media_index == 1 && d.subject == "m-line" && !d.accepted &&
             d.reason.find("BUNDLE group") != std::string::npos;
    }));
  }

  TEST_CASE("RFC 9143 7.1.3: with the offer's tagged m-line rejected, the group's ICE moves") {
    // The audio m-line has no ICE lines of its own: the offer's tagged m-line (mid 0, which
    // the host refuses) carries the group's. The answer's new tagged m-line answers them
    // (found by the iwf fuzzer: it was answered without ICE).
    auto const text = test::chrome_offer_video_without_ice();
    auto caps = test::caps_file("caps-webrtc.json");
    caps.refused = {"0"};
    auto const a = answer_checked(offer_of(text), caps);
    CHECK(a.sdp->media(0).port() == 0);
    REQUIRE(a.sdp->media(1).port() != 0);
    CHECK(a.sdp->media(1).find<sdp::ice_ufrag>() != nullptr);
  }

  TEST_CASE("a payload type written twice (0 and 000) is answered once") {
    // Lenient input may spell one payload type two ways; the answer maps it once (RFC 8866
    // 6.6; found by the negotiation fuzzer: the answer failed its own strict re-parse).
    auto const a = answer_checked(offer_of(head + "m=audio 49170 RTP/AVP 0 000 8\r\n"),
                                  audio_caps({named("PCMU", 8000), named("PCMA", 8000)}));
    CHECK(std::string(a.sdp->media(0).fields().front().text) == "m=audio 49170 RTP/AVP 0 8");
  }

  TEST_CASE("an m-line the host refuses is rejected whatever it offers") {
    auto caps = audio_caps({named("PCMU", 8000)});
    caps.refused = {"1"};
    auto const a = answer_checked(
        offer_of(head + "m=audio 49170 RTP/AVP 0\r\nm=audio 49172 RTP/AVP 0\r\n"), caps);
    CHECK(a.sdp->media(0).port() != 0);
    CHECK(a.sdp->media(1).port() == 0);
    CHECK(decided(a, "m-line", false));
  }

  TEST_CASE("RFC 8285 section 6: an extension offered with a direction is answered mirrored") {
    auto caps = audio_caps({named("PCMU", 8000)});
    caps.audio->header_extensions = {"urn:ietf:params:rtp-hdrext:ssrc-audio-level"};
    auto const a = answer_checked(
        offer_of(head + "m=audio 49170 RTP/AVP 0\r\n"
                        "a=extmap:1/recvonly urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n"),
        caps);
    auto const* x = a.sdp->media(0).find<sdp::extmap>();
    REQUIRE(x != nullptr);
    REQUIRE(x->direction);
    CHECK(*x->direction == sdp::media_direction::sendonly);
  }

  TEST_CASE("issue 20 defect 9: EVS br-send/br-recv and bw-send/bw-recv are swapped") {
    negotiation::codec evs = named("EVS", 16000);
    evs.bitrates = "9.6-24.4";
    auto const a = answer_checked(
        offer_of(head + "m=audio 49170 RTP/AVP 96\r\na=rtpmap:96 EVS/16000\r\n"
                        "a=fmtp:96 br-send=13.2-24.4;br-recv=9.6-13.2;bw-send=swb;bw-recv=wb\r\n"),
        audio_caps({evs}));
    // TS 26.445 annex A: the offerer sends 13.2-24.4, so the answerer receives that; no br
    // is added beside the directional forms.
    CHECK(fmtp_of(*a.sdp, 0, "96") == "br-recv=13.2-24.4;br-send=9.6-13.2;bw-recv=swb;bw-send=wb");
  }

  TEST_CASE(
      "issue 20 defect 10: H.264 answers state their own sprop-* and max-*, not the offer's") {
    negotiation::codec h264 = named("H264", 90000);
    h264.fmtp = "max-fs=3600;max-mbps=108000";
    negotiation::capabilities caps;
    caps.address = "192.0.2.1";
    negotiation::media_capabilities video;
    video.codecs = {h264};
    caps.video = video;
    auto const a =
        answer_checked(offer_of(head + "m=video 49172 RTP/AVP 98\r\na=rtpmap:98 H264/90000\r\n"
                                       "a=fmtp:98 profile-level-id=42e01f;packetization-mode=1;"
                                       "sprop-parameter-sets=Z0LAHtkDxWhAAAADAEAAAAwDxYuS,aMuMsg==;"
                                       "max-mbps=245760;max-fs=8192\r\n"),
                       caps);
    CHECK(fmtp_of(*a.sdp, 0, "98") ==
          "profile-level-id=42e01f;packetization-mode=1;max-fs=3600;max-mbps=108000");
  }

  TEST_CASE("issue 20 defect 11: streams outside BUNDLE never share a port") {
    auto caps = audio_caps({named("PCMU", 8000)});
    negotiation::media_capabilities video;
    video.codecs = {named("VP8", 90000)};
    caps.video = video;
    auto const a =
        answer_checked(offer_of(head + "m=audio 49170 RTP/AVP 0\r\nm=audio 49172 RTP/AVP 0\r\n"
                                       "m=video 49174 RTP/AVP 96\r\na=rtpmap:96 VP8/90000\r\n"),
                       caps);
    std::vector<unsigned> ports;
    for (std::size_t i = 0; i < 3; ++i)
      ports.push_back(a.sdp->media(i).port());
    CHECK(ports == std::vector<unsigned>{49170, 49172, 49174});
  }

  TEST_CASE("issue 20 defect 13: BUNDLE transport attributes only in the tagged m= section") {
    auto const dir = test::upstream_dir();
    auto const offer = offer_of(test::read_file(test::source_dir() / "examples/webrtc-offer.sdp"));
    auto caps = test::caps_file("caps-opus-dc.json");
    auto const a = answer_checked(offer, caps);
    auto const* group = a.sdp->session().find<sdp::group>();
    REQUIRE(group != nullptr);
    std::size_t tagged = a.sdp->media_count();
    for (std::size_t i = 0; i < a.sdp->media_count(); ++i) {
      auto const m = a.sdp->media(i);
      if (m.port() == 0) continue;
      bool const transport = m.find<sdp::ice_ufrag>() != nullptr ||
                             m.find<sdp::fingerprint>() != nullptr ||
                             m.find<sdp::setup>() != nullptr;
      if (tagged == a.sdp->media_count()) {
        tagged = i;
        CHECK(transport);
      } else {
        CHECK_MESSAGE(!transport, "m-line " << i << " repeats the BUNDLE transport");
      }
    }
  }

  TEST_CASE("issue 20 defect 2 (answer side): a bundle-only m-line is accepted into the group") {
    auto const offer = offer_of(
        head +
        "a=group:BUNDLE a d\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:a\r\na=rtcp-mux\r\n"
        "a=ice-ufrag:abcd\r\na=ice-pwd:0123456789abcdefghijklmn\r\na=setup:actpass\r\n"
        "a=fingerprint:sha-256 6B:1E:93:0C:7D:A2:58:F4:31:CE:09:B7:66:2D:E5:8A:1F:C3:74:90:5D:2B:"
        "E8:46:A1:0F:93:7C:D5:28:6E:B4\r\n"
        "m=application 0 UDP/DTLS/SCTP webrtc-datachannel\r\na=mid:d\r\na=bundle-only\r\n");
    auto caps = test::caps_file("caps-opus-dc.json");
    caps.audio->codecs.push_back(named("PCMU", 8000));
    auto const a = answer_checked(offer, caps);
    CHECK(a.sdp->media(1).port() != 0);
    CHECK(a.sdp->media(1).port() == a.sdp->media(0).port());
    CHECK(a.sdp->session().find<sdp::group>()->tags == "a d");
  }

  TEST_CASE(
      "issue 20 item 4: rtcp-fb is intersected with the codec's, transport-cc needs its "
      "extension") {
    negotiation::capabilities caps;
    caps.address = "192.0.2.1";
    negotiation::media_capabilities video;
    negotiation::codec vp8 = named("VP8", 90000);
    vp8.feedback = {"nack", "nack pli", "transport-cc"};
    video.codecs = {vp8, named("red", 90000), named("rtx", 90000)};
    caps.video = video;
    auto const offer =
        offer_of(head +
                 "m=video 49172 RTP/AVP 96 97 98\r\na=rtpmap:96 VP8/90000\r\n"
                 "a=rtcp-fb:96 nack\r\na=rtcp-fb:96 nack pli\r\na=rtcp-fb:96 ccm fir\r\n"
                 "a=rtcp-fb:96 transport-cc\r\na=rtcp-fb:96 goog-remb\r\n"
                 "a=rtpmap:97 red/90000\r\na=rtpmap:98 rtx/90000\r\na=fmtp:98 apt=96\r\n");
    auto const a = answer_checked(offer, caps);
    std::vector<std::string> feedback;
    for (auto const& fb : a.sdp->media(0).all<sdp::rtcp_fb>())
      feedback.push_back(std::string(fb.type) +
                         (fb.parameters.empty() ? "" : " " + std::string(fb.parameters)));
    CHECK(feedback ==
          std::vector<std::string>{"nack", "nack pli"});  // no extension: no transport-cc
    // Chromium's video RED has no fmtp; it carries any accepted codec.
    CHECK(a.sdp->media(0).m().formats == "96 97 98");
  }

  TEST_CASE("issue 20 item 4: a simulcast offer is answered with rid recv and simulcast:recv") {
    negotiation::capabilities caps;
    caps.address = "192.0.2.1";
    negotiation::media_capabilities video;
    video.codecs = {named("VP8", 90000)};
    video.simulcast = true;
    video.header_extensions = {"urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id"};
    caps.video = video;
    std::string const section =
        "m=video 49172 RTP/AVP 96\r\na=rtpmap:96 VP8/90000\r\na=sendonly\r\n"
        "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id\r\n"
        "a=rid:q send\r\na=rid:h send max-width=640\r\na=rid:f send\r\n"
        "a=simulcast:send q;h;~f\r\n";
    auto const a = answer_checked(offer_of(head + section), caps);
    auto const m = a.sdp->media(0);
    REQUIRE(m.find<sdp::simulcast>() != nullptr);
    CHECK(m.find<sdp::simulcast>()->recv == "q;h;~f");
    CHECK(m.find<sdp::simulcast>()->send.empty());
    std::vector<std::string> rids;
    for (auto const& r : m.all<sdp::rid>()) {
      CHECK(r.direction == sdp::rid_direction::recv);
      rids.emplace_back(r.id);
    }
    CHECK(rids == std::vector<std::string>{"q", "h", "f"});
    // Without the rid extension the layers cannot be told apart: no simulcast.
    caps.video->header_extensions.clear();
    auto const plain = answer_checked(offer_of(head + section), caps);
    CHECK(plain.sdp->media(0).find<sdp::simulcast>() == nullptr);
    CHECK(decided(plain, "simulcast", false));
  }

  TEST_CASE("issue 20 item 2: the host's transport; without candidates port 9 and 0.0.0.0") {
    auto const offer = offer_of(test::read_file(test::source_dir() / "examples/webrtc-offer.sdp"));
    auto caps = test::caps_file("caps-opus-dc.json");
    auto const trickle = answer_checked(offer, caps);
    CHECK(trickle.sdp->media(0).port() == 9);  // RFC 9429 5.3.1
    REQUIRE(trickle.sdp->media(0).effective_connection() != nullptr);
    CHECK(trickle.sdp->media(0).effective_connection()->address == "0.0.0.0");
    negotiation::local_transport host;
    host.port = 40000;
    host.address = "203.0.113.9";
    host.candidates = {"1 1 UDP 2130706431 203.0.113.9 40000 typ host"};
    host.end_of_candidates = true;
    caps.transports["*"] = host;
    caps.ice_lite = true;
    auto const a = answer_checked(offer, caps);
    auto const m = a.sdp->media(0);
    CHECK(m.port() == 40000);
    CHECK(m.effective_connection()->address == "203.0.113.9");
    REQUIRE(m.find<sdp::candidate>() != nullptr);
    CHECK(m.find<sdp::candidate>()->port == 40000);
    CHECK(m.find<sdp::end_of_candidates>() != nullptr);
    CHECK(a.sdp->session().find<sdp::ice_lite>() != nullptr);
    // One BUNDLE transport: the data channel shares the port, with no candidate of its own.
    CHECK(a.sdp->media(2).port() == 40000);
    CHECK(a.sdp->media(2).find<sdp::candidate>() == nullptr);
  }

  TEST_CASE("issue 20 item 3: a local hold survives the peer's sendrecv re-offer") {
    auto caps = audio_caps({named("PCMU", 8000)});
    auto const offer = offer_of(head + "m=audio 49170 RTP/AVP 0\r\na=mid:a\r\na=sendrecv\r\n");
    CHECK(answer_checked(offer, caps).sdp->media(0).direction() == sdp::media_direction::sendrecv);
    caps.on_hold = {"a"};
    CHECK(answer_checked(offer, caps).sdp->media(0).direction() == sdp::media_direction::sendonly);
    auto const recvonly = offer_of(head + "m=audio 49170 RTP/AVP 0\r\na=mid:a\r\na=recvonly\r\n");
    CHECK(answer_checked(recvonly, caps).sdp->media(0).direction() ==
          sdp::media_direction::sendonly);
  }

  TEST_CASE("issue 20 item 3: codec policy: this side's order, one speech codec") {
    auto caps = audio_caps({named("AMR-WB", 16000), named("PCMA", 8000), named("PCMU", 8000)});
    auto const offer =
        offer_of(head +
                 "m=audio 49170 RTP/AVP 0 8 97 101 102\r\na=rtpmap:97 AMR-WB/16000\r\n"
                 "a=rtpmap:101 telephone-event/8000\r\n"
                 "a=rtpmap:102 telephone-event/16000\r\n");
    CHECK(answer_checked(offer, caps).sdp->media(0).m().formats == "0 8 97 101 102");
    caps.order = negotiation::codec_order::local;
    CHECK(answer_checked(offer, caps).sdp->media(0).m().formats == "97 8 0 101 102");
    caps.single_codec = true;
    auto const one = answer_checked(offer, caps);
    CHECK(one.sdp->media(0).m().formats == "97 102");  // AMR-WB and its 16 kHz events
    CHECK(decided(one, "PCMA/8000 (pt 8)", false));
  }

  TEST_CASE("issue 19: qos preconditions are answered as RFC 3312 section 6 shows, or refused") {
    std::string const segmented =
        "m=audio 49170 RTP/AVP 97\r\na=rtpmap:97 AMR-WB/16000\r\n"
        "a=curr:qos local none\r\na=curr:qos remote none\r\n"
        "a=des:qos mandatory local sendrecv\r\na=des:qos optional remote sendrecv\r\n";
    auto caps = audio_caps({named("AMR-WB", 16000)});
    // Without preconditions in the capabilities: refused, never answered without them.
    auto const refused = negotiation::create_answer(offer_of(head + segmented), caps);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == errc::precondition_unsupported);
    negotiation::precondition_capabilities qos;
    caps.preconditions = qos;
    auto const a = answer_checked(offer_of(head + segmented), caps);
    std::vector<std::string> lines;
    for (auto const& attr : a.sdp->media(0).attributes())
      if (attr.name == "curr" || attr.name == "des" || attr.name == "conf")
        lines.push_back(std::string(attr.name) + ":" + std::string(attr.value));
    // The answerer's view: the offer's local is our remote; our segment at the stronger
    // strength; a=conf asks the offerer to confirm its reservation.
    CHECK(lines == std::vector<std::string>{"curr:qos local none", "curr:qos remote none",
                                            "des:qos mandatory local sendrecv",
                                            "des:qos mandatory remote sendrecv",
                                            "conf:qos remote sendrecv"});
    CHECK(decided(a, "preconditions", true));
    // Our side has reserved, and the offer says its side has too: met, no conf.
    caps.preconditions->current = sdp::precondition_direction::sendrecv;
    auto updated = segmented;
    updated.replace(updated.find("curr:qos local none"), 19, "curr:qos local sendrecv");
    auto const met = answer_checked(offer_of(head + updated), caps);
    CHECK(met.sdp->media(0).find<sdp::conf>() == nullptr);
    CHECK(met.sdp->media(0).find<sdp::curr>()->direction == sdp::precondition_direction::sendrecv);
    // End to end: one table both ends report into (RFC 3312 5), what the offer says and
    // what this side confirms together; unmet, the answer asks for a confirmation.
    auto const e2e_offer = offer_of(head +
                                    "m=audio 49170 RTP/AVP 97\r\na=rtpmap:97 AMR-WB/16000\r\n"
                                    "a=curr:qos e2e send\r\na=des:qos mandatory e2e sendrecv\r\n");
    auto const e2e_met = answer_checked(e2e_offer, caps);
    CHECK(e2e_met.sdp->media(0).find<sdp::des>()->status == sdp::status_type::e2e);
    CHECK(e2e_met.sdp->media(0).find<sdp::conf>() == nullptr);
    caps.preconditions->current = sdp::precondition_direction::recv;
    auto const e2e = answer_checked(e2e_offer, caps);
    CHECK(e2e.sdp->media(0).find<sdp::curr>()->direction == sdp::precondition_direction::sendrecv);
    caps.preconditions->current = sdp::precondition_direction::none;
    auto const e2e_unmet = answer_checked(e2e_offer, caps);
    CHECK(e2e_unmet.sdp->media(0).find<sdp::curr>()->direction ==
          sdp::precondition_direction::send);
    CHECK(e2e_unmet.sdp->media(0).find<sdp::conf>() != nullptr);
    // Optional preconditions without support are ignored.
    caps.preconditions.reset();
    auto const optional = answer_checked(
        offer_of(head + "m=audio 49170 RTP/AVP 97\r\na=rtpmap:97 AMR-WB/16000\r\n"
                        "a=curr:qos e2e none\r\na=des:qos optional e2e sendrecv\r\n"),
        caps);
    CHECK(optional.sdp->media(0).find<sdp::des>() == nullptr);
  }

  TEST_CASE("issue 19 item 6: local tracks in answers: a=msid and a=ssrc from the host") {
    auto caps = audio_caps({named("PCMU", 8000)});
    caps.audio->tracks = {{"s1", "t1", 1234u, "me"}};
    auto const two = offer_of(head + "m=audio 49170 RTP/AVP 0\r\nm=audio 49172 RTP/AVP 0\r\n" +
                              "m=audio 49174 RTP/AVP 0\r\na=sendonly\r\n");
    auto const a = answer_checked(two, caps);
    auto const* msid = a.sdp->media(0).find<sdp::msid>();
    REQUIRE(msid != nullptr);
    CHECK(msid->stream_id == "s1");
    CHECK(msid->track_id == "t1");
    CHECK(a.sdp->media(0).find<sdp::ssrc>()->attribute == "cname");
    CHECK(a.sdp->media(1).find<sdp::msid>() == nullptr);  // one track, one m-line
    CHECK(a.sdp->media(2).find<sdp::msid>() == nullptr);  // it only receives
  }

  TEST_CASE("o=: version 1, kept when nothing changed, one more on change") {
    auto const offer = offer_of(
        head + "m=audio 9 RTP/AVP 0 8\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n");
    auto caps = audio_caps({named("PCMU", 8000)});
    caps.session_id = 77;
    auto const first = negotiation::create_answer(offer, caps);
    REQUIRE(first);
    CHECK(first->sdp->origin()->session_version == 1);
    CHECK(first->sdp->origin()->session_id == 77);
    auto const same = negotiation::create_answer(offer, caps, first->sdp);
    REQUIRE(same);
    CHECK(same->sdp->origin()->session_version == 1);
    caps.audio->codecs = {named("PCMA", 8000)};
    auto const changed = negotiation::create_answer(offer, caps, first->sdp);
    REQUIRE(changed);
    CHECK(changed->sdp->origin()->session_version == 2);
    CHECK(negotiation::check_origin(*first->sdp, *changed->sdp));
  }

  TEST_CASE("o=: without a session id, one derived from the offer as written") {
    auto const text =
        head + "m=audio 9 RTP/AVP 0 8\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n";
    auto const caps = audio_caps({named("PCMU", 8000)});
    REQUIRE(caps.session_id == 0);
    auto const id = [&](sdp::session_description const& offer) {
      auto const a = negotiation::create_answer(offer, caps);
      REQUIRE(a);
      return a->sdp->origin()->session_id;
    };
    auto const first = id(offer_of(text));
    CHECK(first == id(offer_of(text)));  // deterministic
    CHECK(first % 2 == 1);
    CHECK(first < (std::uint64_t{1} << 62));  // RFC 3264 5: fits a signed 64-bit integer
    CHECK(id(offer_of(text + "a=ptime:20\r\n")) != first);
    // An edited offer is hashed as serialize_exact writes it: as its text would parse.
    auto edited = offer_of(text);
    REQUIRE(edited.add_attribute(sdp::scope::media(0), "ptime", "20"));
    CHECK_FALSE(edited.verbatim());
    CHECK(id(edited) == id(offer_of(text + "a=ptime:20\r\n")));
  }

  TEST_CASE("capabilities that cannot make a strict answer are an error") {
    auto const offer = offer_of(head + "m=audio 9 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n");
    auto caps = audio_caps({named("PCMU", 8000)});
    caps.address = "not an address";
    auto const a = negotiation::create_answer(offer, caps);
    REQUIRE_FALSE(a);
    CHECK(a.error().code == errc::capabilities_invalid);
  }

  TEST_CASE("every upstream offer answered under the example capabilities re-parses strictly") {
    auto const dir = test::upstream_dir();
    if (!fs::exists(dir)) {
      MESSAGE("upstream vectors not found: skipped");
      return;
    }
    std::vector<negotiation::capabilities> const all = {test::caps_file("caps-opus-dc.json"),
                                                        test::caps_file("caps-ims-ue.json"),
                                                        test::caps_file("caps-audio-only.json")};
    std::size_t offers = 0;
    std::size_t answers = 0;
    for (auto const& entry : fs::recursive_directory_iterator(dir)) {
      auto const ext = entry.path().extension();
      if (!entry.is_regular_file() || (ext != ".sdp" && ext != ".txt")) continue;
      auto const offer = sdp::parse(test::read_file(entry.path()), profile::lenient());
      if (!offer || offer->media_count() == 0) continue;
      ++offers;
      for (auto const& caps : all) {
        CAPTURE(entry.path().string());
        auto const a = negotiation::create_answer(*offer, caps);
        // Descriptions that are no offer at all (m-lines without formats, RTSP captures
        // with odd protos) may be refused, but never with a broken answer.
        if (!a) {
          CHECK(a.error().code != errc::ok);
          continue;
        }
        ++answers;
        auto const reparsed = sdp::parse(sdp::serialize(*a->sdp), profile::strict());
        REQUIRE(reparsed);
        auto const problems = negotiation::check_answer(*offer, *reparsed);
        CHECK(problems.empty());
        CHECK(test::check_bundle_transport(*reparsed) == "");
        CHECK(sdp::validate(*reparsed).empty());
      }
    }
    MESSAGE(offers << " upstream offers, " << answers << " answers re-parsed and checked");
    CHECK(answers > 2 * offers);
  }

  TEST_CASE("a format listed twice on the offer's m= line is answered once") {
    // Found by the negotiation fuzz target: the answer mapped payload type 0 twice.
    auto const offer = offer_of(
        "v=0\r\no=- 1 1 IN IP4 192.0.2.9\r\ns=-\r\nc=IN IP4 192.0.2.9\r\nt=0 0\r\n"
        "m=audio 5000 RTP/AVP 0 8 0\r\na=rtpmap:0 PCMU/8000\r\n");
    auto const answer = answer_checked(offer, test::caps_file("caps-sip-trunk.json"));
    CHECK(answer.sdp->media(0).m().formats == "0 8");
  }

  TEST_CASE("lenient offers the answer must not echo: a repeated mid or dcmap stream id") {
    // Found by the negotiation fuzz target: each answer failed its own RFC 3264 check.
    auto const fp = std::string(
        "a=fingerprint:sha-256 "
        "0A:3C:55:E1:92:7B:D4:18:6F:C2:A9:30:84:EB:17:5D:C6:2E:F8:41:9A:07:B3:6D:E0:52:1C:8F:74:"
        "A6:3B:D9\r\n");
    auto const offer = offer_of(
        "v=0\r\no=- 1 1 IN IP4 192.0.2.9\r\ns=-\r\nc=IN IP4 192.0.2.9\r\nt=0 0\r\n"
        "m=audio 5000 RTP/AVP 0\r\na=mid:0\r\na=rtpmap:0 PCMU/8000\r\n"
        "m=application 5002 UDP/DTLS/SCTP webrtc-datachannel\r\na=mid:0\r\n" +
        fp +
        "a=setup:actpass\r\na=sctp-port:5000\r\n"
        "a=dcmap:1000 label=\"a\";subprotocol=\"3gpp-aiml\"\r\n"
        "a=dcmap:1000 label=\"b\";subprotocol=\"3gpp-aiml\"\r\n"
        "m=application 5004 UDP/DTLS/SCTP webrtc-datachannel\r\na=mid:2\r\n" +
        fp +
        "a=setup:actpass\r\na=sctp-port:5000\r\n"
        "a=dcmap:1000 label=\"a\";subprotocol=\"3gpp-aiml\"\r\n"
        "a=dcmap:1000 label=\"b\";subprotocol=\"3gpp-aiml\"\r\n"
        "a=dcmap:1002 label=\"c\";subprotocol=\"3gpp-aiml\"\r\n"
        "a=curr:qos local none\r\na=curr:qos remote none\r\n"
        "a=des:qos mandatory local sendrecv\r\na=des:qos none remote sendrecv\r\n");
    auto caps = test::caps_file("caps-ims-ue.json");
    auto const answer = answer_checked(offer, caps);
    CHECK(answer.sdp->media(1).port() == 0);  // the second mid 0
    CHECK(answer.sdp->media(1).find<sdp::mid>() == nullptr);
    auto const dc = datachannel::view(*answer.sdp, 2);
    REQUIRE(dc.channels.size() == 1);  // 1000 mapped twice: neither is taken
    CHECK(dc.channels[0].stream_id() == 1002);
    // TS 24.229 6.1.1: the data channel's mandatory preconditions are answered too.
    CHECK(answer.sdp->media(2).find<sdp::des>() != nullptr);
  }
}
