// The response guard (issue 22; design rules 7-14): one case per decision step, the
// interaction states of section 13.6, and a naive reference model that allocates freely and
// must agree verdict for verdict on random traces with clock jumps.
#include <imsdp/user_interaction/guard.hpp>
// The header under test first; then what the tests use.
#include <doctest/doctest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <random>
#include <set>

#include "support/why.hpp"
#include "unit/user_interaction/support.hpp"

using namespace imsdp;
namespace ux = imsdp::user_interaction;
using test::ui::at;
using namespace std::chrono_literals;

namespace {

using fixture = test::ui::example;

struct consent_store : ux::consent_source {
  std::vector<ux::consent_record> all;
  std::span<ux::consent_record const> records(std::string_view) const override { return all; }
};

}  // namespace

TEST_SUITE("user_interaction") {
  TEST_CASE("a valid response is accepted once; its retransmission is a duplicate") {
    fixture f;
    ux::guard g(f.policy);
    ux::context const ctx{f.policy, f.keys};
    auto const o = test::ui::make_offer(f.policy, f.keys, "qf-call@2", "ps-1", "c-7b21", 1, f.t0);
    auto const r = test::ui::make_response(
        o, "r-01", R"([{"aid":"q","value":2},{"aid":"i","values":["one-way-audio","echo"]}])");
    auto const v = g.decide(r, "ps-1", ctx, f.t0 + 41s);
    CHECK_MESSAGE(v.status == ux::ack_status::accepted, to_string(v.reason));
    CHECK(v.accepted);
    CHECK(v.charging.seq == 1);
    CHECK(v.charging.template_ref == "qf-call@2");
    CHECK(v.charging.rating_group == 100);
    auto const cdr = ux::to_record(v, "cdr-1", f.t0 + 41s, f.policy, "ims.visited.example");
    CHECK(ux::read(ux::write(cdr)));
    // Rule 8: the same bytes again are a duplicate with no second result.
    auto const again = g.decide(r, "ps-1", ctx, f.t0 + 43s);
    CHECK(again.status == ux::ack_status::duplicate);
    CHECK(!again.accepted);
    // The same id with other content is invalid; a new id is past maxResponses (1): expired.
    auto const changed = test::ui::make_response(o, "r-01", R"([{"aid":"q","value":3}])");
    CHECK(g.decide(changed, "ps-1", ctx, f.t0 + 44s).reason == errc::ui_replay_mismatch);
    auto const second = test::ui::make_response(o, "r-02", R"([{"aid":"q","value":3}])");
    auto const late = g.decide(second, "ps-1", ctx, f.t0 + 45s);
    CHECK(late.reason == errc::ui_max_responses);
    CHECK(late.status == ux::ack_status::expired);
    auto const s = g.stats();
    CHECK(s.decisions == 4);
    CHECK(s.by_status[0] == 1);
    CHECK(s.replay_used == 1);
  }

  TEST_CASE("each step refuses with its reason and the coarse status the UE sees") {
    fixture f;
    ux::guard g(f.policy);
    consent_store consents;
    ux::context const ctx{f.policy, f.keys, &consents};
    auto const o = test::ui::make_offer(f.policy, f.keys, "qf-call@2", "ps-1", "c-1", 2, f.t0);
    auto const answers = std::string(R"([{"aid":"q","value":4}])");
    auto const decide = [&](std::string const& text, std::string_view sender = "ps-1",
                            ux::time_point now = at("2026-05-01T10:00:41Z")) {
      return g.decide(text, sender, ctx, now).reason;
    };
    // a. parse
    CHECK(decide("{") == errc::json_syntax);
    CHECK(decide(R"({"v":1,"kind":"ack"})") == errc::ui_unknown_kind);
    CHECK(decide(std::string(5000, ' ')) == errc::ui_limit);
    // b. token: one flipped character of the MAC, of the claims, and a token of another key
    auto forged = o;
    forged.token.back() = forged.token.back() == 'A' ? 'B' : 'A';
    CHECK(decide(test::ui::make_response(forged, "r", answers)) == errc::ui_signature);
    auto widened = o;
    widened.token[widened.token.find('.') + 5] ^= 1;
    CHECK(decide(test::ui::make_response(widened, "r", answers)) == errc::ui_signature);
    // c. binding: another sender, another offer id
    CHECK(decide(test::ui::make_response(o, "r", answers), "ps-2") == errc::ui_binding);
    auto other = o;
    other.id = "o-other";
    CHECK(decide(test::ui::make_response(other, "r", answers)) == errc::ui_binding);
    // d. time: a token from the future (expiry: at the end, it moves the guard's clock)
    CHECK(decide(test::ui::make_response(o, "r", answers), "ps-1", f.t0 - 31s) == errc::ui_clock);
    // e. answers: unknown action, unknown option, out of range, too many, free text
    CHECK(decide(test::ui::make_response(o, "r", R"([{"aid":"z","value":1}])")) ==
          errc::ui_unknown_reference);
    CHECK(decide(test::ui::make_response(o, "r", R"([{"aid":"i","values":["dropped-calls"]}])")) ==
          errc::ui_unknown_reference);
    CHECK(decide(test::ui::make_response(o, "r", R"([{"aid":"q","value":6}])")) ==
          errc::ui_cardinality);
    CHECK(decide(test::ui::make_response(o, "r", R"([{"aid":"q","value":"x"}])")) ==
          errc::ui_cardinality);
    CHECK(
        decide(test::ui::make_response(
            o, "r", R"([{"aid":"i","values":["echo","noise","one-way-audio","dropped-call"]}])")) ==
        errc::ui_cardinality);
    CHECK(decide(test::ui::make_response(o, "r", answers, "2026-05-01T10:00:41Z",
                                         R"(,"text":"hi")")) == errc::ui_cardinality);
    // h. consent: the assist template requires it
    auto const assist = test::ui::make_offer(f.policy, f.keys, "assist-conf@1", "ps-1", "conf-1", 3,
                                             f.t0, ux::subject_type::conference);
    auto const ask = test::ui::make_response(assist, "r-a", R"([{"aid":"a","value":"summarize"}])");
    auto const refused = g.decide(ask, "ps-1", ctx, f.t0 + 10s);
    CHECK(refused.reason == errc::ui_consent_missing);
    CHECK(refused.status == ux::ack_status::consent_missing);
    ux::consent_record c;
    c.subject = "ps-1";
    c.controller = f.policy.home_network;
    c.purposes = {"ai-assist"};
    c.given = f.t0;
    c.expires = f.t0 + 60s;
    consents.all = {c};
    CHECK(g.decide(ask, "ps-1", ctx, f.t0 + 10s).status == ux::ack_status::accepted);
    // Nothing refused was recorded: the first offer still takes its one response.
    CHECK(decide(test::ui::make_response(o, "r", answers)) == errc::ok);
    // d. past exp + skew; a clock stepping back afterwards does not revive the token, whose
    // replay entry may be forgotten by then.
    auto const o3 = test::ui::make_offer(f.policy, f.keys, "qf-call@2", "ps-1", "c-1", 9, f.t0);
    CHECK(decide(test::ui::make_response(o3, "r", answers), "ps-1", f.t0 + 331s) ==
          errc::ui_expired);
    CHECK(decide(test::ui::make_response(o3, "r", answers), "ps-1", f.t0 + 41s) ==
          errc::ui_expired);
  }

  TEST_CASE("consent: withdrawn or expired records do not count (rule 15)") {
    fixture f;
    ux::consent_record c;
    c.subject = "ps-1";
    c.controller = "ims.example";
    c.purposes = {"ai-assist"};
    c.recipients = {{"tp.example", "processor"}};
    c.data_categories = {"conference-audio"};
    c.given = f.t0;
    c.expires = f.t0 + 60s;
    std::vector<ux::consent_record> one{c};
    std::string_view const audio[] = {"conference-audio"};
    std::string_view const video[] = {"conference-video"};
    CHECK(ux::check_consent(one, "ai-assist", "tp.example", f.t0, audio) == errc::ok);
    CHECK(ux::check_consent(one, "ai-assist", "ims.example", f.t0) == errc::ok);
    CHECK(ux::check_consent(one, "ai-assist", "tp.other", f.t0) == errc::ui_consent_missing);
    CHECK(ux::check_consent(one, "marketing", "tp.example", f.t0) == errc::ui_consent_missing);
    CHECK(ux::check_consent(one, "ai-assist", "tp.example", f.t0, video) ==
          errc::ui_consent_missing);
    CHECK(ux::check_consent(one, "ai-assist", "tp.example", f.t0 + 60s) ==
          errc::ui_consent_missing);
    one[0].state = ux::consent_state::withdrawn;
    one[0].withdrawn = f.t0 + 1s;
    CHECK(ux::check_consent(one, "ai-assist", "tp.example", f.t0 + 2s) == errc::ui_consent_missing);
  }

  TEST_CASE("interaction states: maxResponses, withdrawal and forgetting after the grace") {
    fixture f;
    ux::guard g(f.policy);
    ux::context const ctx{f.policy, f.keys};
    // ivr-main@3 allows 4 responses in 120 s.
    auto const o = test::ui::make_offer(f.policy, f.keys, "ivr-main@3", "ps-9", "ivr-1", 4, f.t0,
                                        ux::subject_type::ivr_session);
    auto const step = [&](int i, ux::time_point now) {
      return g.decide(test::ui::make_response(o, "r-" + std::to_string(i),
                                              R"([{"aid":"m","value":"billing"}])"),
                      "ps-9", ctx, now);
    };
    // The subscriber bucket of support-navigation is the default: burst 3, 6 per minute.
    CHECK(step(1, f.t0 + 1s).accepted);
    CHECK(step(2, f.t0 + 2s).accepted);
    CHECK(step(3, f.t0 + 3s).accepted);
    auto const limited = step(4, f.t0 + 4s);
    CHECK(limited.status == ux::ack_status::rate_limited);
    CHECK(limited.retry_after == 7);  // GCRA: TAT 31 s, tolerance 20 s, now 4 s
    CHECK(step(4, f.t0 + 11s).accepted);
    CHECK(step(5, f.t0 + 30s).reason == errc::ui_max_responses);
    // Withdrawal of another offer: later responses are expired.
    auto const o2 = test::ui::make_offer(f.policy, f.keys, "ivr-main@3", "ps-9", "ivr-2", 5, f.t0,
                                         ux::subject_type::ivr_session);
    CHECK(g.withdraw("05050505050505050505050505050505", o2.expires, f.t0 + 40s));
    auto const w = g.decide(test::ui::make_response(o2, "r-1", R"([{"aid":"m","value":"agent"}])"),
                            "ps-9", ctx, f.t0 + 50s);
    CHECK(w.reason == errc::ui_withdrawn);
    CHECK(w.status == ux::ack_status::expired);
  }

  TEST_CASE("the tables fail closed: a full replay window rate-limits new offers (rule 13)") {
    fixture f;
    f.policy.replay_capacity = 32;  // the minimum: one probe window
    f.policy.categories[0].subscriber = {1000, 1, 1000};
    ux::guard g(f.policy);
    ux::context const ctx{f.policy, f.keys};
    int accepted = 0, full = 0;
    for (unsigned char n = 1; n <= 40; ++n) {
      auto const o = test::ui::make_offer(f.policy, f.keys, "qf-call@2", "ps-1", "c", n, f.t0);
      auto const v = g.decide(test::ui::make_response(o, "r", R"([{"aid":"q","value":1}])"), "ps-1",
                              ctx, f.t0 + 1s);
      accepted += v.accepted ? 1 : 0;
      full += v.reason == errc::ui_window_full ? 1 : 0;
    }
    CHECK(accepted == 32);
    CHECK(full == 8);
    CHECK(g.stats().overloads == 8);
    CHECK(g.stats().replay_high_water == 32);
    // After expiry + grace the entries are free again.
    auto const o =
        test::ui::make_offer(f.policy, f.keys, "qf-call@2", "ps-1", "c", 41, f.t0 + 400s);
    CHECK(g.decide(test::ui::make_response(o, "r", R"([{"aid":"q","value":1}])"), "ps-1", ctx,
                   f.t0 + 401s)
              .accepted);
  }

  TEST_CASE("reference model: the guard agrees verdict for verdict on random traces") {
    // The naive model: rules 7f-7i with maps and no capacity. Buckets are the same GCRA, one
    // map entry per key; so the guard's tables (probing, eviction of full buckets) must never
    // change a decision while they have room.
    fixture f;
    f.policy.categories[0].subscriber = {6, 60, 3};
    f.policy.categories[0].target = {20, 60, 5};
    f.policy.global = {50, 1, 40};
    ux::guard g(f.policy);
    ux::context const ctx{f.policy, f.keys};
    struct gcra {
      std::int64_t interval, tolerance;
    };
    auto const spec = [](ux::bucket_spec const& b) {
      auto const t = static_cast<std::int64_t>(std::uint64_t{b.per} * 1'000'000'000ull / b.rate);
      return gcra{t, t * (b.burst - 1)};
    };
    std::map<std::string, std::int64_t> tat;
    std::map<std::string, std::set<std::string>> answered;  // nonce -> response ids
    std::mt19937 rng(2212);
    std::vector<ux::offer> offers;
    std::vector<std::string> owners;
    for (unsigned char n = 1; n <= 60; ++n) {
      owners.push_back("ps-" + std::to_string(n % 12));
      offers.push_back(test::ui::make_offer(f.policy, f.keys, "qf-call@2", owners.back(),
                                            "target-" + std::to_string(n % 4), n, f.t0));
    }
    auto now = f.t0;
    int accepted = 0, limited = 0;
    for (int step = 0; step < 3000; ++step) {
      now +=
          std::chrono::milliseconds(rng() % 4 == 0 ? rng() % 20000 : rng() % 300);  // clock jumps
      if (now > f.t0 + 280s) now = f.t0 + std::chrono::milliseconds(rng() % 1000);  // and back
      auto const i = rng() % offers.size();
      auto const id = "r-" + std::to_string(rng() % 3);
      auto const value = 1 + rng() % 5;
      auto const text = test::ui::make_response(
          offers[i], id, R"([{"aid":"q","value":)" + std::to_string(value) + "}]");
      auto const v = g.decide(text, owners[i], ctx, now);
      // The model
      auto const now_ns = now.time_since_epoch().count() * 1'000'000;
      auto const nonce = std::to_string(i);
      auto& ids = answered[nonce];
      errc expected = errc::ok;
      std::uint32_t retry = 0;
      if (ids.count(id + "|" + text))
        expected = errc::ui_duplicate;
      else if (std::any_of(ids.begin(), ids.end(),
                           [&](std::string const& x) { return x.starts_with(id + "|"); }))
        expected = errc::ui_replay_mismatch;
      else if (!ids.empty())
        expected = errc::ui_max_responses;
      else {
        std::string const keys[] = {"s" + owners[i], "t" + std::to_string((i + 1) % 4), "g"};
        gcra const rates[] = {spec(f.policy.categories[0].subscriber),
                              spec(f.policy.categories[0].target), spec(f.policy.global)};
        std::int64_t wait = 0;
        for (int k = 0; k < 3; ++k) {
          auto const it = tat.find(keys[k]);
          auto const t = it == tat.end() ? now_ns : it->second;
          wait = std::max(wait, t - rates[k].tolerance - now_ns);
        }
        if (wait > 0) {
          expected = errc::ui_rate_limited;
          retry = static_cast<std::uint32_t>((wait + 999'999'999) / 1'000'000'000);
        } else {
          for (int k = 0; k < 3; ++k) {
            auto const it = tat.find(keys[k]);
            auto const t = it == tat.end() ? now_ns : it->second;
            tat[keys[k]] = std::max(t, now_ns) + rates[k].interval;
          }
          ids.insert(id + "|" + text);
        }
      }
      REQUIRE_MESSAGE(v.reason == expected, "step ", step, ": ", to_string(v.reason), " vs ",
                      to_string(expected));
      if (expected == errc::ui_rate_limited) CHECK(v.retry_after == retry);
      accepted += v.accepted ? 1 : 0;
      limited += expected == errc::ui_rate_limited ? 1 : 0;
    }
    CHECK(accepted > 20);
    CHECK(limited > 100);
  }

  TEST_CASE("read_response_view accepts what write() gives and refuses what read() refuses") {
    ux::response r;
    r.id = "r-1";
    r.ts = at("2026-05-01T10:00:41.5Z");
    r.offer_id = "o-1";
    r.token = "a.b.c";
    r.answers = {{"q", 2, std::nullopt, {}}, {"i", std::nullopt, std::nullopt, {"x", "y"}}};
    r.text = "caf\xc3\xa9 \"quoted\"";
    auto const text = ux::write(r);
    ux::response_view v;
    REQUIRE(ux::read_response_view(text, {}, v) == errc::ok);
    CHECK(v.id == "r-1");
    CHECK(v.answer_count == 2);
    CHECK(v.answers[0].rating == 2);
    CHECK(v.answers[1].value_count == 2);
    CHECK(v.answers[1].values[1] == "y");
    CHECK(v.ts == r.ts);
    CHECK(v.text == R"(café \"quoted\")");
    for (std::string bad : {text.substr(1), text + "x", std::string(R"({"v":1,"v":1})"),
                            std::string("{\"v\":1,\"kind\":\"response\",\"x\":\"\xff\"}")})
      CHECK(ux::read_response_view(bad, {}, v) != errc::ok);
  }
}

TEST_SUITE("user_interaction") {
  TEST_CASE("exhaustive: every sequence of 8 events on one offer keeps the machine's invariants") {
    // Section 13.6 explored like the split machine: responses (two ids, one id re-sent with
    // other content), withdrawal, and clock ticks of 1200 s (the offer lives 3600 s, so
    // ticks pass its expiry and grace), on a spam-call@1 offer of maxResponses 2. A model of the
    // table gives the expected status of every response.
    fixture f;
    f.policy.categories[0].subscriber = {1000, 1, 1000};
    f.policy.replay_capacity = 32;
    f.policy.bucket_capacity = 32;
    f.policy.token_cache_capacity = 8;  // each node copies the guard
    auto const offer =
        test::ui::make_offer(f.policy, f.keys, "spam-call@1", "ps-1", "tel-1", 4, f.t0);
    REQUIRE(offer.max_responses == 2);
    ux::context const ctx{f.policy, f.keys};
    std::string const texts[3] = {
        test::ui::make_response(offer, "r-1", R"([{"aid":"r","value":"robocall"}])"),
        test::ui::make_response(offer, "r-2", R"([{"aid":"r","value":"fraud"}])"),
        test::ui::make_response(offer, "r-1", R"([{"aid":"b","value":"block-7d"}])")};
    struct model {
      std::map<std::string, int> accepted;  // id -> which text
      bool withdrawn = false;
      int ticks = 0;
      std::uint64_t charged = 0;
    };
    auto const expiry = offer.expires + std::chrono::seconds(f.policy.clock_skew);  // 3600 + 30 s
    std::size_t nodes = 0, accepted_total = 0;
    std::function<void(ux::guard const&, model const&, int)> explore =
        [&](ux::guard const& g, model const& m, int depth) {
          ++nodes;
          if (depth == 8) return;
          for (int event = 0; event < 5; ++event) {
            ux::guard next = g;
            model n = m;
            auto const now = f.t0 + std::chrono::seconds(1 + 1200 * m.ticks);
            if (event == 3) {
              REQUIRE(next.withdraw("04040404040404040404040404040404", offer.expires, now));
              n.withdrawn = true;
            } else if (event == 4) {
              ++n.ticks;
              next.tick(f.t0 + std::chrono::seconds(1 + 1200 * n.ticks));
            } else {
              auto const id = event == 1 ? "r-2" : "r-1";
              auto const v = next.decide(texts[event], "ps-1", ctx, now);
              errc expected = errc::ok;
              auto const known = n.accepted.find(id);
              if (now >= expiry)
                expected = errc::ui_expired;
              else if (known != n.accepted.end())
                expected = known->second == event ? errc::ui_duplicate : errc::ui_replay_mismatch;
              else if (n.withdrawn)
                expected = errc::ui_withdrawn;
              else if (n.accepted.size() >= 2)
                expected = errc::ui_max_responses;
              REQUIRE_MESSAGE(v.reason == expected, "depth ", depth, " event ", event, ": ",
                              to_string(v.reason), " vs ", to_string(expected));
              if (v.accepted) {
                n.accepted[id] = event;
                ++n.charged;
                ++accepted_total;
                CHECK(v.charging.seq == n.charged);  // one charging event per acceptance
              } else {
                CHECK(next.same_state(g));  // a refused response changes nothing
              }
            }
            CHECK(n.accepted.size() <= 2);
            auto const s = next.stats();
            CHECK(s.replay_used <= s.replay_capacity);
            CHECK(s.bucket_used <= s.bucket_capacity);
            explore(next, n, depth + 1);
          }
        };
    ux::guard start(f.policy);
    explore(start, model{}, 0);
    CHECK(nodes == 488281);  // (5^9 - 1) / 4
    CHECK(accepted_total > 0);
  }
}

TEST_SUITE("user_interaction") {
  TEST_CASE("token cache: a repeated token is verified once and decides as without the cache") {
    fixture f;
    auto plain_policy = f.policy;
    plain_policy.token_cache_capacity = 0;
    ux::guard g(f.policy), plain(plain_policy);
    CHECK(g.stats().token_cache_capacity == 4096);
    CHECK(plain.stats().token_cache_capacity == 0);
    CHECK(plain.stats().memory_bytes < g.stats().memory_bytes);
    auto const o = test::ui::make_offer(f.policy, f.keys, "spam-call@1", "ps-1", "tel-1", 5, f.t0);
    auto const with_token = [&](std::string token, char const* id) {
      auto changed = o;
      changed.token = std::move(token);
      return test::ui::make_response(changed, id, R"([{"aid":"r","value":"robocall"}])");
    };
    auto const same = [&](std::string const& text, ux::key_set const& keys, ux::time_point now) {
      auto const a = g.decide(text, "ps-1", {f.policy, keys}, now);
      auto const b = plain.decide(text, "ps-1", {plain_policy, keys}, now);
      CHECK(a.status == b.status);
      CHECK(a.reason == b.reason);
      CHECK(a.where.view() == b.where.view());
      return a.reason;
    };
    // Tokens that share the set of the real one (the MAC's end) or all but one character.
    auto const dot = o.token.rfind('.');
    auto const flip = [&](std::size_t at) {
      auto t = o.token;
      t[at] = t[at] == 'A' ? 'B' : 'A';
      return t;
    };
    CHECK(same(with_token(o.token, "r-1"), f.keys, f.t0 + 1s) == errc::ok);
    CHECK(g.stats().token_cache_hits == 0);
    for (auto const at :
         {std::size_t{3}, o.token.find('.') + 7, dot - 1, dot + 1, dot + 20, o.token.size() - 9})
      CHECK(same(with_token(flip(at), "r-2"), f.keys, f.t0 + 2s) == errc::ui_signature);
    CHECK(same(with_token(o.token.substr(0, o.token.size() - 1), "r-2"), f.keys, f.t0 + 2s) ==
          errc::ui_signature);
    CHECK(same(with_token(o.token, "r-1"), f.keys, f.t0 + 3s) == errc::ui_duplicate);
    CHECK(same(with_token(o.token, "r-2"), f.keys, f.t0 + 4s) == errc::ok);
    CHECK(g.stats().token_cache_hits == 2);
    CHECK(plain.stats().token_cache_hits == 0);
    // Another key_set: a check made with the first one does not count. The same kid with
    // another secret refuses the token; a copy of the keys verifies it again.
    ux::key_set other;
    ux::key replaced;
    replaced.kid = "n1";
    replaced.secret.assign(32, 0x11);
    REQUIRE(other.add(replaced));
    CHECK(other.identity() != f.keys.identity());
    CHECK(same(with_token(o.token, "r-3"), other, f.t0 + 5s) == errc::ui_signature);
    auto const copy = f.keys;
    CHECK(copy.identity() != f.keys.identity());
    CHECK(same(with_token(o.token, "r-3"), copy, f.t0 + 5s) == errc::ui_max_responses);
    CHECK(g.stats().token_cache_hits == 2);
    // A key past its notAfter refuses a token found in the cache.
    auto expiring_key = *f.keys.find("n1");
    expiring_key.not_after = f.t0 + 10s;
    ux::key_set expiring;
    REQUIRE(expiring.add(expiring_key));
    REQUIRE(expiring.add(*f.keys.find("e1")));  // the offer's signature
    auto const o2 =
        test::ui::make_offer(f.policy, expiring, "spam-call@1", "ps-1", "tel-1", 6, f.t0);
    auto const r2 = test::ui::make_response(o2, "r-1", R"([{"aid":"r","value":"fraud"}])");
    CHECK(same(r2, expiring, f.t0 + 9s) == errc::ok);
    CHECK(same(r2, expiring, f.t0 + 9s) == errc::ui_duplicate);
    CHECK(g.stats().token_cache_hits == 3);
    CHECK(same(r2, expiring, f.t0 + 10s) == errc::ui_signature);
    // The cache is not decision state.
    CHECK(g.same_state(plain));
    CHECK(g.save() == plain.save());
    // Its capacity is read from the policy, 0 to 2^20.
    auto json = test::read_file(test::source_dir() / "examples/ui/policy.json");
    auto const member = json.find("\"tokenCacheCapacity\": 4096");
    REQUIRE(member != std::string::npos);
    for (auto const* value : {"0", "1048577"}) {
      auto changed = json;
      changed.replace(member + 22, 4, value);
      auto const read = ux::policy_from_json(changed);
      if (value[0] == '0') {
        REQUIRE(read);
        CHECK(read->token_cache_capacity == 0);
        CHECK(ux::guard(*read).stats().token_cache_capacity == 0);
      } else {
        REQUIRE(!read);
        CHECK(read.error().path == "/tokenCacheCapacity");
      }
    }
  }

  TEST_CASE("save and restore: the same state, the same later decisions") {
    fixture f;
    ux::guard g(f.policy);
    ux::context const ctx{f.policy, f.keys};
    auto const o = test::ui::make_offer(f.policy, f.keys, "spam-call@1", "ps-1", "tel-1", 6, f.t0);
    auto const r1 = test::ui::make_response(o, "r-1", R"([{"aid":"r","value":"robocall"}])");
    REQUIRE(g.decide(r1, "ps-1", ctx, f.t0 + 1s).accepted);
    auto const o2 = test::ui::make_offer(f.policy, f.keys, "qf-call@2", "ps-2", "c-2", 7, f.t0);
    REQUIRE(g.withdraw("07070707070707070707070707070707", o2.expires, f.t0 + 2s));
    auto const saved = g.save();
    CHECK(saved.find("ps-1") == std::string::npos);  // hashes only
    CHECK(saved.find("robocall") == std::string::npos);
    auto restored = ux::guard::restore(f.policy, saved);
    REQUIRE_MESSAGE(restored, test::why(restored));
    CHECK(restored->same_state(g));
    CHECK(restored->save() == saved);
    CHECK(restored->decide(r1, "ps-1", ctx, f.t0 + 3s).reason == errc::ui_duplicate);
    auto const r2 = test::ui::make_response(o, "r-2", R"([{"aid":"r","value":"fraud"}])");
    CHECK(restored->decide(r2, "ps-1", ctx, f.t0 + 4s).charging.seq == 2);
    auto const w = test::ui::make_response(o2, "r-1", R"([{"aid":"q","value":1}])");
    CHECK(restored->decide(w, "ps-2", ctx, f.t0 + 5s).reason == errc::ui_withdrawn);
    // A smaller policy cannot hold it; a broken state names the pointer.
    auto tiny = f.policy;
    tiny.replay_capacity = 16;
    tiny.bucket_capacity = 16;
    CHECK(ux::guard::restore(tiny, saved));  // 32 slots still hold three entries
    auto const broken = ux::guard::restore(
        f.policy, R"({"v":2,"latest":0,"seq":0,"global":0,"buckets":[["xyz",1]],"replay":[]})");
    REQUIRE(!broken);
    CHECK(broken.error().path == "/buckets/0");
  }
}
