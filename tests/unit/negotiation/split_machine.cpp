#include <imsdp/negotiation/split_machine.hpp>
// The header under test first; then what the tests use.
#include <doctest/doctest.h>

#include <imsdp/sdp/parse.hpp>

#include "support/files.hpp"

using namespace imsdp;
using namespace imsdp::negotiation;

static_assert(next_state(split_state::active, split_transition_event::switch_started) ==
              split_state::switching);
static_assert(!next_state(split_state::stopped, split_transition_event::exchange));

namespace {

split_event message(split_message m, bool sent = false, std::optional<std::uint8_t> cfg = {}) {
  split_event e;
  e.message = m;
  e.sent = sent;
  e.cfg = cfg;
  return e;
}

split_event answer(std::vector<std::uint8_t> set) {
  split_event e;
  e.message = split_message::sdp_answer;
  e.configurations = std::move(set);
  return e;
}

}  // namespace

TEST_SUITE("negotiation.split") {
  TEST_CASE("the configurations an SDP answer negotiated, in answer order") {
    auto const doc =
        sdp::parse(test::read_file(test::source_dir() / "examples/ims-datachannel-offer.sdp"));
    REQUIRE(doc);
    CHECK(negotiated_configurations(*doc) == std::vector<std::uint8_t>{1, 2, 3, 4, 5});
    auto const none = sdp::parse("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n");
    REQUIRE(none);
    CHECK(negotiated_configurations(*none).empty());
  }

  TEST_CASE("a refused event changes nothing; accessors follow the machine") {
    split_machine m(split_role::ue, 1);
    CHECK(m.role() == split_role::ue);
    CHECK_FALSE(m.on(message(split_message::task_start_req, true)));
    CHECK(m.state() == split_state::idle);
    REQUIRE(m.on(answer({3, 1})));
    CHECK(m.active() == 3);
    REQUIRE(m.on(message(split_message::task_start_req, true, 1)));
    CHECK(m.outstanding() == split_message::task_start_req);
    auto const r = m.on(message(split_message::task_start_resp));
    REQUIRE(r);
    CHECK(r->state == split_state::active);
    CHECK(m.active() == 1);
    CHECK(m.configurations() == std::vector<std::uint8_t>{3, 1});
    REQUIRE(m.on(message(split_message::split_select, true, 3)));
    CHECK(m.target() == 3);
  }

  TEST_CASE("retry delays of lost glare come from the seed, within 0..2 s") {
    auto const delay = [](std::uint64_t seed) {
      split_machine m(split_role::ue, seed);
      REQUIRE(m.on(answer({1})));
      REQUIRE(m.on(message(split_message::task_start_req, true)));
      auto e = message(split_message::error);
      e.code = 409;
      auto const r = m.on(e);
      REQUIRE(r);
      REQUIRE(r->actions.size() == 1);
      CHECK(r->actions[0].type == split_action_type::retry);
      CHECK(r->actions[0].delay_ms <= 2000);
      CHECK(r->actions[0].delay_ms % 10 == 0);
      return r->actions[0].delay_ms;
    };
    CHECK(delay(4) == delay(4));
    CHECK(to_string(split_action{}) == "stop");
  }
}
