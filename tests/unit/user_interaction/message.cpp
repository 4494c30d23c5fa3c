// User interaction messages, offers and their authenticity (issue 22; design 13.3-13.5,
// rules 1-5): the round trip of every kind, offers from templates, and the refusal of forged,
// altered and expired offers and of every JWS trick RFC 8725 names.
#include <imsdp/user_interaction/message.hpp>
// The header under test first; then what the tests use.
#include <doctest/doctest.h>

#include <imsdp/user_interaction/exposure.hpp>
#include <imsdp/user_interaction/guard.hpp>
#include <imsdp/user_interaction/jws.hpp>
#include <imsdp/user_interaction/policy.hpp>
#include <nlohmann/json.hpp>
#include <random>

#include "support/why.hpp"
#include "unit/user_interaction/support.hpp"

using namespace imsdp;
namespace ux = imsdp::user_interaction;
using test::ui::at;
using namespace std::chrono_literals;

TEST_SUITE("user_interaction") {
  TEST_CASE("RFC 3339 times read and write back, UTC only") {
    auto const t = ux::parse_time("2026-05-01T10:00:41.250Z");
    REQUIRE(t);
    CHECK(ux::format_time(*t) == "2026-05-01T10:00:41.250Z");
    CHECK(ux::format_time(at("2026-05-01T10:00:41Z")) == "2026-05-01T10:00:41Z");
    CHECK(ux::format_time(at("2026-05-01T10:00:41.5Z")) == "2026-05-01T10:00:41.500Z");
    for (char const* bad :
         {"2026-05-01T10:00:41", "2026-05-01T10:00:41+01:00", "2026-02-30T10:00:00Z",
          "2026-05-01T24:00:00Z", "2026-05-01T10:00:41.1234Z", "2026-05-01 10:00:41Z"})
      CHECK_MESSAGE(!ux::parse_time(bad), bad);
  }

  TEST_CASE("every kind reads, writes canonically and reads back to the same value") {
    char const* const messages[] = {
        R"({"v":1,"kind":"ack","id":"a-01","re":"r-01","offer":"o-3f9c1a","status":"rate-limited","retryAfter":30,"ts":"2026-05-01T10:00:42Z"})",
        R"({"v":1,"kind":"withdraw","id":"w-1","ts":"2026-05-01T10:01:00Z","offer":"o-1","reason":"opted-out"})",
        R"({"v":1,"kind":"solicit","id":"s-1","ts":"2026-05-01T10:01:00Z","category":"spam-report","subject":{"type":"call","ref":"c-7b21"}})",
        R"({"v":1,"kind":"preferences","id":"p-1","ts":"2026-05-01T10:01:00Z","version":3,"categories":{"spam-report":"in","ai-assist":"out"},"thirdParties":{"tp-survey":"out"},"maxOffersPerDay":2})",
        R"({"v":1,"kind":"consent","id":"c-1","ts":"2026-05-01T10:01:00Z","recordId":"cr-9","version":1,"subject":"ps-1","controller":"ims.example","purposes":["ai-assist"],"dataCategories":["conference-audio"],"recipients":[{"id":"tp.example","role":"processor"}],"legalBasis":"consent","state":"given","given":"2026-05-01T10:00:00Z","expires":"2027-05-01T10:00:00Z","method":"dc-ui","jurisdiction":"DE","freeText":false})",
        R"({"v":1,"kind":"charging-record","id":"cdr-1","ts":"2026-05-01T10:01:00Z","recordId":"0123456789abcdef","seq":7,"event":"response","category":"quality-feedback","template":"qf-call@2","chargedParty":"operator","servedUserRef":"ps-1","homeNetwork":"ims.example","servingNetwork":"ims.visited.example","ratingGroup":100,"oneTimeEventType":"IEC","retransmission":false})",
        R"({"v":1,"kind":"response","id":"r-01","offer":"o-3f9c1a","ts":"2026-05-01T10:00:41Z","token":"x.y.z","answers":[{"aid":"q","value":2},{"aid":"i","values":["one-way-audio"]}],"future":{"ignored":true}})",
    };
    for (auto const* text : messages) {
      auto m = ux::read(text);
      REQUIRE_MESSAGE(m, text, " -> ", m.error().message(), " at ", m.error().path);
      auto const written = ux::write(*m);
      auto again = ux::read(written);
      REQUIRE(again);
      CHECK(*again == *m);
      CHECK(ux::write(*again) == written);
      // The writer's output is its own RFC 8785 form.
      auto const canonical = ux::canonical_json(nlohmann::json::parse(written));
      REQUIRE(canonical);
      CHECK(*canonical == written);
    }
  }

  TEST_CASE("readers refuse with the JSON pointer of the offending value") {
    struct bad {
      char const* text;
      errc code;
      char const* path;
    };
    bad const cases[] = {
        {R"({"v":2,"kind":"ack"})", errc::ui_version, "/v"},
        {R"({"v":1,"kind":"hello"})", errc::ui_unknown_kind, "/kind"},
        {R"({"v":1,"kind":"ack","kind":"ack"})", errc::json_duplicate_key, "/kind"},
        {R"({"v":1,"kind":"withdraw","id":"W-1","ts":"2026-05-01T10:01:00Z","offer":"o","reason":"policy"})",
         errc::json_value_out_of_range, "/id"},
        {R"({"v":1,"kind":"response","id":"r","offer":"o","ts":"2026-05-01T10:00:41Z","token":"t","answers":[{"aid":"q","value":2},{"aid":"q","value":3}]})",
         errc::json_value_out_of_range, "/answers/1/aid"},
        {R"({"v":1,"kind":"response","id":"r","offer":"o","ts":"2026-05-01T10:00:41Z","token":"t","answers":[{"aid":"q"}]})",
         errc::json_missing_member, "/answers/0"},
        {R"({"v":1,"kind":"solicit","id":"s","ts":"2026-05-01T10:00:41Z","category":"spam-report","subject":{"type":"call","ref":"c","x":[[[[[[[[1]]]]]]]]}})",
         errc::json_too_deep, ""},
    };
    for (auto const& c : cases) {
      auto const m = ux::read(c.text);
      REQUIRE_MESSAGE(!m, c.text);
      CHECK_MESSAGE(m.error().code == c.code, c.text, " -> ", to_string(m.error().code));
      if (c.code != errc::json_too_deep) CHECK(m.error().path == c.path);
    }
    // The size limit, and strings over their limits, are ui_limit.
    std::string big(5000, ' ');
    big[0] = '{';
    big.back() = '}';
    CHECK(ux::read(big).error().code == errc::ui_limit);
    auto const long_text =
        R"({"v":1,"kind":"response","id":"r","offer":"o","ts":"2026-05-01T10:00:41Z","token":"t","answers":[{"aid":"q","value":2}],"text":")" +
        std::string(281, 'x') + "\"}";
    auto const m = ux::read(long_text);
    REQUIRE(!m);
    CHECK(m.error().code == errc::ui_limit);
    CHECK(m.error().path == "/text");
  }

  TEST_CASE("RFC 8785: members sorted by UTF-16 code units, floats refused") {
    // U+1F600 is D83D DE00 in UTF-16, so it sorts before U+E000 (byte order says otherwise).
    auto const j =
        nlohmann::json::parse("{\"\xee\x80\x80\":1,\"\xf0\x9f\x98\x80\":2,\"a\":\"\\u001f\\n\"}");
    auto const c = ux::canonical_json(j);
    REQUIRE(c);
    CHECK(*c == "{\"a\":\"\\u001f\\n\",\"\xf0\x9f\x98\x80\":2,\"\xee\x80\x80\":1}");
    auto const f = ux::canonical_json(nlohmann::json::parse(R"({"a":[1,2.5]})"));
    REQUIRE(!f);
    CHECK(f.error().path == "/a/1");
  }

  TEST_CASE(
      "an offer from a template verifies on the UE; forged, altered and expired ones do not") {
    auto const policy = test::ui::example_policy();
    auto const keys = test::ui::example_keys();
    auto const now = at("2026-05-01T10:00:00Z");
    auto const o = test::ui::make_offer(policy, keys, "qf-call@2", "ps-1", "c-7b21", 7, now);
    CHECK(ux::validate_offer(o, policy).empty());
    CHECK(o.expires - o.ts == std::chrono::seconds(300));
    auto const text = ux::write(o);
    // The UE holds only the public key.
    ux::key_set ue;
    auto const* e1 = keys.find("e1");
    REQUIRE(e1 != nullptr);
    ux::key pub;
    pub.kid = "e1";
    pub.alg = ux::key_alg::eddsa;
    pub.use = ux::key_use::offer;
    pub.public_key = e1->public_key;
    REQUIRE(ue.add(pub));
    auto const home = policy.home_network;
    auto const verified = ux::verify_offer(text, ue, home, now + std::chrono::seconds(5));
    REQUIRE_MESSAGE(verified, test::why(verified));
    CHECK(*verified == o);
    // Unknown members are part of what was signed: adding one breaks the signature.
    auto widened = nlohmann::json::parse(text);
    widened["extra"] = 1;
    CHECK(ux::verify_offer(widened.dump(), ue, home, now).error().code == errc::ui_signature);
    // Any change of a signed value.
    auto altered = nlohmann::json::parse(text);
    altered["constraints"]["maxResponses"] = 4;
    CHECK(ux::verify_offer(altered.dump(), ue, home, now).error().code == errc::ui_signature);
    // A visited network cannot issue: its own valid signature does not help.
    CHECK(ux::verify_offer(text, ue, "ims.visited.example", now).error().code ==
          errc::ui_not_home_issuer);
    CHECK(ux::verify_offer(text, ue, home, now + std::chrono::seconds(300)).error().code ==
          errc::ui_expired);
    auto unsigned_offer = nlohmann::json::parse(text);
    unsigned_offer.erase("sig");
    CHECK(ux::verify_offer(unsigned_offer.dump(), ue, home, now).error().code ==
          errc::ui_signature);
    // Byte flips anywhere in the text: never a verified offer with other content.
    std::mt19937 rng(22);
    int accepted = 0;
    for (int i = 0; i < 2000; ++i) {
      auto mutated = text;
      auto const at_byte = rng() % mutated.size();
      auto const flip = static_cast<unsigned char>(1 + rng() % 255);
      mutated[at_byte] = static_cast<char>(static_cast<unsigned char>(mutated[at_byte]) ^ flip);
      auto const r = ux::verify_offer(mutated, ue, home, now);
      if (r) {
        ++accepted;
        CHECK(*r == o);  // only an equivalent spelling (e.g. whitespace) may pass
      }
    }
    CHECK(accepted < 20);
  }

  TEST_CASE("validate_offer names each rule an offer breaks") {
    auto const policy = test::ui::example_policy();
    auto const keys = test::ui::example_keys();
    auto o = test::ui::make_offer(policy, keys, "qf-call@2", "ps-1", "c-1", 1,
                                  at("2026-05-01T10:00:00Z"));
    o.iss = "ims.visited.example";
    o.free_text = true;
    o.actions[0].scale = ux::rating_scale::nps11;
    o.prompt.title = "Rate us now!";
    auto const errors = ux::validate_offer(o, policy);
    std::vector<std::string> seen;
    for (auto const& e : errors)
      seen.push_back(std::string(to_string(e.code)) + " " + e.path);
    CHECK(seen == std::vector<std::string>{"ui_not_home_issuer /iss", "ui_not_predefined /prompt",
                                           "ui_not_predefined /actions/0",
                                           "ui_not_predefined /constraints/freeText"});
    ux::offer_request req;
    req.id = "o-x";
    req.template_ref = "qf-call@9";
    req.token_kid = "n1";
    CHECK(ux::build_offer(policy, req, keys, at("2026-05-01T10:00:00Z")).error().code ==
          errc::ui_not_predefined);
    req.template_ref = "qf-call@2";
    req.subject.type = ux::subject_type::dc_app;
    CHECK(ux::build_offer(policy, req, keys, at("2026-05-01T10:00:00Z")).error().path ==
          "/subject/type");
  }

  TEST_CASE("JWS: alg none, a swapped kid, the wrong use and an expired key are refused") {
    auto keys = test::ui::example_keys();
    auto const now = at("2026-05-01T10:00:00Z");
    auto const token = ux::jws_sign(keys, "n1", R"({"a":1})");
    REQUIRE(token);
    auto const ok = ux::jws_verify(keys, ux::key_use::token, *token, now);
    REQUIRE(ok);
    CHECK(*ok == R"({"a":1})");
    auto const dot = token->find('.');
    auto const payload_and_sig = token->substr(dot);
    auto const header = [](std::string const& h) {
      return ux::base64url_encode({reinterpret_cast<unsigned char const*>(h.data()), h.size()});
    };
    // alg none with an empty signature, and alg none with the old MAC
    CHECK(!ux::jws_verify(keys, ux::key_use::token,
                          header(R"({"alg":"none","kid":"n1"})") + payload_and_sig, now));
    auto const none = header(R"({"alg":"none","kid":"n1"})") +
                      payload_and_sig.substr(0, payload_and_sig.rfind('.') + 1);
    CHECK(!ux::jws_verify(keys, ux::key_use::token, none, now));
    // the pseudonym key is HS256 too, but not for tokens
    CHECK(!ux::jws_verify(keys, ux::key_use::token,
                          header(R"({"alg":"HS256","kid":"p1"})") + payload_and_sig, now));
    CHECK(!ux::jws_verify(
        keys, ux::key_use::token,
        header(R"({"alg":"HS256","kid":"n1","crit":["b64"],"b64":false})") + payload_and_sig, now));
    // EdDSA header on an HMAC key (algorithm confusion)
    CHECK(!ux::jws_verify(keys, ux::key_use::token,
                          header(R"({"alg":"EdDSA","kid":"n1"})") + payload_and_sig, now));
    // Rotation: a key past notAfter no longer verifies, its successor does.
    ux::key old;
    old.kid = "n0";
    old.use = ux::key_use::token;
    old.secret.assign(32, 7);
    old.not_after = at("2026-04-01T00:00:00Z");
    REQUIRE(keys.add(old));
    auto const stale = ux::jws_sign(keys, "n0", "{}");
    REQUIRE(stale);
    auto const refused = ux::jws_verify(keys, ux::key_use::token, *stale, now);
    REQUIRE(!refused);
    CHECK(refused.error().code == errc::ui_signature);
    // No key material in any error.
    auto const bad_keys = ux::keys_from_json(
        R"({"keys":[{"kid":"k","alg":"HS256","use":"token","secret":"c2VjcmV0"}]})");
    REQUIRE(!bad_keys);
    CHECK(bad_keys.error().message().find("c2VjcmV0") == std::string::npos);
    CHECK(bad_keys.error().path == "/keys/0");
  }

  TEST_CASE("may_offer: opt-out, third parties, ai-assist opt-in and the daily cap (rule 3)") {
    auto const policy = test::ui::example_policy();
    ux::preferences prefs;
    CHECK(ux::may_offer(nullptr, policy, ux::category::quality_feedback, "", 0) == errc::ok);
    CHECK(ux::may_offer(nullptr, policy, ux::category::quality_feedback, "", 3) == errc::ui_limit);
    CHECK(ux::may_offer(nullptr, policy, ux::category::ai_assist, "", 0) == errc::ui_opted_out);
    prefs.categories = {{ux::category::spam_report, ux::opt::out},
                        {ux::category::ai_assist, ux::opt::in}};
    prefs.third_parties = {{"tp-survey", ux::opt::out}};
    prefs.max_offers_per_day = 1;
    CHECK(ux::may_offer(&prefs, policy, ux::category::ai_assist, "", 0) == errc::ok);
    CHECK(ux::may_offer(&prefs, policy, ux::category::spam_report, "", 0) == errc::ui_opted_out);
    CHECK(ux::may_offer(&prefs, policy, ux::category::quality_feedback, "tp-survey", 0) ==
          errc::ui_opted_out);
    CHECK(ux::may_offer(&prefs, policy, ux::category::quality_feedback, "", 1) == errc::ui_limit);
  }
}

TEST_SUITE("user_interaction") {
  TEST_CASE("security property: 100 000 mutated tokens, offers and envelopes, none accepted") {
    // Mutations: flipped bytes, a swapped kid, alg none, and an expired key; for envelopes a
    // widened payload re-signed with a key the verifier does not trust. A mutation that leaves
    // the bytes equal (or only re-spells the same JSON) does not count.
    auto policy = test::ui::example_policy();
    auto keys = test::ui::example_keys();
    ux::key expired;
    expired.kid = "n0";
    expired.secret.assign(32, 9);
    expired.not_after = at("2026-04-01T00:00:00Z");
    REQUIRE(keys.add(expired));
    auto const now = at("2026-05-01T10:00:00Z");
    policy.categories[static_cast<std::size_t>(ux::category::quality_feedback)].subscriber = {
        1000000, 1, 1000000};
    policy.categories[static_cast<std::size_t>(ux::category::quality_feedback)].target = {
        1000000, 1, 1000000};
    auto const o = test::ui::make_offer(policy, keys, "qf-call@2", "ps-1", "c-1", 1, now);
    ux::guard g(policy);
    ux::context const ctx{policy, keys};
    std::mt19937 rng(7515);
    auto const header = [](std::string const& h) {
      return ux::base64url_encode({reinterpret_cast<unsigned char const*>(h.data()), h.size()});
    };
    auto const rest = o.token.substr(o.token.find('.'));
    std::string const tricks[] = {header(R"({"alg":"none","kid":"n1"})") + rest,
                                  header(R"({"alg":"HS256","kid":"p1"})") + rest,
                                  header(R"({"alg":"HS256","kid":"n0"})") + rest,
                                  header(R"({"alg":"HS256","kid":"e1"})") + rest,
                                  header(R"({"alg":"HS512","kid":"n1"})") + rest};
    int accepted = 0, tried = 0;
    for (int i = 0; i < 80000; ++i) {
      auto token = o.token;
      if (i % 16 == 0) {
        token = tricks[static_cast<std::size_t>(i / 16) % std::size(tricks)];
      } else {
        auto const at_byte = rng() % token.size();
        auto const flip = static_cast<unsigned char>(1 + rng() % 255);
        token[at_byte] = static_cast<char>(static_cast<unsigned char>(token[at_byte]) ^ flip);
      }
      if (token == o.token) continue;
      ++tried;
      auto const text =
          test::ui::make_response(o, "r-" + std::to_string(i), R"([{"aid":"q","value":3}])");
      auto mutated = text;
      mutated.replace(mutated.find(o.token), o.token.size(), token);
      accepted += g.decide(mutated, "ps-1", ctx, now + 1s).accepted ? 1 : 0;
    }
    CHECK(accepted == 0);
    CHECK(tried > 79000);
    // Offers: flips anywhere; a verified one must be the same offer.
    auto const offer_text = ux::write(o);
    int offers_verified = 0;
    for (int i = 0; i < 10000; ++i) {
      auto mutated = offer_text;
      auto const at_byte = rng() % mutated.size();
      mutated[at_byte] = static_cast<char>(static_cast<unsigned char>(mutated[at_byte]) ^
                                           static_cast<unsigned char>(1 + rng() % 255));
      auto const r = ux::verify_offer(mutated, keys, policy.home_network, now);
      if (r) {
        ++offers_verified;
        CHECK(*r == o);
      }
    }
    CHECK(offers_verified < 50);
    // Envelopes: a sealed payload with one byte changed never verifies.
    ux::exposure e;
    e.id = "x-1";
    e.iss = policy.home_network;
    e.aud = "tp.quality.example";
    e.purpose = "service-quality";
    e.count = 25;
    e.histogram["q"]["5"] = 25;
    auto const sealed = ux::seal(e, keys, "x1");
    REQUIRE(sealed);
    auto const payload = *ux::jws_verify(keys, ux::key_use::exposure, *sealed, now);
    ux::key_set stranger;
    ux::key tp_key;
    tp_key.kid = "x1";  // the third party picks the same kid for its own key
    tp_key.alg = ux::key_alg::eddsa;
    tp_key.use = ux::key_use::exposure;
    tp_key.secret.assign(32, 0x77);
    REQUIRE(stranger.add(tp_key));
    int envelopes = 0;
    for (int i = 0; i < 10000; ++i) {
      std::string candidate;
      if (i % 2 == 0) {
        candidate = *sealed;
        auto const at_byte = rng() % candidate.size();
        candidate[at_byte] = static_cast<char>(static_cast<unsigned char>(candidate[at_byte]) ^
                                               static_cast<unsigned char>(1 + rng() % 255));
      } else {
        auto widened = payload;
        widened[rng() % widened.size()] = static_cast<char>('a' + rng() % 26);
        candidate = *ux::jws_sign(stranger, "x1", widened);
      }
      auto const r = ux::jws_verify(keys, ux::key_use::exposure, candidate, now);
      if (r) {
        ++envelopes;
        CHECK(*r == payload);
      }
    }
    CHECK(envelopes == 0);
  }
}

TEST_SUITE("user_interaction") {
  TEST_CASE(
      "base64url: every length round-trips; padding, other characters and unused bits refused") {
    std::mt19937 rng(4648);
    for (std::size_t n = 0; n < 80; ++n) {
      std::vector<unsigned char> bytes(n);
      for (auto& b : bytes)
        b = static_cast<unsigned char>(rng());
      auto const text = ux::base64url_encode(bytes);
      CHECK(text.find('=') == std::string::npos);
      auto const back = ux::base64url_decode(text);
      REQUIRE(back);
      CHECK(*back == bytes);
    }
    for (char const* bad : {"QQ==", "QR", "QUJ", "Q", "QU+D", "QU/D", "QU D"})
      CHECK_MESSAGE(!ux::base64url_decode(bad), bad);
    CHECK(ux::base64url_decode("QQ"));
    CHECK(ux::base64url_decode("QUI"));
  }

  TEST_CASE("the allocation-free reader checks strings sixteen bytes a step as one by one") {
    // Every byte value at every position of a 41-byte string body: the one-step path of short
    // strings, the 16-byte SSE2 steps, the 8-byte SWAR tail and the byte path must agree
    // with read() on acceptance.
    std::string const head =
        R"({"v":1,"kind":"response","id":"r","offer":"o","ts":"2026-05-01T10:00:41Z","token":"t","answers":[{"aid":"q","value":1}],"text":")";
    for (std::size_t at = 0; at < 41; ++at)
      for (int b = 0; b < 256; ++b) {
        std::string body(41, 'a');
        body[at] = static_cast<char>(b);
        auto const text = head + body + "\"}";
        ux::response_view v;
        bool const fast = ux::read_response_view(text, {}, v) == errc::ok;
        bool const full = static_cast<bool>(ux::read(text));
        if (fast) CHECK_MESSAGE(full, "byte ", b, " at ", at);
        if (b >= 0x20 && b < 0x80 && b != '"' && b != '\\')
          CHECK_MESSAGE(fast, "byte ", b, " at ", at);
      }
  }
}

TEST_SUITE("user_interaction") {
  TEST_CASE("HMAC-SHA-256 (RFC 2104) agrees with a reference, keys of one block and longer") {
    auto const hex = [](std::span<unsigned char const> bytes) {
      std::string out;
      for (auto b : bytes) {
        out += "0123456789abcdef"[b >> 4];
        out += "0123456789abcdef"[b & 15];
      }
      return out;
    };
    ux::key_set keys;
    ux::key short_key, long_key;
    short_key.kid = "k32";
    for (int i = 0; i < 32; ++i)
      short_key.secret.push_back(static_cast<unsigned char>(i));
    long_key.kid = "k100";  // longer than the 64-byte block: hashed first
    for (int i = 0; i < 100; ++i)
      long_key.secret.push_back(static_cast<unsigned char>(i));
    REQUIRE(keys.add(short_key));
    REQUIRE(keys.add(long_key));
    std::array<unsigned char, 32> mac{};
    // Expected values from Python's hmac module.
    REQUIRE(keys.hmac("k32", "what do ya want for nothing?", mac));
    CHECK(hex(mac) == "099805f4ac310786968565c098db515cc50862b420ae31e20238312344bed36a");
    REQUIRE(keys.hmac("k100", std::string(200, 'x'), mac));
    CHECK(hex(mac) == "eb1eaa2b0ee920eeb091891dcf75936d67fb889e28826173f93851a1938db6d2");
  }
}

TEST_SUITE("user_interaction") {
  TEST_CASE("template slots: typed values fill the prompt; the reader refuses loose templates") {
    auto const doc =
        nlohmann::json::parse(test::read_file(test::source_dir() / "examples/ui/policy.json"));
    auto const app = std::find_if(doc["templates"].begin(), doc["templates"].end(),
                                  [](auto const& t) { return t["ref"] == "app-rate@1"; });
    REQUIRE(app != doc["templates"].end());
    auto const index = static_cast<std::size_t>(app - doc["templates"].begin());
    // One change to the app-rate@1 template, and the error it must give.
    struct broken {
      char const* patch;
      char const* path;
    };
    for (
        auto const& change : std::initializer_list<broken>{
            {R"([{"op":"replace","path":"/prompts/0/title","value":"Rate {app"}])",
             "/prompts/0/title"},
            {R"([{"op":"replace","path":"/prompts/0/title","value":"Rate {apps}"}])",
             "/prompts/0/title"},
            {R"([{"op":"replace","path":"/prompts/0/text","value":"Used } on {day}"}])",
             "/prompts/0/text"},
            {R"([{"op":"replace","path":"/prompts/0/text","value":"Thanks"}])", "/slots/1"},
            {R"([{"op":"add","path":"/slots/-","value":{"name":"app","type":"text"}}])",
             "/slots/2/name"},
            {R"([{"op":"add","path":"/slots/1/maxLength","value":10}])", "/slots/1/maxLength"},
            {R"([{"op":"replace","path":"/slots/1","value":{"name":"day","type":"integer"}}])",
             "/slots/1/min"},
            {R"([{"op":"replace","path":"/slots/1","value":{"name":"day","type":"integer","min":5,"max":1}}])",
             "/slots/1/max"},
            {R"([{"op":"replace","path":"/slots/1","value":{"name":"day","type":"choice","values":["mon","mon"]}}])",
             "/slots/1/values/1"},
            {R"([{"op":"replace","path":"/slots/1","value":{"name":"day","type":"weekday"}}])",
             "/slots/1/type"},
        }) {
      auto changed = doc;
      auto const* const patch = change.patch;  // not bindings: clang 14 cannot capture those
      auto const* const path = change.path;
      auto ops = nlohmann::json::parse(patch);
      for (auto& op : ops)
        op["path"] = "/templates/" + std::to_string(index) + op["path"].get<std::string>();
      changed = changed.patch(ops);
      auto const p = ux::policy_from_json(changed.dump());
      REQUIRE_MESSAGE(!p, patch);
      CHECK_MESSAGE(p.error().path == "/templates/" + std::to_string(index) + path, patch, " gave ",
                    p.error().message());
    }
    // fill_prompt: each placeholder replaced, limits judged on the filled text.
    auto const policy = test::ui::example_policy();
    auto const* t = policy.find_template("app-rate@1");
    REQUIRE(t != nullptr);
    auto const filled =
        ux::fill_prompt(t->prompts[1], t->slots, {{"app", "Maps"}, {"day", "2026-04-30"}});
    REQUIRE(filled);
    CHECK(filled->title == "Wie gefällt Ihnen Maps?");
    ux::interaction_template wide = *t;
    wide.slots[0].max_length = 80;
    wide.prompts[0].title = "{app} {app}";
    auto const over = ux::fill_prompt(wide.prompts[0], wide.slots,
                                      {{"app", std::string(41, 'x')}, {"day", "2026-04-30"}});
    REQUIRE(!over);
    CHECK(over.error().code == errc::ui_limit);
    CHECK(over.error().path == "/prompt/title");
    // slot_accepts at the edges of each type
    ux::slot_spec e164;
    e164.type = ux::slot_type::e164;
    CHECK(ux::slot_accepts(e164, "+12"));
    CHECK(ux::slot_accepts(e164, "+123456789012345"));
    CHECK(!ux::slot_accepts(e164, "+1"));
    CHECK(!ux::slot_accepts(e164, "+1234567890123456"));
    CHECK(!ux::slot_accepts(e164, "+12a"));
    ux::slot_spec n;
    n.type = ux::slot_type::integer;
    n.min = -5;
    n.max = 5;
    for (char const* ok : {"-5", "0", "5"})
      CHECK_MESSAGE(ux::slot_accepts(n, ok), ok);
    for (char const* bad : {"-6", "6", "-0", "05", "+1", "", "1.0", "99999999999999999999"})
      CHECK_MESSAGE(!ux::slot_accepts(n, bad), bad);
    ux::slot_spec d;
    d.type = ux::slot_type::date;
    CHECK(ux::slot_accepts(d, "2024-02-29"));
    CHECK(!ux::slot_accepts(d, "2026-02-29"));
    CHECK(!ux::slot_accepts(d, "2026-13-01"));
    CHECK(!ux::slot_accepts(d, "2026-1-011"));
    ux::slot_spec text;
    text.max_length = 5;
    CHECK(ux::slot_accepts(text, "Grüße"));  // code points, not bytes
    CHECK(!ux::slot_accepts(text, "Grüßen"));
    for (char const* bad : {"", "a\nb", "x{y}", "<i>", "HTTP://x", "WWW.x"})
      CHECK_MESSAGE(!ux::slot_accepts(text, bad), bad);
  }
}
