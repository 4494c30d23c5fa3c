// sequence_steps: the stateful-sequence machines (aiml/intermediate/sequence.hpp).
// The input chooses a mode:
//  - hostile: any steps, at any time, against one tracker. Oracles: a step is applied only
//    where it continues a reference copy of the state (after a fresh start or rollback), so
//    no step is ever applied out of place; a refused step changes nothing; epochs of a
//    sequence never go back; the open sequences stay within the limit.
//  - channel: a sender and a tracker joined by a data channel that the input makes lose,
//    duplicate and reorder steps, with acks and resumes on the reliable control channel.
//    The sender may restart (its inputs are gone). Oracles: every step continues the state;
//    every sender call on a receiver's report succeeds; once the channel stops losing,
//    resumes bring the receiver to the sender's position, holding the last run's inputs.
#include <algorithm>
#include <cstdint>
#include <imsdp/aiml/intermediate/sequence.hpp>
#include <map>
#include <vector>

#include "fuzz_check.hpp"
#include "script.hpp"

namespace aidf = imsdp::aiml::intermediate;
using aidf::step_verdict;

namespace {

using clock = aidf::sequence_tracker::clock;

// What the sender's input at `position` is in its `run` (a restart begins a new run).
std::uint64_t content(std::uint32_t run, std::uint64_t position) {
  return (std::uint64_t{run} << 40) + position;
}

// The host's model of one sequence: the inputs it holds, position by position.
struct model {
  std::uint32_t epoch = 0;
  std::vector<std::uint64_t> held;
};

// Applies `d` for `s` to the reference copy and checks the tracker's promises.
void apply(std::map<std::uint32_t, model>& models, aidf::sequence_step const& s,
           aidf::step_decision const& d, std::uint32_t run = 0) {
  auto& m = models[s.sequence_id];
  if (d.fresh_state) m.held.clear();
  if (d.rollback_to) {
    IMSDP_FUZZ_CHECK(*d.rollback_to <= m.held.size(), "a rollback goes back, never forward");
    m.held.resize(*d.rollback_to);
  }
  IMSDP_FUZZ_CHECK(m.held.size() == s.position, "a step is applied where the state ends");
  IMSDP_FUZZ_CHECK(d.epoch >= m.epoch, "epochs never go back");
  m.epoch = d.epoch;
  for (std::uint64_t p = s.position; p < s.position + s.length; ++p)
    m.held.push_back(content(run, p));
  IMSDP_FUZZ_CHECK(d.expected == m.held.size(), "the tracker's position is the state's end");
  if (d.finished) models.erase(s.sequence_id);
}

void hostile(imsdp::fuzz::script& in) {
  aidf::sequence_limits limits;
  limits.max_sequences = in.pick(1, 4);
  limits.remembered_ended = in.pick(0, 3);
  limits.stall_after = std::chrono::milliseconds(in.pick(1, 50));
  aidf::sequence_tracker tracker(limits);
  std::map<std::uint32_t, model> models;
  int now = 0;
  while (!in.empty()) {
    now += static_cast<int>(in.pick(0, 20));
    auto const when = clock::time_point{} + std::chrono::milliseconds(now);
    if (in.pick(0, 15) == 0) {
      std::vector<aidf::sequence_position> stalled;
      tracker.expire(when, &stalled);
      for (auto const& p : stalled)
        IMSDP_FUZZ_CHECK(tracker.state(p.sequence_id) == p, "a stall reports the state");
      continue;
    }
    aidf::sequence_step s;
    s.sequence_id = in.pick(1, 5);
    s.epoch = in.pick(0, 3);
    s.flags = static_cast<std::uint16_t>(in.pick(0, 7));
    if ((s.flags & 5) == 5) s.flags &= 3;  // start with reset: the decoder refuses it
    s.position = s.start() ? 0 : in.pick(0, 12);
    s.length = in.pick(1, 3);
    auto const before = tracker.state(s.sequence_id);
    auto const d = tracker.offer(s, when);
    if (d.verdict == step_verdict::apply) {
      apply(models, s, d);
    } else {
      IMSDP_FUZZ_CHECK(tracker.state(s.sequence_id) == before, "a refused step changes nothing");
      IMSDP_FUZZ_CHECK(!d.fresh_state && !d.rollback_to && !d.finished, "nothing to apply");
    }
    IMSDP_FUZZ_CHECK(tracker.open_sequences() <= limits.max_sequences, "open sequences bounded");
    IMSDP_FUZZ_CHECK(tracker.open_sequences() == models.size(), "open sequences are the models");
  }
}

void channel(imsdp::fuzz::script& in) {
  aidf::sequence_sender sender(3);
  aidf::sequence_tracker tracker;
  std::map<std::uint32_t, model> models;
  std::vector<aidf::sequence_step> wire;
  std::vector<std::uint32_t> run_starts{0};  // the first epoch of each run
  auto run_of = [&](std::uint32_t epoch) {
    return static_cast<std::uint32_t>(
        std::upper_bound(run_starts.begin(), run_starts.end(), epoch) - run_starts.begin() - 1);
  };
  auto deliver = [&](aidf::sequence_step const& s) {
    auto const d = tracker.offer(s, {});
    if (d.verdict == step_verdict::apply) {
      apply(models, s, d, run_of(s.epoch));
      if (in.pick(0, 1) == 1) {
        IMSDP_FUZZ_CHECK(sender.acknowledged({3, d.epoch, d.expected}).has_value(), "acks fit");
      }
      return;
    }
    aidf::sequence_position at{3, d.epoch, d.expected};
    if (d.verdict == step_verdict::unknown_sequence) at = {3, s.epoch, 0};
    if (d.verdict == step_verdict::gap || d.verdict == step_verdict::unknown_sequence) {
      IMSDP_FUZZ_CHECK(sender.resume(at).has_value(), "the sender accepts every resume");
    }
  };
  while (!in.empty() && sender.sent() < 4096) {
    switch (in.pick(0, 4)) {
      case 0:
      case 1: {
        auto const s = sender.next(in.pick(1, 4));
        IMSDP_FUZZ_CHECK(s.has_value(), "steps can always be sent");
        if (in.pick(0, 3) != 0) wire.push_back(*s);  // a quarter lost
        break;
      }
      case 2:
        if (!wire.empty()) {
          auto const k = in.take(2) % wire.size();
          auto const s = wire[k];
          if (in.pick(0, 1) == 0) wire.erase(wire.begin() + static_cast<std::ptrdiff_t>(k));
          deliver(s);
        }
        break;
      case 3:
        if (!wire.empty()) wire.erase(wire.begin());  // lost in flight
        break;
      default:
        if (in.pick(0, 7) == 0 && sender.restart()) {
          run_starts.push_back(sender.epoch());
        } else if (auto const held = tracker.state(3)) {
          IMSDP_FUZZ_CHECK(sender.resume(*held).has_value(), "a stall probe is accepted");
        }
        break;
    }
  }
  for (auto const& s : wire)
    deliver(s);
  if (sender.sent() == 0) return;  // restarted, and the new run has not begun
  auto held = [&] { return tracker.state(3).value_or(aidf::sequence_position{3, 0, 0}); };
  // The receiver reports where it is (a stall probe) until the sender has nothing to resend.
  for (int round = 0; round < 3; ++round) {
    auto const plan = sender.resume(held());
    IMSDP_FUZZ_CHECK(plan.has_value(), "a final resume is accepted");
    if (plan->action == aidf::resume_action::none) break;
    while (sender.position() < sender.sent())
      deliver(*sender.next(1));
  }
  IMSDP_FUZZ_CHECK(held().position == sender.sent(), "resumes catch the receiver up");
  auto const run = static_cast<std::uint32_t>(run_starts.size() - 1);
  auto const& state = models[3].held;
  for (std::uint64_t p = 0; p < state.size(); ++p)
    IMSDP_FUZZ_CHECK(state[p] == content(run, p), "the state holds the last run's inputs only");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  imsdp::fuzz::script in{std::span(data, size)};
  if (in.pick(0, 1) == 1)
    hostile(in);
  else
    channel(in);
  return 0;
}
