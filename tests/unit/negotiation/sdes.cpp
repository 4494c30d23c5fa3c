// SDES-SRTP in offer/answer (RFC 4568): the typed result, the keys a host drives its SRTP
// with, the offer, and that no key is printed.
#include <doctest/doctest.h>

#include <imsdp/negotiation/answer.hpp>
#include <imsdp/negotiation/json.hpp>
#include <imsdp/negotiation/session.hpp>
#include <imsdp/sdp/parse.hpp>
#include <imsdp/sdp/serialize.hpp>
#include <string>

#include "support/negotiation_invariants.hpp"
#include "support/test_keys.hpp"

using namespace imsdp;

namespace {

constexpr std::string_view offer_key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd";  // bytes 0..29

std::string sdes_offer(std::string_view session_params = {}) {
  std::string s =
      "v=0\r\no=peer 1 1 IN IP4 198.51.100.2\r\ns=-\r\nc=IN IP4 198.51.100.2\r\nt=0 0\r\n"
      "m=audio 50000 RTP/SAVP 0\r\na=rtpmap:0 PCMU/8000\r\n"
      "a=crypto:5 AES_CM_128_HMAC_SHA1_80 inline:";
  s += offer_key;
  s += "|2^20|1:4";
  if (!session_params.empty()) s += " " + std::string(session_params);
  s += "\r\n";
  return s;
}

// The exploration's capabilities (PCMU, telephone-event) with SDES and a counting key source.
negotiation::capabilities sdes_caps() {
  auto c = test::alphabet_capabilities();
  c.data_channel.reset();
  c.sdes = negotiation::sdes_capabilities{};
  c.sdes->keys = test::counting_keys();
  return c;
}

sdp::session_description parsed(std::string const& text) {
  auto doc = sdp::parse(text, profile::strict());
  REQUIRE(doc);
  return std::move(*doc);
}

}  // namespace

TEST_SUITE("negotiation.sdes") {
  TEST_CASE("the answer takes the offered tag with a key of the host's source") {
    auto const offer = parsed(sdes_offer("KDR=2 WSH=128"));
    auto const answer = negotiation::create_answer(offer, sdes_caps());
    REQUIRE(answer);
    auto const text = sdp::serialize(*answer->sdp);
    // Bytes 1..30 from the counting source, base64; KDR repeated, WSH is the offerer's own.
    CHECK(text.find("a=crypto:5 AES_CM_128_HMAC_SHA1_80 "
                    "inline:AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0e KDR=2\r\n") !=
          std::string::npos);
    auto const reparsed = parsed(text);
    CHECK(negotiation::check_answer(offer, reparsed).empty());

    // The typed result: this side sends with its own key and receives with the peer's.
    auto const session = negotiation::negotiated(reparsed, offer, false);
    REQUIRE(session.streams.size() == 1);
    auto const& srtp = session.streams[0].srtp;
    REQUIRE(srtp);
    CHECK(srtp->tag == 5);
    CHECK(srtp->suite == "AES_CM_128_HMAC_SHA1_80");
    CHECK(srtp->send_key_params == "inline:AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0e");
    CHECK(srtp->receive_key_params == "inline:" + std::string(offer_key) + "|2^20|1:4");
    CHECK(srtp->session_params == "KDR=2");

    // Nothing printed carries either key: the session JSON nor the decisions.
    nlohmann::json j = session;
    auto const dumped = j.dump();
    CHECK(dumped.find("AQIDBAUG") == std::string::npos);
    CHECK(dumped.find(offer_key.substr(0, 12)) == std::string::npos);
    CHECK(dumped.find("\"suite\":\"AES_CM_128_HMAC_SHA1_80\"") != std::string::npos);
    for (auto const& d : answer->decisions) {
      CHECK(to_string(d).find("AQIDBAUG") == std::string::npos);
      CHECK(to_string(d).find(offer_key.substr(0, 12)) == std::string::npos);
    }
  }

  TEST_CASE("without a key the stream is rejected, never keyed by the library") {
    auto caps = sdes_caps();
    caps.sdes->keys = {};
    auto const answer = negotiation::create_answer(parsed(sdes_offer()), caps);
    REQUIRE(answer);
    CHECK(answer->sdp->media(0).port() == 0);
    CHECK(answer->sdp->media(0).find<sdp::crypto>() == nullptr);
    caps.sdes->keys = [](std::span<std::uint8_t>) { return false; };
    auto const refused = negotiation::create_answer(parsed(sdes_offer()), caps);
    REQUIRE(refused);
    CHECK(refused->sdp->media(0).port() == 0);
  }

  TEST_CASE("a re-answer keeps its key while the offer keeps the line") {
    auto const offer = parsed(sdes_offer());
    auto caps = sdes_caps();
    auto const first = negotiation::create_answer(offer, caps);
    REQUIRE(first);
    auto const again = negotiation::create_answer(offer, caps, first->sdp);
    REQUIRE(again);
    CHECK(again->sdp->media(0).find<sdp::crypto>()->key_params ==
          first->sdp->media(0).find<sdp::crypto>()->key_params);
  }

  TEST_CASE("an IMS offer with sdes is RTP/SAVP with a line per suite, answerable by itself") {
    auto caps = sdes_caps();
    caps.sdes->suites = {"AES_256_CM_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_80"};
    auto const offer = negotiation::create_offer(caps);
    REQUIRE(offer);
    auto const m = offer->sdp->media(0);
    CHECK(m.proto() == "RTP/SAVP");
    std::vector<std::uint32_t> tags;
    for (auto const& c : m.all<sdp::crypto>()) {
      tags.push_back(c.tag);
      CHECK(sdp::key_params_of(c).size() == 1);
    }
    CHECK(tags == std::vector<std::uint32_t>{1, 2});
    auto const reparsed = parsed(sdp::serialize(*offer->sdp));  // key lengths fit the suites
    auto answerer = sdes_caps();
    auto const answer = negotiation::create_answer(reparsed, answerer);
    REQUIRE(answer);
    CHECK(answer->sdp->media(0).find<sdp::crypto>()->tag == 2);  // the first it supports

    caps.sdes->suites = {"X_UNKNOWN"};
    CHECK(negotiation::create_offer(caps).error().code == errc::capabilities_invalid);
  }

  TEST_CASE("capabilities JSON names suites, never keys") {
    auto const c = negotiation::capabilities_from_json(
        R"({"sdes": {"suites": ["AEAD_AES_128_GCM"], "allowUnprotected": true}})");
    REQUIRE(c);
    REQUIRE(c->sdes);
    CHECK(c->sdes->suites == std::vector<std::string>{"AEAD_AES_128_GCM"});
    CHECK(c->sdes->allow_unprotected);
    CHECK_FALSE(c->sdes->keys);
    auto const bad = negotiation::capabilities_from_json(R"({"sdes": {"key": "AAEC"}})");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().path == "/sdes/key");
  }
}
