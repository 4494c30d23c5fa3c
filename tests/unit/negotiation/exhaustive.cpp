// Exhaustive exploration: every event sequence up to a depth, from the initial state, with
// the invariants of tests/support/negotiation_invariants.hpp checked after every event.
// A sequence ends at its depth or at the first event the machine refuses (which changes
// nothing, so its extensions are sequences already explored).
#include <doctest/doctest.h>

#include <cstdlib>
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
}
