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

struct signalling_exploration {
  test::signalling_alphabet alphabet;
  std::vector<std::size_t> path;
  std::size_t sequences = 0;
  std::size_t events = 0;
  std::size_t accepted = 0;
  std::set<std::pair<negotiation::signalling_state, negotiation::signalling_state>> changes;
  std::string failure;

  void explore(negotiation::signalling_machine const& m, int depth) {
    if (depth == 0 || !failure.empty()) {
      ++sequences;
      return;
    }
    for (std::size_t i = 0; i < test::signalling_alphabet::size && failure.empty(); ++i) {
      auto const e = alphabet.make(i, m);
      if (!e) {
        ++sequences;
        continue;
      }
      auto next = m;
      auto const r = next.on(*e);
      ++events;
      if (auto why = test::check_signalling_step(m, *e, r, next); !why.empty()) {
        failure = "event " + std::to_string(i) + " in " + std::string(to_string(m.state())) + ": " +
                  why + " (after events";
        for (auto p : path)
          failure += " " + std::to_string(p);
        failure += ")";
        return;
      }
      if (!r) {
        ++sequences;
        continue;
      }
      ++accepted;
      changes.insert({m.state(), next.state()});
      path.push_back(i);
      explore(next, depth - 1);
      path.pop_back();
    }
    // The machine of another early dialog (forking) goes on from here too.
    if (auto forked = m.fork(7); forked && failure.empty()) {
      path.push_back(test::signalling_alphabet::size);
      explore(*forked, depth - 1);
      path.pop_back();
    } else {
      ++sequences;
    }
  }
};

struct split_exploration {
  std::vector<negotiation::split_event> alphabet = test::split_alphabet();
  std::vector<std::size_t> path;
  std::size_t sequences = 0;
  std::size_t events = 0;
  std::set<std::pair<negotiation::split_state, negotiation::split_state>> changes;
  std::string failure;

  void explore(negotiation::split_machine const& m, int depth) {
    if (depth == 0 || !failure.empty()) {
      ++sequences;
      return;
    }
    for (std::size_t i = 0; i < alphabet.size() && failure.empty(); ++i) {
      auto next = m;
      auto const r = next.on(alphabet[i]);
      ++events;
      if (auto why = test::check_split_step(m, r, next); !why.empty()) {
        failure = "event " + std::to_string(i) + " in " + std::string(to_string(m.state())) + ": " +
                  why + " (after events";
        for (auto p : path)
          failure += " " + std::to_string(p);
        failure += ")";
        return;
      }
      if (!r) {
        ++sequences;
        continue;
      }
      changes.insert({m.state(), next.state()});
      path.push_back(i);
      explore(next, depth - 1);
      path.pop_back();
    }
  }
};

// Depth 6 keeps the asan build in seconds; IMSDP_EXPLORE_DEPTH=8 explores deeper by hand.
int depth() {
  char const* env = std::getenv("IMSDP_EXPLORE_DEPTH");
  int const d = env != nullptr ? std::atoi(env) : 6;
  return d >= 6 ? d : 6;
}

}  // namespace

TEST_SUITE("negotiation.exhaustive") {
  TEST_CASE("every signalling event sequence up to depth 6 keeps the invariants") {
    signalling_exploration x;
    x.explore(negotiation::signalling_machine(1), depth());
    MESSAGE("signalling: " << x.sequences << " sequences, " << x.events << " events (" << x.accepted
                           << " accepted), depth 6, " << x.changes.size() << " state changes");
    CHECK(x.failure == "");
    // Every row of the table that changes the state is reached.
    for (auto const& t : negotiation::transitions) {
      CAPTURE(to_string(t.from));
      CAPTURE(to_string(t.event));
      CHECK(x.changes.count({t.from, t.to}) == 1);
    }
  }

  TEST_CASE("every split event sequence up to depth 6 keeps the invariants, both roles") {
    for (auto role : {negotiation::split_role::ue, negotiation::split_role::network}) {
      split_exploration x;
      x.explore(negotiation::split_machine(role, 5), depth());
      MESSAGE("split (" << std::string(role == negotiation::split_role::ue ? "ue" : "network")
                        << "): " << x.sequences << " sequences, " << x.events << " events, depth "
                        << depth() << ", " << x.changes.size() << " state changes");
      CHECK(x.failure == "");
      for (auto const& t : negotiation::split_transitions) {
        CAPTURE(to_string(t.from));
        CAPTURE(to_string(t.event));
        CHECK(x.changes.count({t.from, t.to}) == 1);
      }
    }
  }
}
