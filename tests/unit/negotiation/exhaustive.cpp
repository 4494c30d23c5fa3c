// Exhaustive exploration: every event sequence up to a depth, from the initial state, with
// the invariants of tests/support/negotiation_invariants.hpp checked after every event.
// A sequence ends at its depth or at the first event the machine refuses (which changes
// nothing, so its extensions are sequences already explored).
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <imsdp/negotiation/answer.hpp>
#include <imsdp/negotiation/session.hpp>
#include <set>

#include "support/negotiation_invariants.hpp"

using namespace imsdp;

namespace {

// Depth 6 keeps the asan build in seconds; IMSDP_EXPLORE_DEPTH=8 explores deeper by hand.
int depth() {
  char const* env = std::getenv("IMSDP_EXPLORE_DEPTH");
  int const d = env != nullptr ? std::atoi(env) : 6;
  return d >= 6 ? d : 6;
}

/// A depth-first run over `size` events. `apply(m, i, next)` applies event i to a copy of
/// m: it returns nullopt when the event cannot be built for m, else whether m accepted it,
/// with `why` set when an invariant broke. `extra(m, explore)` may explore more machines
/// (a fork).
template <class Machine>
struct exploration {
  std::size_t size = 0;
  std::function<std::optional<bool>(Machine const&, std::size_t, Machine&, std::string&)> apply;
  std::function<bool(Machine const&, Machine&)> extra;
  std::size_t sequences = 0;
  std::size_t events = 0;
  std::size_t accepted = 0;
  std::set<std::pair<decltype(std::declval<Machine>().state()),
                     decltype(std::declval<Machine>().state())>>
      changes;
  std::vector<std::size_t> path;
  std::string failure;

  void explore(Machine const& m, int left) {
    if (left == 0 || !failure.empty()) {
      ++sequences;
      return;
    }
    for (std::size_t i = 0; i < size && failure.empty(); ++i) {
      auto next = m;
      std::string why;
      auto const ok = apply(m, i, next, why);
      if (ok) ++events;
      if (!why.empty()) {
        failure = "event " + std::to_string(i) + " in " + std::string(to_string(m.state())) + ": " +
                  why + " (after events";
        for (auto p : path)
          failure += " " + std::to_string(p);
        failure += ")";
        return;
      }
      if (!ok || !*ok) {
        ++sequences;
        continue;
      }
      ++accepted;
      changes.insert({m.state(), next.state()});
      path.push_back(i);
      explore(next, left - 1);
      path.pop_back();
    }
    Machine other = m;
    if (extra && extra(m, other) && failure.empty()) {
      path.push_back(size);
      explore(other, left - 1);
      path.pop_back();
    }
  }
};

// The VoLTE flows of RFC 3312 (segmented and e2e qos preconditions, TS 24.229 6.1.1),
// as the callee: the caller's INVITE and UPDATE offers, our answers with the bearer down
// or up, PRACK, our own UPDATE once our bearer is up, ringing and the 2xx.
struct precondition_alphabet {
  static constexpr std::string_view head =
      "v=0\r\no=caller 1 {} IN IP4 198.51.100.2\r\ns=-\r\nc=IN IP4 198.51.100.2\r\nt=0 0\r\n"
      "m=audio 50000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
  static negotiation::description body(int version, std::string_view tables) {
    return test::parse_body(fmt::format(fmt::runtime(head), version) + std::string(tables));
  }
  negotiation::description segmented =
      body(1,
           "a=curr:qos local none\r\na=curr:qos remote none\r\na=des:qos mandatory local "
           "sendrecv\r\na=des:qos mandatory remote sendrecv\r\n");
  negotiation::description segmented_update =
      body(2,
           "a=curr:qos local sendrecv\r\na=curr:qos remote none\r\na=des:qos mandatory local "
           "sendrecv\r\na=des:qos mandatory remote sendrecv\r\n");
  negotiation::description e2e =
      body(1, "a=curr:qos e2e none\r\na=des:qos mandatory e2e sendrecv\r\n");
  negotiation::description e2e_update =
      body(2, "a=curr:qos e2e sendrecv\r\na=des:qos mandatory e2e sendrecv\r\n");
  // The caller's answer to our UPDATE: both segments up, as it sees them.
  negotiation::description update_answer =
      body(3,
           "a=curr:qos local sendrecv\r\na=curr:qos remote sendrecv\r\na=des:qos mandatory "
           "local sendrecv\r\na=des:qos mandatory remote sendrecv\r\n");
  negotiation::capabilities down = [] {
    auto c = test::alphabet_capabilities();
    c.data_channel.reset();
    c.preconditions = negotiation::precondition_capabilities{};
    return c;
  }();
  negotiation::capabilities up = [this] {
    auto c = down;
    c.preconditions->current = sdp::precondition_direction::sendrecv;
    return c;
  }();

  static constexpr std::size_t size = 14;
  static constexpr std::size_t alert = 10;
  static constexpr std::size_t accept = 11;

  std::optional<negotiation::event> make(std::size_t i, negotiation::signalling_machine const& m) {
    using negotiation::event;
    using negotiation::sip_method;
    auto const answer = [&](negotiation::capabilities const& caps, bool reliable) {
      if (!m.pending_remote()) return std::optional<event>();
      auto const a = negotiation::create_answer(*m.pending_remote(), caps, m.last_local());
      if (!a) return std::optional<event>();
      return std::optional<event>(event::answer(a->sdp, reliable));
    };
    switch (i) {
      case 0:
        return event::request(sip_method::invite, segmented);
      case 1:
        return event::request(sip_method::invite, e2e);
      case 2:
        return answer(down, true);
      case 3:
        return answer(up, true);
      case 4:
        return answer(up, false);
      case 5:
        return event::request(sip_method::prack);
      case 6:
        return event::request(sip_method::update, segmented_update);
      case 7:
        return event::request(sip_method::update, e2e_update);
      case 8: {  // our bearer is up: tell the caller (RFC 3312 section 8)
        if (!m.current_local() || !m.current_remote()) return std::nullopt;
        auto const offer = negotiation::update_preconditions(*m.current_local(),
                                                             sdp::precondition_direction::sendrecv,
                                                             m.current_remote(), m.last_local());
        if (!offer) return std::nullopt;
        return event::offer(*offer, negotiation::carrier::update);
      }
      case 9:
        return event::response(sip_method::update, 200, update_answer);
      case alert:
        return event::alert();
      case accept:
        return event::accept();
      case 12:
        return event::request(sip_method::ack);
      case 13:
        return event::reject(580);
      default:
        return std::nullopt;
    }
  }
};

// Whether the machine's current session has a mandatory precondition unmet (RFC 3312 8).
bool unmet(negotiation::signalling_machine const& m) {
  if (!m.current_local() || !m.current_remote()) return false;
  auto const s =
      negotiation::negotiated(*m.current_local(), *m.current_remote(), m.current_local_offerer());
  return std::any_of(
      s.streams.begin(), s.streams.end(),
      [](negotiation::negotiated_stream const& x) { return x.preconditions_met == false; });
}

}  // namespace

TEST_SUITE("negotiation.exhaustive") {
  TEST_CASE("every signalling event sequence up to depth 6 keeps the invariants") {
    test::signalling_alphabet alphabet;
    exploration<negotiation::signalling_machine> x;
    x.size = test::signalling_alphabet::size;
    x.apply = [&](auto const& m, std::size_t i, auto& next, std::string& why) {
      auto const e = alphabet.make(i, m);
      if (!e) return std::optional<bool>();
      auto const r = next.on(*e);
      why = test::check_signalling_step(m, *e, r, next);
      if (why.empty()) why = test::signalling_alphabet::check_ours(i, m, r, next);
      return std::optional<bool>(r.has_value());
    };
    // The machine of another early dialog (forking) goes on from here too.
    x.extra = [](auto const& m, auto& other) {
      auto forked = m.fork(7);
      if (forked) other = *forked;
      return forked.has_value();
    };
    x.explore(negotiation::signalling_machine(1), depth());
    MESSAGE("signalling: " << x.sequences << " sequences, " << x.events << " events (" << x.accepted
                           << " accepted), depth " << depth() << ", " << x.changes.size()
                           << " state changes");
    CHECK(x.failure == "");
    // Every row of the table that changes the state is reached.
    for (auto const& t : negotiation::transitions) {
      CAPTURE(to_string(t.from));
      CAPTURE(to_string(t.event));
      CHECK(x.changes.count({t.from, t.to}) == 1);
    }
  }

  TEST_CASE("every split event sequence up to depth 6 keeps the invariants, both roles") {
    auto const alphabet = test::split_alphabet();
    for (auto role : {negotiation::split_role::ue, negotiation::split_role::network}) {
      exploration<negotiation::split_machine> x;
      x.size = alphabet.size();
      x.apply = [&](auto const& m, std::size_t i, auto& next, std::string& why) {
        auto const r = next.on(alphabet[i]);
        why = test::check_split_step(m, r, next);
        return std::optional<bool>(r.has_value());
      };
      x.explore(negotiation::split_machine(role, 5), depth());
      MESSAGE("split (" << std::string(role == negotiation::split_role::ue ? "ue" : "network")
                        << "): " << x.sequences << " sequences, " << x.events << " events ("
                        << x.accepted << " accepted), depth " << depth() << ", " << x.changes.size()
                        << " state changes");
      CHECK(x.failure == "");
      for (auto const& t : negotiation::split_transitions) {
        CAPTURE(to_string(t.from));
        CAPTURE(to_string(t.event));
        CHECK(x.changes.count({t.from, t.to}) == 1);
      }
    }
  }

  TEST_CASE("every VoLTE precondition flow up to depth 7 rings only when they are met") {
    precondition_alphabet alphabet;
    exploration<negotiation::signalling_machine> x;
    x.size = precondition_alphabet::size;
    std::size_t alerted = 0;
    std::size_t held_back = 0;
    std::size_t met_sessions = 0;
    x.apply = [&](auto const& m, std::size_t i, auto& next, std::string& why) {
      auto const e = alphabet.make(i, m);
      if (!e) return std::optional<bool>();
      auto const r = next.on(*e);
      why = test::check_signalling_step(m, *e, r, next);
      bool const gate = i == precondition_alphabet::alert || i == precondition_alphabet::accept;
      if (why.empty() && gate && r && unmet(m))
        why = "rang or answered with a mandatory precondition unmet (RFC 3312 8)";
      if (why.empty() && gate && !r && r.error().rule == "RFC 3312 8" && !unmet(m) &&
          !(m.pending_remote() && !m.current_local()))
        why = "ringing refused although the preconditions are met";
      if (gate && r) ++alerted;
      if (gate && !r && r.error().rule == "RFC 3312 8") ++held_back;
      if (r && next.current_local() && !unmet(next)) ++met_sessions;
      return std::optional<bool>(r.has_value());
    };
    int const d = depth() + 1;
    x.explore(negotiation::signalling_machine(1), d);
    MESSAGE("preconditions: " << x.sequences << " sequences, " << x.events << " events ("
                              << x.accepted << " accepted), depth " << d << "; " << alerted
                              << " alerts or 2xx sent, " << held_back
                              << " held back by RFC 3312 8, " << met_sessions
                              << " steps with every precondition met");
    CHECK(x.failure == "");
    CHECK(alerted > 0);
    CHECK(held_back > 0);
    CHECK(met_sessions > 0);
  }
}
