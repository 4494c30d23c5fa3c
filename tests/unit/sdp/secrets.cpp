// Secrets in SDP (include/imsdp/sdp/secrets.hpp): masked in every printed form, kept in
// the SDP itself.
#include <doctest/doctest.h>

#include <imsdp/sdp/json.hpp>
#include <imsdp/sdp/parse.hpp>
#include <imsdp/sdp/secrets.hpp>
#include <imsdp/sdp/serialize.hpp>
#include <string>

using namespace imsdp;

namespace {
constexpr std::string_view key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd";  // bytes 0..29

bool leaks(std::string_view printed) {
  return printed.find(key) != std::string_view::npos ||
         printed.find(key.substr(0, 12)) != std::string_view::npos;
}
}  // namespace

TEST_SUITE("sdp.secrets") {
  TEST_CASE("a crypto line keeps its length and loses its key") {
    std::string const line =
        "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + std::string(key) + "|2^20|1:4 KDR=1";
    auto const masked = sdp::redact_secrets(line);
    CHECK(masked.size() == line.size());
    CHECK_FALSE(leaks(masked));
    CHECK(masked ==
          "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:****************************************"
          "|2^20|1:4 KDR=1");
  }

  TEST_CASE("malformed lines are masked too") {
    std::string const k(key);
    for (std::string const& line : {
             "a=crypto:1 AES_CM_128_HMAC_SHA1_80 " + k,               // no method
             "a=crypto:1 inline:" + k,                                // no suite
             "a=crypto:x AES_CM_128_HMAC_SHA1_80 INLINE:" + k,        // bad tag, upper case
             "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + k + ";",  // empty second param
             "a=crypto:1 S other:" + k + "|x",                        // another method: all
             "a=crypto:1 S inline:" + k.substr(0, 8) + " FEC_KEY=inline:" + k,
             "a=acap:2 crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + k,
             "a=key-mgmt:mikey " + k,
             "k=base64:" + k,
             "k=clear:" + k,
         }) {
      CAPTURE(line);
      auto const masked = sdp::redact_secrets(line + "\r\n");
      CHECK_FALSE(leaks(masked));
      CHECK(masked.size() == line.size() + 2);
    }
  }

  TEST_CASE("other lines are left alone") {
    std::string const text =
        "v=0\r\na=fingerprint:sha-256 AB:CD\r\na=ice-pwd:" + std::string(key) + "\r\n";
    CHECK(sdp::redact_secrets(text) == text);
  }

  TEST_CASE("the JSON form masks, the SDP keeps") {
    std::string const text =
        "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
        "m=audio 49170 RTP/SAVP 0\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" +
        std::string(key) +
        "|2^20\r\na=acap:1 crypto:2 AES_CM_128_HMAC_SHA1_32 inline:" + std::string(key) + "\r\n";
    auto doc = sdp::parse(text, profile::strict());
    REQUIRE(doc);
    CHECK(sdp::serialize_exact(*doc) == text);
    CHECK(sdp::serialize(*doc).find(key) != std::string::npos);
    auto const json = sdp::to_json(*doc).dump();
    CHECK_FALSE(leaks(json));
    auto const* c = doc->media(0).find<sdp::crypto>();
    REQUIRE(c != nullptr);
    auto const params = sdp::key_params_of(*c);
    REQUIRE(params.size() == 1);
    CHECK(params[0].key_salt == key);
    CHECK(params[0].lifetime == "2^20");
  }

  TEST_CASE("a diagnostic on a crypto line prints no key") {
    std::string const text =
        "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
        "m=audio 49170 RTP/SAVP 0\r\na=crypto:1 AEAD_AES_128_GCM inline:" +
        std::string(key) + "\r\n";
    auto doc = sdp::parse(text, profile::strict());
    REQUIRE_FALSE(doc);
    CHECK(doc.error().code == errc::inconsistent_value);
    CHECK_FALSE(leaks(doc.error().message()));
    CHECK(doc.error().message().find("28 bytes") != std::string::npos);
  }
}
