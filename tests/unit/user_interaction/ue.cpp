// The UE side of an interaction (ue.hpp; design section 13.6): the resend timers, the acks, the
// content checks it shares with the guard, an exhaustive walk of its events, and the UE and
// the guard together over a link that loses messages.
#include <imsdp/user_interaction/ue.hpp>
// The header under test first; then what the tests use.
#include <doctest/doctest.h>

#include <functional>
#include <imsdp/user_interaction/guard.hpp>
#include <random>
#include <set>

#include "support/why.hpp"
#include "unit/user_interaction/support.hpp"

using namespace imsdp;
namespace ux = imsdp::user_interaction;
using test::ui::at;
using namespace std::chrono_literals;

namespace {

struct fixture : test::ui::example {
  // spam-call@1: two report actions, free text, maxResponses 2, ttl 3600 s.
  ux::offer spam = test::ui::make_offer(policy, keys, "spam-call@1", "ps-1", "c-9", 1, t0);
};

std::vector<ux::answer> report(std::string oid = "robocall") {
  ux::answer a;
  a.aid = "r";
  a.choice = std::move(oid);
  return {a};
}

ux::ack ack_for(ux::ue_interaction const& ue, std::string re, ux::ack_status status,
                std::uint32_t retry = 0) {
  ux::ack a;
  a.id = "a-1";
  a.re = std::move(re);
  a.offer_id = ue.presented_offer().id;
  a.status = status;
  a.retry_after = retry;
  return a;
}

}  // namespace

TEST_SUITE("user_interaction") {
  TEST_CASE("the UE sends once, sends the same bytes again at 2, 4 and 8 s, and stops at the ack") {
    fixture f;
    ux::ue_interaction ue(f.spam, f.t0 + 10s);
    CHECK(ue.state() == ux::ue_state::presented);
    CHECK(ue.step().wake == f.spam.expires);
    auto const sent = ue.respond("r-1", report(), std::nullopt, f.t0 + 20s);
    REQUIRE_MESSAGE(sent, test::why(sent));
    CHECK(sent->send);
    CHECK(sent->state == ux::ue_state::responded);
    CHECK(sent->wake == f.t0 + 22s);
    auto const bytes = ue.response_text();
    CHECK(ux::read(bytes));
    CHECK(ue.on_timer(f.t0 + 21s).send == false);  // early: nothing due
    for (auto [when, next] : {std::pair{22s, 24s}, {24s, 28s}}) {
      auto const s = ue.on_timer(f.t0 + when);
      CHECK(s.send);
      CHECK(s.wake == f.t0 + next);
      CHECK(ue.response_text() == bytes);
    }
    auto const last = ue.on_timer(f.t0 + 28s);
    CHECK(last.send);
    CHECK(last.wake == f.spam.expires);  // no more resends; only the expiry is left
    CHECK(ue.sends() == 4);
    auto const acked = ue.on_ack(ack_for(ue, "r-1", ux::ack_status::duplicate), f.t0 + 29s);
    CHECK(acked.state == ux::ue_state::acknowledged);
    CHECK(acked.outcome == ux::ack_status::duplicate);
    CHECK(ue.accepted() == 1);
    CHECK(acked.wake == f.spam.expires);  // maxResponses 2: a second answer is still possible
    CHECK(ue.on_ack(ack_for(ue, "r-1", ux::ack_status::accepted), f.t0 + 30s).ignored);
    CHECK(ue.accepted() == 1);
    // The same id again would be a retransmission to the network: refused here.
    auto const same = ue.respond("r-1", report("fraud"), std::nullopt, f.t0 + 31s);
    REQUIRE(!same);
    CHECK(same.error().code == errc::invalid_argument);
    REQUIRE(ue.respond("r-2", report("fraud"), std::string("called 5 times"), f.t0 + 32s));
    CHECK(ue.on_ack(ack_for(ue, "r-2", ux::ack_status::accepted), f.t0 + 33s).wake ==
          std::nullopt);  // maxResponses used: nothing more can happen
    auto const third = ue.respond("r-3", report(), std::nullopt, f.t0 + 34s);
    REQUIRE(!third);
    CHECK(third.error().code == errc::invalid_state);
  }

  TEST_CASE(
      "respond checks what the guard checks on content, with a pointer, and changes nothing") {
    fixture f;
    ux::ue_interaction ue(f.spam, f.t0);
    auto const unknown = ue.respond("r-1", report("spam"), std::nullopt, f.t0 + 1s);
    REQUIRE(!unknown);
    CHECK(unknown.error().code == errc::ui_unknown_reference);
    CHECK(unknown.error().path == "/answers/0/value");
    ux::answer rating;
    rating.aid = "q";
    rating.rating = 4;
    auto const other = ue.respond("r-1", {rating}, std::nullopt, f.t0 + 1s);
    REQUIRE(!other);
    CHECK(other.error().code == errc::ui_unknown_reference);
    CHECK(other.error().path == "/answers/0/aid");
    auto const long_text = ue.respond("r-1", report(), std::string(300, 'x'), f.t0 + 1s);
    REQUIRE(!long_text);
    CHECK(long_text.error().code == errc::ui_limit);
    CHECK(ue.state() == ux::ue_state::presented);
    CHECK(ue.response_text().empty());
    CHECK(ue.sends() == 0);
    // quality feedback allows no free text, and ratings stay on the scale
    auto const qf = test::ui::make_offer(f.policy, f.keys, "qf-call@2", "ps-1", "c-1", 2, f.t0);
    ux::ue_interaction q(qf, f.t0);
    auto const text = q.respond("r-1", {rating}, std::string("bad"), f.t0 + 1s);
    REQUIRE(!text);
    CHECK(text.error().code == errc::ui_cardinality);
    CHECK(text.error().path == "/text");
    rating.rating = 6;
    auto const high = q.respond("r-1", {rating}, std::nullopt, f.t0 + 1s);
    REQUIRE(!high);
    CHECK(high.error().code == errc::ui_cardinality);
    CHECK(high.error().path == "/answers/0/value");
    // past the offer's expiry nothing is sent
    auto const late = q.respond("r-1", {}, std::nullopt, qf.expires);
    REQUIRE(!late);
    CHECK(late.error().code == errc::ui_expired);
  }

  TEST_CASE(
      "rate-limited sends again after retryAfter with fresh resends; invalid ends a response") {
    fixture f;
    ux::ue_interaction ue(f.spam, f.t0);
    REQUIRE(ue.respond("r-1", report(), std::nullopt, f.t0));
    auto const limited = ue.on_ack(ack_for(ue, "r-1", ux::ack_status::rate_limited, 30), f.t0 + 1s);
    CHECK(limited.state == ux::ue_state::responded);
    CHECK(limited.wake == f.t0 + 31s);
    CHECK(limited.outcome == ux::ack_status::rate_limited);
    CHECK(!ue.on_timer(f.t0 + 2s).send);  // the 2 s resend is cancelled by the limit
    auto const again = ue.on_timer(f.t0 + 31s);
    CHECK(again.send);
    CHECK(again.wake == f.t0 + 33s);  // resends count again from this send
    CHECK(ue.on_timer(f.t0 + 33s).wake == f.t0 + 35s);
    auto const refused = ue.on_ack(ack_for(ue, "r-1", ux::ack_status::invalid), f.t0 + 34s);
    CHECK(refused.state == ux::ue_state::acknowledged);
    CHECK(ue.accepted() == 0);
    CHECK(!ue.on_timer(f.t0 + 39s).send);
    // a refused response uses no room: two more may be accepted
    REQUIRE(ue.respond("r-2", report(), std::nullopt, f.t0 + 40s));
    CHECK(ue.on_ack(ack_for(ue, "r-2", ux::ack_status::expired), f.t0 + 41s).state ==
          ux::ue_state::expired);
  }

  TEST_CASE("withdraw and expiry end the interaction; acks for other offers are ignored") {
    fixture f;
    ux::ue_interaction ue(f.spam, f.t0);
    REQUIRE(ue.respond("r-1", report(), std::nullopt, f.t0));
    auto other = ack_for(ue, "r-1", ux::ack_status::accepted);
    other.offer_id = "o-other";
    CHECK(ue.on_ack(other, f.t0 + 1s).ignored);
    ux::withdraw w;
    w.id = "w-1";
    w.offer_id = f.spam.id;
    w.reason = ux::withdraw_reason::opted_out;
    auto const gone = ue.on_withdraw(w, f.t0 + 1s);
    CHECK(gone.state == ux::ue_state::withdrawn);
    CHECK(!gone.wake);
    CHECK(ue.on_ack(ack_for(ue, "r-1", ux::ack_status::accepted), f.t0 + 2s).ignored);
    CHECK(!ue.on_timer(f.t0 + 2s).send);
    CHECK(ue.on_withdraw(w, f.t0 + 3s).ignored);

    ux::ue_interaction idle(f.spam, f.t0);
    CHECK(idle.on_timer(f.spam.expires - 1ms).state == ux::ue_state::presented);
    CHECK(idle.on_timer(f.spam.expires).state == ux::ue_state::expired);
    CHECK(ux::ue_interaction(f.spam, f.spam.expires).state() == ux::ue_state::expired);
  }

  TEST_CASE("exhaustive: every sequence of 6 UE events keeps the machine's invariants") {
    fixture f;
    f.spam.expires = f.t0 + 20s;  // so that timer jumps reach the expiry within the depth
    enum ev : int {
      respond_ok,
      respond_bad,
      ack_accepted,
      ack_duplicate,
      ack_limited,
      ack_invalid,
      ack_expired,
      ack_stale,
      withdraw,
      timer_at_wake,
      timer_plus_1s,
      count
    };
    struct node {
      ux::ue_interaction ue;
      ux::time_point now;
      int next_id = 0;
      std::uint32_t attempt_sends = 0;
    };
    std::size_t visited = 0, sends = 0, expirations = 0;
    std::function<void(node const&, int)> walk = [&](node const& n, int depth) {
      if (depth == 0) return;
      for (int e = 0; e < count; ++e) {
        node m = n;
        auto const before = m.ue.step();
        auto const text_before = m.ue.response_text();
        auto const accepted_before = m.ue.accepted();
        bool const terminal =
            before.state == ux::ue_state::expired || before.state == ux::ue_state::withdrawn;
        std::optional<ux::ue_step> s;
        bool fresh = false;
        switch (e) {
          case respond_ok:
          case respond_bad: {
            auto const id = "r-" + std::to_string(m.next_id);
            auto r = m.ue.respond(id, report(e == respond_ok ? "fraud" : "nonsense"), std::nullopt,
                                  m.now);
            if (!r) {  // an error changes nothing
              CHECK(m.ue.state() == before.state);
              CHECK(m.ue.response_text() == text_before);
              continue;
            }
            CHECK(e == respond_ok);
            ++m.next_id;
            fresh = true;
            s = *r;
            break;
          }
          case ack_accepted:
          case ack_duplicate:
          case ack_limited:
          case ack_invalid:
          case ack_expired:
          case ack_stale: {
            static constexpr ux::ack_status statuses[] = {
                ux::ack_status::accepted, ux::ack_status::duplicate, ux::ack_status::rate_limited,
                ux::ack_status::invalid,  ux::ack_status::expired,   ux::ack_status::accepted};
            auto const re = e == ack_stale ? "r-" + std::to_string(m.next_id - 2)
                                           : "r-" + std::to_string(m.next_id - 1);
            s = m.ue.on_ack(ack_for(m.ue, re, statuses[e - ack_accepted], 3), m.now);
            if (e == ack_limited && !s->ignored) m.attempt_sends = 0;
            break;
          }
          case withdraw: {
            ux::withdraw w;
            w.offer_id = f.spam.id;
            s = m.ue.on_withdraw(w, m.now);
            break;
          }
          case timer_at_wake:
            if (!before.wake) continue;
            m.now = std::max(m.now, *before.wake);
            s = m.ue.on_timer(m.now);
            break;
          default:
            m.now += 1s;
            s = m.ue.on_timer(m.now);
        }
        ++visited;
        // Terminal states absorb: no send, no timer, no change.
        if (terminal) {
          CHECK(s->state == before.state);
          CHECK(!s->send);
          CHECK(!s->wake);
        }
        if (s->ignored) {
          CHECK(s->state == before.state);
          CHECK(!s->send);
          CHECK(m.ue.accepted() == accepted_before);
        }
        if (s->send) {
          ++sends;
          CHECK(s->state == ux::ue_state::responded);
          CHECK(m.now < f.spam.expires);
          if (fresh) {
            m.attempt_sends = 0;
          } else {
            CHECK(m.ue.response_text() == text_before);  // a resend is byte-identical
          }
          ++m.attempt_sends;
          CHECK(m.attempt_sends <= 1 + ux::ue_interaction::resend_after.size());
        }
        if (s->wake) {
          CHECK(*s->wake <= f.spam.expires);
        }
        if (s->state == ux::ue_state::expired && before.state != ux::ue_state::expired)
          ++expirations;
        CHECK(m.ue.accepted() <= f.spam.max_responses);
        CHECK(m.ue.accepted() >= accepted_before);
        if (s->state == ux::ue_state::responded) CHECK(!m.ue.response_text().empty());
        walk(m, depth - 1);
      }
    };
    walk(node{ux::ue_interaction(f.spam, f.t0), f.t0}, 6);
    MESSAGE("visited ", visited, " events, ", sends, " sends, ", expirations, " expirations");
    CHECK(visited > 500000);
    CHECK(sends > 0);
    CHECK(expirations > 0);
  }

  TEST_CASE(
      "the UE and the guard over a lossy link: no double count, no acceptance the network did not "
      "make") {
    fixture f;
    ux::context const ctx{f.policy, f.keys};
    std::mt19937_64 rng(7);
    std::size_t acknowledged = 0, expired = 0, duplicates_seen = 0, some_accepted = 0;
    for (int run = 0; run < 300; ++run) {
      ux::guard g(f.policy);
      auto const o = test::ui::make_offer(f.policy, f.keys, "spam-call@1", "ps-1", "c-9",
                                          static_cast<unsigned char>(run), f.t0);
      ux::ue_interaction ue(o, f.t0);
      auto now = f.t0;
      auto const drop = [&] { return rng() % 100 < 45; };  // each message lost with p = 0.45
      std::set<std::string> accepted_ids;
      int next = 0;
      for (int round = 0; round < 40 && now < o.expires; ++round) {
        auto s = ue.step();
        if (s.state == ux::ue_state::presented ||
            (s.state == ux::ue_state::acknowledged && ue.accepted() < o.max_responses)) {
          auto r = ue.respond("r-" + std::to_string(next++), report(), std::nullopt, now);
          REQUIRE(r);
          s = *r;
        } else if (s.wake) {
          now = std::max(now, *s.wake);
          s = ue.on_timer(now);
        } else {
          break;
        }
        if (!s.send || drop()) continue;
        auto const v = g.decide(ue.response_text(), "ps-1", ctx, now);
        if (v.accepted) CHECK(accepted_ids.insert(std::string(v.response.id)).second);
        if (v.status == ux::ack_status::duplicate) ++duplicates_seen;
        if (drop()) continue;
        (void)ue.on_ack(ux::to_ack(v, "a-" + std::to_string(round), now), now + 100ms);
      }
      // The network never accepts more than maxResponses, and the UE never counts a response
      // the network did not accept.
      CHECK(accepted_ids.size() <= o.max_responses);
      CHECK(ue.accepted() <= accepted_ids.size());
      CHECK(g.stats().by_status[0] == accepted_ids.size());
      if (ue.accepted() > 0) ++some_accepted;
      if (ue.state() == ux::ue_state::acknowledged) ++acknowledged;
      if (ue.state() == ux::ue_state::expired) ++expired;
    }
    MESSAGE(acknowledged, " runs ended acknowledged, ", expired, " expired, ", some_accepted,
            " with an acceptance the UE saw, ", duplicates_seen, " duplicates");
    // With 45 % loss each way, one send and its ack get through with p = 0.3: the four sends
    // of a response fail with p = 0.24, so most runs see at least one acceptance.
    CHECK(acknowledged + expired == 300);
    CHECK(some_accepted > 200);
    CHECK(duplicates_seen > 0);
  }
}
