#include <imsdp/negotiation/signalling.hpp>
// The header under test first; then what the tests use.
#include <doctest/doctest.h>

#include "support/negotiation_invariants.hpp"

using namespace imsdp;
using namespace imsdp::negotiation;

// The table is usable at compile time.
static_assert(next_state(signalling_state::stable, exchange_event::local_offer) ==
              signalling_state::have_local_offer);
static_assert(!next_state(signalling_state::closed, exchange_event::end));
static_assert(!next_state(signalling_state::have_local_offer, exchange_event::local_offer));

TEST_SUITE("negotiation.signalling") {
  TEST_CASE("the table: JSEP rows, every open state ends, nothing leaves closed") {
    for (auto s : {signalling_state::stable, signalling_state::have_local_offer,
                   signalling_state::have_remote_offer, signalling_state::have_local_pranswer,
                   signalling_state::have_remote_pranswer}) {
      CAPTURE(to_string(s));
      CHECK(next_state(s, exchange_event::end) == signalling_state::closed);
      CHECK(next_state(s, exchange_event::no_exchange) == s);
    }
    for (auto const& t : transitions)
      CHECK(t.from != signalling_state::closed);
    // RFC 9429 4.1.8.2: rollback only from the offer states.
    CHECK(next_state(signalling_state::have_local_offer, exchange_event::rollback) ==
          signalling_state::stable);
    CHECK_FALSE(next_state(signalling_state::have_local_pranswer, exchange_event::rollback));
  }

  TEST_CASE("an illegal event is an error and changes nothing") {
    test::signalling_alphabet alphabet;
    signalling_machine m(3);
    auto const r = m.on(event::answer(alphabet.local_offer()));
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::invalid_state);
    CHECK(r.error().where.line == 0);  // negotiation errors carry no text position
    CHECK_FALSE(r.error().rule.empty());
    CHECK(m.state() == signalling_state::stable);
    CHECK_FALSE(m.pending_local());
    CHECK_FALSE(m.call_id_owner());
  }

  TEST_CASE("the owner of the Call-ID is the side of the initial INVITE") {
    test::signalling_alphabet alphabet;
    signalling_machine uac;
    REQUIRE(uac.on(event::offer(alphabet.local_offer())));
    CHECK(uac.call_id_owner());
    CHECK(uac.pending_carrier() == carrier::invite);
    signalling_machine uas;
    REQUIRE(uas.on(event::request(sip_method::invite)));
    CHECK_FALSE(uas.call_id_owner());
  }

  TEST_CASE("the same seed gives the same delays; another seed others") {
    test::signalling_alphabet alphabet;
    auto const delays = [&](std::uint64_t seed) {
      signalling_machine m(seed);
      std::vector<std::uint32_t> out;
      auto const body = test::parse_body(test::bodies::remote_offer);
      REQUIRE(m.on(event::request(sip_method::invite, body)));
      for (int i = 0; i < 20; ++i) {
        auto const r = m.on(event::request(sip_method::invite, body));  // 500 + Retry-After
        REQUIRE(r);
        out.push_back(*r->actions.at(0).retry_after);
      }
      return out;
    };
    CHECK(delays(1) == delays(1));
    CHECK(delays(1) != delays(2));
    for (auto d : delays(5))
      CHECK(d <= 10);
  }

  TEST_CASE("fork: another early dialog of the same initial INVITE") {
    test::signalling_alphabet alphabet;
    signalling_machine m;
    REQUIRE(m.on(event::offer(alphabet.local_offer())));
    auto const b = m.fork(9);
    REQUIRE(b);
    CHECK(b->state() == signalling_state::have_local_offer);
    CHECK(b->pending_local() == alphabet.local_offer());
    CHECK(b->call_id_owner());
    CHECK_FALSE(b->established());
    REQUIRE(m.on(event::rollback()));
    CHECK(m.fork(9).error().code == errc::invalid_state);  // cancelled
  }

  TEST_CASE("trace lines name bodies through the namer") {
    action a;
    a.type = action_type::send_response;
    a.method = sip_method::invite;
    a.status = 183;
    a.reliable = true;
    a.role = body_role::answer;
    a.body = test::parse_body(test::bodies::remote_answer);
    CHECK(to_string(a) == "respond 183 INVITE reliable answer=v1");
    CHECK(to_string(a, [](description const&) { return std::string("x"); }) ==
          "respond 183 INVITE reliable answer=x");
    action retry;
    retry.type = action_type::retry;
    retry.delay_ms = 2500;
    retry.min_delay_ms = 2100;
    retry.max_delay_ms = 4000;
    CHECK(to_string(retry) == "retry after 2500 ms (2100..4000)");
  }
}
