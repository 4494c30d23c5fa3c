// The WebRTC leg's BUNDLE policy (issue 21; table 12.3 webrtc.bundle, RFC 9143): a port per
// m-line in the IWF's offers (group), one shared port (group-shared-port), or no group.
#include <imsdp/interworking/translate.hpp>
// The header under test first; then what the tests use.
#include <doctest/doctest.h>

#include <imsdp/interworking/json.hpp>

#include "support/negotiation_examples.hpp"
#include "unit/interworking/calls.hpp"

using namespace imsdp;
using namespace imsdp::test::iwf;
using interworking::bundle_mode;

namespace {

// The ViLTE policy (an AVPF IMS leg, so video crosses) with the bundle mode.
interworking::policy vilte(bundle_mode mode) {
  auto p = interworking::policy_from_json(
      test::read_file(test::source_dir() / "examples/iwf/policy-vilte.json"));
  REQUIRE(p);
  p->webrtc.bundle = mode;
  return *p;
}

// A WebRTC endpoint (examples/caps-webrtc.json) with H.264, as Chromium has it.
negotiation::capabilities browser_with_h264() {
  auto caps = negotiation::capabilities_from_json(
      test::read_file(test::source_dir() / "examples/caps-webrtc.json"));
  REQUIRE(caps);
  negotiation::codec h264;
  h264.name = "H264";
  h264.clock_rate = 90000;
  REQUIRE(caps->video);
  caps->video->codecs.insert(caps->video->codecs.begin(), h264);
  return *caps;
}

// The m= line of the first active m-line of `kind`, empty when there is none.
std::string text_of_media(sdp::session_description const& doc, std::string_view kind) {
  for (std::size_t i = 0; i < doc.media_count(); ++i)
    if (doc.media(i).media() == kind && doc.media(i).port() != 0)
      return std::string(doc.media(i).fields().front().text);
  return {};
}

bool has_line(std::string const& text, std::string const& line) {
  return text.find(line + "\r\n") != std::string::npos;
}

}  // namespace

TEST_SUITE("interworking") {
  TEST_CASE("webrtc.bundle group: a port per m-line in the offer, one transport once bundled") {
    auto const policy = vilte(bundle_mode::group);
    auto const ims_offer = example("vilte-offer.sdp");
    // RFC 9143 7.2.1: an initial offer gives each bundled m-line a unique address:port, so
    // the media function allocates one more port for the video.
    auto const need =
        interworking::required_resources(ims_offer, interworking::side::ims, policy, {});
    CHECK(need.webrtc_ports == 1);
    auto few = resources();
    few.webrtc_ports.clear();
    auto const refused = interworking::to_webrtc(ims_offer, policy, {}, few);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == errc::iwf_resources);
    CHECK(refused.error().path == "/webrtcPorts");

    auto const to_webrtc = interworking::to_webrtc(ims_offer, policy, {}, resources());
    REQUIRE_MESSAGE(to_webrtc, test::why(to_webrtc));
    auto const offer = text(*to_webrtc);
    CHECK(has_line(offer, "a=group:BUNDLE 0 1"));
    CHECK(has_line(offer, "m=audio 40000 UDP/TLS/RTP/SAVPF 96 8 0 97 98"));
    CHECK(has_line(offer, "m=video 40002 UDP/TLS/RTP/SAVPF 99 100"));
    CHECK(has_line(offer, "a=candidate:1 1 udp 2130706431 203.0.113.5 40002 typ host"));
    CHECK(to_webrtc->plan.media[1].webrtc.local == "203.0.113.5:40002");  // live until answered

    auto const answer = negotiation::create_answer(*to_webrtc->sdp, browser_with_h264());
    REQUIRE(answer);
    auto const to_ims = interworking::to_ims(*answer->sdp, policy, to_webrtc->next);
    REQUIRE_MESSAGE(to_ims, test::why(to_ims));
    // The answer bundled both: the video rides the audio's transport (RFC 9143 7.3).
    REQUIRE(to_ims->plan.media.size() == 2);
    CHECK(to_ims->plan.media[1].state == "active");
    CHECK(to_ims->plan.media[1].webrtc.local == "203.0.113.5:40000");
    CHECK(interworking::plan_of(to_ims->next, policy) == to_ims->plan);
  }

  TEST_CASE("webrtc.bundle group-shared-port: every m-line on one port, as browsers write") {
    auto const policy = vilte(bundle_mode::shared_port);
    auto few = resources();
    few.webrtc_ports.clear();  // one port is all it takes
    auto const to_webrtc = interworking::to_webrtc(example("vilte-offer.sdp"), policy, {}, few);
    REQUIRE_MESSAGE(to_webrtc, test::why(to_webrtc));
    auto const offer = text(*to_webrtc);
    CHECK(has_line(offer, "a=group:BUNDLE 0 1"));
    CHECK(has_line(offer, "m=video 40000 UDP/TLS/RTP/SAVPF 99 100"));
  }

  TEST_CASE("webrtc.bundle none: no group, each m-line its own transport in both pairs") {
    auto policy = vilte(bundle_mode::none);
    // Pair 2: the IWF offers without a group; the browser answers each m-line apart.
    auto const to_webrtc =
        interworking::to_webrtc(example("vilte-offer.sdp"), policy, {}, resources());
    REQUIRE_MESSAGE(to_webrtc, test::why(to_webrtc));
    auto const offer = text(*to_webrtc);
    CHECK(offer.find("a=group:BUNDLE") == std::string::npos);
    CHECK(has_line(offer, "m=video 40002 UDP/TLS/RTP/SAVPF 99 100"));
    CHECK(interworking::check_webrtc(*to_webrtc->sdp, interworking::sdp_type::offer).empty());
    auto const answer = negotiation::create_answer(*to_webrtc->sdp, browser_with_h264());
    REQUIRE(answer);
    auto const to_ims = interworking::to_ims(*answer->sdp, policy, to_webrtc->next);
    REQUIRE_MESSAGE(to_ims, test::why(to_ims));
    CHECK(to_ims->plan.media[1].webrtc.local == "203.0.113.5:40002");
    CHECK(to_ims->plan.media[1].webrtc.bundle.empty());

    // Pair 1: the browser's group is declined (RFC 9143 7.3.3); audio, video and the data
    // channel (the policy's channel 1000) each get a transport of the resources.
    auto const browser_offer = example("webrtc-offer.sdp");
    CHECK(interworking::required_resources(browser_offer, interworking::side::webrtc, policy, {})
              .webrtc_ports == 2);
    auto const ims = interworking::to_ims(browser_offer, policy, {}, resources());
    REQUIRE_MESSAGE(ims, test::why(ims));
    auto const ue = negotiation::create_answer(*ims->sdp, ims_ue());
    REQUIRE(ue);
    auto const back = interworking::to_webrtc(*ue->sdp, policy, ims->next);
    REQUIRE_MESSAGE(back, test::why(back));
    auto const w = text(*back);
    CHECK(w.find("a=group:BUNDLE") == std::string::npos);
    CHECK(has_line(w, "m=audio 40000 UDP/TLS/RTP/SAVPF 111"));
    CHECK(w.find("m=video 40002 ") != std::string::npos);
    CHECK(w.find("m=application 40004 ") != std::string::npos);
    CHECK(interworking::check_webrtc(*back->sdp, interworking::sdp_type::answer, &browser_offer)
              .empty());
  }

  TEST_CASE("webrtc.bundle none: an m-line with only the group's transport crosses nowhere") {
    // RFC 9143 7.3.3: the declined group leaves it no ICE of its own, so it is refused on
    // both legs, not offered to IMS and then rejected towards the browser (iwf fuzzer).
    auto const text = test::chrome_offer_video_without_ice();
    auto const policy = vilte(bundle_mode::none);
    auto const ims = interworking::to_ims(parsed(text), policy, {}, resources());
    REQUIRE_MESSAGE(ims, test::why(ims));
    CHECK(text_of_media(*ims->sdp, "video").empty());
    REQUIRE(ims->plan.media.size() == 3);
    CHECK(ims->plan.media[1].state == "rejected");
    // Bundled, the same offer carries its video.
    auto const bundled =
        interworking::to_ims(parsed(text), vilte(bundle_mode::group), {}, resources());
    REQUIRE(bundled);
    CHECK_FALSE(text_of_media(*bundled->sdp, "video").empty());
  }

  TEST_CASE("the policy JSON: webrtc.bundle and the resources' webrtcPorts") {
    auto const p = interworking::policy_from_json(R"({"webrtc":{"bundle":"group-shared-port"}})");
    REQUIRE(p);
    CHECK(p->webrtc.bundle == bundle_mode::shared_port);
    CHECK(interworking::default_policy().webrtc.bundle == bundle_mode::group);
    auto const bad = interworking::policy_from_json(R"({"webrtc":{"bundle":"max-bundle"}})");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().path == "/webrtc/bundle");
    auto const zero = interworking::resources_from_json(R"({"webrtcPorts":[40002,0]})");
    REQUIRE_FALSE(zero);
    CHECK(zero.error().path == "/webrtcPorts/1");
  }
}
