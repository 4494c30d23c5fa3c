// The IMS leg's transport policy (issue 21; table 12.3 of the design): SDES-SRTP
// (ims.srtp, RFC 4568) with the host's keys kept out of everything printed, and RTCP
// multiplexing (ims.rtcpMux, RFC 5761).
#include <imsdp/interworking/translate.hpp>
// The header under test first; then what the tests use.
#include <doctest/doctest.h>

#include <cstdint>
#include <imsdp/interworking/json.hpp>
#include <imsdp/sdp/attributes/srtp.hpp>
#include <span>

#include "unit/interworking/calls.hpp"

using namespace imsdp;
using namespace imsdp::test::iwf;

namespace {

// A host's key source that gives each key the bytes `seed`, seed+1, ...: distinct keys, so a
// test can tell whose key went where.
negotiation::key_source counting_keys(std::uint8_t seed) {
  return [seed](std::span<std::uint8_t> out) mutable {
    for (auto& b : out)
      b = seed++;
    return true;
  };
}

interworking::policy sdes_policy() {
  auto p = interworking::default_policy();
  p.ims.srtp = interworking::srtp_mode::sdes;
  p.ims.sdes.keys = counting_keys(1);
  return p;
}

// The key params of crypto line `tag` of m-line 0.
std::string key_of(sdp::session_description const& doc, std::uint32_t tag) {
  for (auto const& c : doc.media(0).all<sdp::crypto>())
    if (c.tag == tag) return std::string(c.key_params);
  return {};
}

bool contains(std::string const& haystack, std::string const& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_SUITE("interworking") {
  TEST_CASE("ims.srtp sdes, pair 1: RTP/SAVP to IMS with the host's keys; the plan has both") {
    auto const policy = sdes_policy();
    auto const offer = example("webrtc-offer.sdp");
    auto const to_ims = interworking::to_ims(offer, policy, {}, resources());
    REQUIRE_MESSAGE(to_ims, test::why(to_ims));
    auto const& ims = *to_ims->sdp;
    CHECK(interworking::check_ims(ims, interworking::sdp_type::offer, policy).empty());
    auto const t = text(*to_ims);
    // RFC 4568 5.1.1: a line per suite of the policy, in its order, tagged 1, 2.
    CHECK(contains(t, "m=audio 50000 RTP/SAVP "));
    CHECK(contains(t, "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:"));
    CHECK(contains(t, "a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:"));
    auto const iwf_key = key_of(ims, 1);
    REQUIRE_FALSE(iwf_key.empty());
    CHECK(to_ims->plan.media[0].ims.srtp == "sdes");
    CHECK_FALSE(to_ims->plan.media[0].ims.sdes);  // nothing taken yet

    auto ue_caps = ims_ue();
    ue_caps.sdes = negotiation::sdes_capabilities{};
    ue_caps.sdes->keys = counting_keys(101);
    auto const ue = negotiation::create_answer(ims, ue_caps);
    REQUIRE(ue);
    auto const ue_key = key_of(*ue->sdp, 1);
    REQUIRE_FALSE(ue_key.empty());
    auto const back = interworking::to_webrtc(*ue->sdp, policy, to_ims->next);
    REQUIRE_MESSAGE(back, test::why(back));
    auto const& audio = back->plan.media[0];
    REQUIRE(audio.ims.sdes);
    CHECK(audio.ims.sdes->tag == 1);
    CHECK(audio.ims.sdes->suite == "AES_CM_128_HMAC_SHA1_80");
    CHECK(audio.ims.sdes->send_key_params == iwf_key);    // the IWF encrypts with its own
    CHECK(audio.ims.sdes->receive_key_params == ue_key);  // and decrypts with the UE's
    CHECK(has_action(audio, "srtp-to-sdes-srtp"));
    CHECK_FALSE(has_action(audio, "srtp-to-rtp"));
    auto const flags = interworking::rtpengine_flags(back->plan, interworking::side::ims);
    CHECK(std::find(flags.begin(), flags.end(), "SDES-only-AES_CM_128_HMAC_SHA1_80") !=
          flags.end());
    CHECK(interworking::plan_of(back->next, policy) == back->plan);

    // Nothing printed holds a key: the plan JSON names the line, the state masks them.
    auto const secret = iwf_key.substr(std::string("inline:").size(), 20);
    auto const peer_secret = ue_key.substr(std::string("inline:").size(), 20);
    auto const plan_json = interworking::plan_to_json(back->plan).dump();
    CHECK(contains(plan_json, R"("sdes":{"suite":"AES_CM_128_HMAC_SHA1_80","tag":1})"));
    auto const masked = interworking::state_to_json(back->next).dump();
    for (auto const& printed : {plan_json, masked}) {
      CHECK_FALSE(contains(printed, secret));
      CHECK_FALSE(contains(printed, peer_secret));
    }
    // A masked state cannot go on, and says so at its member; a kept one round-trips.
    auto const refused = interworking::state_from_json(masked);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().path == "/keysMasked");
    CHECK(contains(refused.error().message(), "masked"));
    auto const kept = interworking::state_from_json(
        interworking::state_to_json(back->next, interworking::state_keys::kept).dump());
    REQUIRE(kept);
    CHECK(*kept == back->next);
  }

  TEST_CASE("ims.srtp sdes, pair 2: an SDES IMS offer to a browser; the IMS answer takes a line") {
    auto const policy = sdes_policy();
    // Line 1 is AES_256, which the policy does not list; line 2 is the first it takes.
    auto const ims_offer = example("sdes-offer.sdp");
    auto const to_webrtc = interworking::to_webrtc(ims_offer, policy, {}, resources());
    REQUIRE_MESSAGE(to_webrtc, test::why(to_webrtc));
    CHECK(interworking::check_webrtc(*to_webrtc->sdp, interworking::sdp_type::offer).empty());
    CHECK_FALSE(contains(text(*to_webrtc), "a=crypto"));  // DTLS-SRTP only towards browsers

    auto const answer = parsed(browser_answer(*to_webrtc->sdp, 0));  // PCMU
    auto const to_ims = interworking::to_ims(answer, policy, to_webrtc->next);
    REQUIRE_MESSAGE(to_ims, test::why(to_ims));
    auto const& ims = *to_ims->sdp;
    CHECK(interworking::check_ims(ims, interworking::sdp_type::answer, policy, &ims_offer).empty());
    auto const t = text(*to_ims);
    CHECK(contains(t, "m=audio 50000 RTP/SAVP 0 "));
    CHECK(contains(t, "a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:"));
    REQUIRE(ims.media(0).all<sdp::crypto>().size() == 1);  // RFC 4568 5.1.2: exactly one
    auto const& audio = to_ims->plan.media[0];
    REQUIRE(audio.ims.sdes);
    CHECK(audio.ims.sdes->tag == 2);
    CHECK(audio.ims.sdes->send_key_params == key_of(ims, 2));
    CHECK(audio.ims.sdes->receive_key_params == key_of(ims_offer, 2));
    CHECK(interworking::plan_of(to_ims->next, policy) == to_ims->plan);
  }

  TEST_CASE("ims.srtp sdes: IMS offers the policy cannot key are refused before the browser") {
    auto policy = sdes_policy();
    auto const offer_with = [](std::string const& lines) {
      return parsed(
          "v=0\r\no=- 1 1 IN IP4 192.0.2.9\r\ns=-\r\nc=IN IP4 192.0.2.9\r\nt=0 0\r\n"
          "m=audio 49152 RTP/SAVP 0\r\na=rtpmap:0 PCMU/8000\r\na=ptime:20\r\n" +
          lines);
    };
    auto const only_256 = offer_with(
        "a=crypto:1 AES_256_CM_HMAC_SHA1_80 "
        "inline:BTpvpNkOQ3it4hdMgbbrIFWKv/QpXpPI/TJnnNEGO3Cl2g9Eea7jGE2Ct+whVg==\r\n");
    auto e = interworking::to_webrtc(only_256, policy, {}, resources());
    REQUIRE_FALSE(e);
    CHECK(e.error().code == errc::iwf_srtp);
    CHECK(contains(e.error().message(), "m-line 0: no crypto line the policy takes"));
    e = interworking::to_webrtc(offer_with(""), policy, {}, resources());  // keyed otherwise
    REQUIRE_FALSE(e);
    CHECK(e.error().code == errc::iwf_srtp);
    // With the suite listed it crosses.
    policy.ims.sdes.suites.push_back("AES_256_CM_HMAC_SHA1_80");
    CHECK(interworking::to_webrtc(only_256, policy, {}, resources()));
    // Under srtp none even a well-keyed SDES offer is refused by name.
    policy.ims.srtp = interworking::srtp_mode::none;
    CHECK(interworking::to_webrtc(only_256, policy, {}, resources()).error().code ==
          errc::iwf_srtp);
    // A host that gave no key source gets an error, not an offer without keys.
    auto keyless = sdes_policy();
    keyless.ims.sdes.keys = nullptr;
    auto const none = interworking::to_ims(example("webrtc-offer.sdp"), keyless, {}, resources());
    REQUIRE_FALSE(none);
    CHECK(contains(none.error().message(), "key"));
  }

  TEST_CASE("ims.rtcpMux offer: a=rtcp-mux offered to IMS; the plan follows the answer") {
    auto policy = interworking::default_policy();
    policy.ims.rtcp_mux = interworking::rtcp_mux_mode::offer;
    auto const to_ims = interworking::to_ims(example("webrtc-offer.sdp"), policy, {}, resources());
    REQUIRE_MESSAGE(to_ims, test::why(to_ims));
    auto const& ims = *to_ims->sdp;
    CHECK(interworking::check_ims(ims, interworking::sdp_type::offer, policy).empty());
    CHECK(ims.media(0).find<sdp::rtcp_mux>() != nullptr);
    CHECK(to_ims->plan.media[0].ims.rtcp_mux);  // offered

    // The UE takes it (RFC 5761 5.1.1): RTCP on the RTP port, no demultiplexing.
    auto const ue = negotiation::create_answer(ims, ims_ue());
    REQUIRE(ue);
    REQUIRE(ue->sdp->media(0).find<sdp::rtcp_mux>() != nullptr);
    auto const muxed = interworking::to_webrtc(*ue->sdp, policy, to_ims->next);
    REQUIRE_MESSAGE(muxed, test::why(muxed));
    auto const& m = muxed->plan.media[0];
    CHECK(m.ims.rtcp_mux);
    CHECK(m.ims.rtcp == 50000);
    CHECK_FALSE(has_action(m, "mux-to-demux"));
    auto const flags = interworking::rtpengine_flags(muxed->plan, interworking::side::ims);
    CHECK(std::find(flags.begin(), flags.end(), "rtcp-mux-offer") != flags.end());

    // A UE that declines it: RTCP on port + 1, demultiplexed by the media function.
    auto declined = ue->sdp->clone();
    REQUIRE(declined);
    declined->remove_attributes(sdp::scope::media(0), "rtcp-mux");
    auto const demuxed = interworking::to_webrtc(*declined, policy, to_ims->next);
    REQUIRE(demuxed);
    CHECK_FALSE(demuxed->plan.media[0].ims.rtcp_mux);
    CHECK(demuxed->plan.media[0].ims.rtcp == 50001);
    CHECK(has_action(demuxed->plan.media[0], "mux-to-demux"));
  }

  TEST_CASE("ims.rtcpMux: an IMS offer's a=rtcp-mux is taken under offer, declined under demux") {
    auto policy = interworking::default_policy();
    auto const ims_offer = parsed(
        "v=0\r\no=- 1 1 IN IP4 192.0.2.9\r\ns=-\r\nc=IN IP4 192.0.2.9\r\nt=0 0\r\n"
        "m=audio 49152 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=ptime:20\r\na=rtcp-mux\r\n"
        "a=rtcp-rsize\r\n");
    for (auto const mode :
         {interworking::rtcp_mux_mode::demux, interworking::rtcp_mux_mode::offer}) {
      CAPTURE(interworking::to_string(mode));
      policy.ims.rtcp_mux = mode;
      auto const to_webrtc = interworking::to_webrtc(ims_offer, policy, {}, resources());
      REQUIRE(to_webrtc);
      auto const to_ims =
          interworking::to_ims(parsed(browser_answer(*to_webrtc->sdp, 0)), policy, to_webrtc->next);
      REQUIRE_MESSAGE(to_ims, test::why(to_ims));
      auto const& answer = to_ims->sdp->media(0);
      bool const mux = mode == interworking::rtcp_mux_mode::offer;
      CHECK((answer.find<sdp::rtcp_mux>() != nullptr) == mux);
      CHECK(answer.find<sdp::rtcp_rsize>() == nullptr);  // never taken (RFC 5506 5)
      CHECK(to_ims->plan.media[0].ims.rtcp_mux == mux);
      CHECK(
          interworking::check_ims(*to_ims->sdp, interworking::sdp_type::answer, policy, &ims_offer)
              .empty());
    }
    // The output check holds the policy: a=rtcp-mux under demux is a WebRTC line left over.
    auto const muxed_answer = parsed(
        "v=0\r\no=- 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n"
        "m=audio 50000 RTP/AVP 0\r\nb=AS:80\r\na=rtpmap:0 PCMU/8000\r\na=ptime:20\r\n"
        "a=rtcp-mux\r\n");
    policy.ims.rtcp_mux = interworking::rtcp_mux_mode::demux;
    CHECK_FALSE(
        interworking::check_ims(muxed_answer, interworking::sdp_type::answer, policy, &ims_offer)
            .empty());
  }

  TEST_CASE("the policy JSON: ims.srtp, ims.sdes and ims.rtcpMux, and their errors") {
    auto const p = interworking::policy_from_json(
        R"({"ims":{"srtp":"sdes","sdes":{"suites":["AES_CM_128_HMAC_SHA1_80"]},"rtcpMux":"offer"}})");
    REQUIRE_MESSAGE(p, test::why(p));
    CHECK(p->ims.srtp == interworking::srtp_mode::sdes);
    CHECK(p->ims.sdes.suites == std::vector<std::string>{"AES_CM_128_HMAC_SHA1_80"});
    CHECK(p->ims.rtcp_mux == interworking::rtcp_mux_mode::offer);
    CHECK_FALSE(p->ims.sdes.keys);  // JSON holds no key: the host sets the source
    auto const bad = interworking::policy_from_json(R"({"ims":{"srtp":"dtls"}})");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().path == "/ims/srtp");
    auto const key = interworking::policy_from_json(R"({"ims":{"sdes":{"key":"x"}}})");
    REQUIRE_FALSE(key);
    CHECK(key.error().path == "/ims/sdes/key");
  }
}
