// Stateful sequences: every rule of sequence_tracker::offer, the sender's ack/resume
// bookkeeping, and a lossy, reordering, duplicating channel on which the receiver's state
// must always equal the sender's inputs up to its position (nothing applied silently), and
// must catch up once the channel recovers.
#include <doctest/doctest.h>

#include <algorithm>
#include <imsdp/aiml/intermediate/check.hpp>
#include <imsdp/aiml/intermediate/decoder.hpp>
#include <imsdp/aiml/intermediate/encoder.hpp>
#include <imsdp/aiml/intermediate/sequence.hpp>
#include <random>
#include <vector>

#include "unit/aiml/intermediate/frames.hpp"

namespace aidf = imsdp::aiml::intermediate;
using namespace std::chrono_literals;
using aidf::step_verdict;

namespace {

aidf::sequence_tracker::clock::time_point at(int ms) {
  return aidf::sequence_tracker::clock::time_point{} + std::chrono::milliseconds(ms);
}

aidf::sequence_step step(std::uint32_t epoch, std::uint64_t position, std::uint32_t length = 1,
                         std::uint16_t flags = 0, std::uint32_t id = 7) {
  return {id, epoch, position, length, flags};
}

step_verdict verdict(aidf::sequence_tracker& t, aidf::sequence_step const& s, int ms = 0) {
  return t.offer(s, at(ms)).verdict;
}

}  // namespace

TEST_CASE("sequence: a frame carries its step, and the decoder checks the TLV") {
  auto const payload = imsdp::test::pattern(16, 1);
  auto e = imsdp::test::worked_example_input(payload, aidf::dtype::uint8, {16});
  aidf::sequence_step const s{9, 2, 40, 3, aidf::step_flags::reset | aidf::step_flags::end};
  auto const value = aidf::sequence_step_value(s);
  e.tlv = {aidf::tlv_type::sequence_step, value};
  e.header.flags = 0;  // a step that is not a start depends on the state
  auto const bytes = imsdp::test::encode(e.input());
  REQUIRE_FALSE(bytes.empty());
  auto const frame = aidf::decode_frame(bytes);
  REQUIRE(frame);
  REQUIRE(frame->sequence_step());
  CHECK(*frame->sequence_step() == s);

  // A stateful configuration takes only steps, and any other only frames without one.
  aidf::negotiated_configuration config;
  config.config_id = 1;
  config.partition_id = 2;
  auto const stray = aidf::check_frame(*frame, config);
  REQUIRE_FALSE(stray);
  CHECK(stray.error().code == imsdp::errc::config_mismatch);
  CHECK(stray.error().where.offset == 64);  // the TLV
  config.stateful = true;
  CHECK(aidf::check_frame(*frame, config));
  auto const plain_bytes = imsdp::test::encode(
      imsdp::test::worked_example_input(payload, aidf::dtype::uint8, {16}).input());
  auto const plain = aidf::decode_frame(plain_bytes);
  REQUIRE(plain);
  CHECK(aidf::check_frame(*plain, config).error().where.offset == 26);

  auto refused = [&](aidf::sequence_step bad, std::uint32_t header_flags = 0) {
    auto const v = aidf::sequence_step_value(bad);
    e.tlv = {aidf::tlv_type::sequence_step, v};
    e.header.flags = header_flags;
    return imsdp::test::encode(e.input()).empty();
  };
  CHECK(refused({0, 0, 0, 1, aidf::step_flags::start}));  // id 0
  CHECK(refused({1, 0, 0, 0, aidf::step_flags::start}));  // length 0
  CHECK(refused({1, 0, 5, 1, aidf::step_flags::start}));  // start not at 0
  CHECK(refused({1, 0, UINT64_MAX, 1, 0}));               // past 2^64
  CHECK(refused({1, 0, 0, 1, aidf::step_flags::start | aidf::step_flags::reset}));
  CHECK(refused({1, 0, 0, 1, 8}));                            // unknown flag
  CHECK(refused({1, 0, 3, 1, 0}, aidf::flags::independent));  // depends on state
  CHECK_FALSE(refused({1, 0, 0, 1, aidf::step_flags::start}, aidf::flags::independent));
}

TEST_CASE("sequence: the tracker applies only the step that continues the state") {
  aidf::sequence_tracker t;
  CHECK(verdict(t, step(0, 0)) == step_verdict::unknown_sequence);  // no start seen
  auto const first = t.offer(step(0, 0, 4, aidf::step_flags::start), at(0));
  CHECK(first.verdict == step_verdict::apply);
  CHECK(first.fresh_state);
  CHECK(first.expected == 4);
  CHECK(verdict(t, step(0, 4)) == step_verdict::apply);
  CHECK(verdict(t, step(0, 4)) == step_verdict::replayed);  // a duplicate
  CHECK(verdict(t, step(0, 0, 4, aidf::step_flags::start)) == step_verdict::replayed);
  auto const gap = t.offer(step(0, 7), at(0));  // 5 and 6 are missing
  CHECK(gap.verdict == step_verdict::gap);
  CHECK(gap.expected == 5);
  CHECK(verdict(t, step(1, 9)) == step_verdict::gap);  // a later epoch without its reset
  CHECK(verdict(t, step(1, 6, 1, aidf::step_flags::reset)) == step_verdict::gap);  // beyond 5
  CHECK(t.state(7) == aidf::sequence_position{7, 0, 5});

  SUBCASE("a reset rolls back and opens the epoch; earlier epochs are stale") {
    auto const r = t.offer(step(1, 3, 2, aidf::step_flags::reset), at(0));
    CHECK(r.verdict == step_verdict::apply);
    CHECK(r.rollback_to == 3u);
    CHECK_FALSE(r.fresh_state);
    CHECK(r.expected == 5);
    CHECK(verdict(t, step(0, 5)) == step_verdict::stale_epoch);
    CHECK(verdict(t, step(1, 3, 2, aidf::step_flags::reset)) == step_verdict::replayed);
    CHECK(verdict(t, step(1, 5)) == step_verdict::apply);
  }
  SUBCASE("a start of a later epoch begins from nothing") {
    auto const r = t.offer(step(4, 0, 1, aidf::step_flags::start), at(0));
    CHECK(r.fresh_state);
    CHECK(r.expected == 1);
  }
  SUBCASE("the end step finishes it; late and replayed steps are ended, not reopened") {
    auto const r = t.offer(step(0, 5, 1, aidf::step_flags::end), at(0));
    CHECK(r.finished);
    CHECK(t.open_sequences() == 0);
    CHECK(verdict(t, step(0, 6)) == step_verdict::ended);
    CHECK(verdict(t, step(0, 0, 4, aidf::step_flags::start)) == step_verdict::ended);
    CHECK(verdict(t, step(1, 0, 1, aidf::step_flags::start)) == step_verdict::apply);
  }
}

TEST_CASE("sequence: limits and stalls") {
  aidf::sequence_limits limits;
  limits.max_sequences = 2;
  limits.remembered_ended = 1;
  limits.stall_after = 100ms;
  aidf::sequence_tracker t(limits);
  auto const start = aidf::step_flags::start;
  CHECK(verdict(t, step(0, 0, 1, start, 1), 0) == step_verdict::apply);
  CHECK(verdict(t, step(0, 0, 1, start, 2), 50) == step_verdict::apply);
  CHECK(verdict(t, step(0, 0, 1, start, 3), 50) == step_verdict::limit_exceeded);

  std::vector<aidf::sequence_position> stalled;
  CHECK(t.expire(at(120), &stalled) == 1);  // sequence 1: no step since 0 ms
  CHECK(stalled == std::vector<aidf::sequence_position>{{1, 0, 1}});
  CHECK(t.expire(at(500), &stalled) == 1);  // sequence 2 now; 1 is reported once
  CHECK(verdict(t, step(0, 1, 1, 0, 1), 510) == step_verdict::apply);
  CHECK(t.expire(at(700), nullptr) == 1);  // applied again, so it may stall again

  t.forget(1);
  t.forget(2);  // pushes 1 out of the one remembered id
  CHECK(verdict(t, step(0, 1, 1, 0, 2)) == step_verdict::ended);
  CHECK(verdict(t, step(0, 2, 1, 0, 1)) == step_verdict::unknown_sequence);
}

TEST_CASE("sequence: the sender numbers steps and answers acks and resumes") {
  aidf::sequence_sender s(7);
  auto const a = s.next(5);
  REQUIRE(a);
  CHECK(*a == step(0, 0, 5, aidf::step_flags::start));
  CHECK(*s.next(1) == step(0, 5));
  CHECK(*s.next(1) == step(0, 6));
  CHECK(s.sent() == 7);
  CHECK(s.acknowledged({7, 0, 6}));
  CHECK(s.acknowledged() == 6);
  CHECK(s.acknowledged({7, 0, 5}));  // older: ignored
  CHECK(s.acknowledged() == 6);
  CHECK_FALSE(s.acknowledged({7, 0, 8}));  // never sent
  CHECK_FALSE(s.acknowledged({7, 1, 6}));  // an epoch not opened
  CHECK_FALSE(s.acknowledged({8, 0, 6}));  // another sequence

  CHECK(s.resume({7, 0, 7})->action == aidf::resume_action::none);  // holds everything
  CHECK_FALSE(s.resume({7, 0, 5}));                                 // before the ack
  auto const plan = s.resume({7, 0, 6});
  REQUIRE(plan);
  CHECK(plan->action == aidf::resume_action::resend_from);
  CHECK(plan->position == 6);
  CHECK(plan->epoch == 1);
  CHECK(*s.next(1) == step(1, 6, 1, aidf::step_flags::reset));
  // The same request again (the receiver had not seen the reset): resend, same epoch.
  auto const again = s.resume({7, 0, 6});
  CHECK(again->action == aidf::resume_action::resend_from);
  CHECK(again->epoch == 1);
  CHECK(*s.next(1, true) == step(1, 6, 1, aidf::step_flags::reset | aidf::step_flags::end));
  CHECK_FALSE(s.next(1));  // ended
  CHECK(s.restart());
  CHECK(*s.next(2) == step(2, 0, 2, aidf::step_flags::start));
  CHECK(s.acknowledged({7, 1, 7}));  // late, from before the restart: ignored
  CHECK(s.acknowledged() == 0);
  // A receiver still on the old run gets the new run's start again, never a reset.
  auto const old_run = s.resume({7, 1, 7});
  REQUIRE(old_run);
  CHECK(old_run->action == aidf::resume_action::resend_from);
  CHECK(old_run->position == 0);
  CHECK(*s.next(2) == step(2, 0, 2, aidf::step_flags::start));
  CHECK(s.acknowledged({7, 2, 2}));
  CHECK(s.resume({7, 1, 7})->action == aidf::resume_action::none);  // acknowledged since
  CHECK_FALSE(s.next(0));
  // The receiver never saw the start: it asks for position 0, and gets a start again.
  aidf::sequence_sender lost_start(3);
  CHECK(lost_start.next(2));
  CHECK(lost_start.resume({3, 0, 0})->epoch == 1);
  CHECK(*lost_start.next(2) == step(1, 0, 2, aidf::step_flags::start, 3));
  CHECK_FALSE(aidf::sequence_sender(0).next(1));
  aidf::sequence_sender last(1, UINT32_MAX);
  CHECK(last.restart().error().code == imsdp::errc::limit_exceeded);
}

namespace {

// One run over a channel that loses, duplicates and reorders steps; the control channel
// (acks, resumes) is reliable, as 3gpp-aiml is. Content of position p is p * 31 + 7.
void lossy_run(std::uint32_t seed, double loss) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0, 1);
  aidf::sequence_sender sender(5);
  aidf::sequence_tracker receiver;
  std::vector<std::uint64_t> state;  // what the receiver's model holds, position by position
  std::vector<aidf::sequence_step> channel;
  std::size_t applied = 0, refused = 0;
  auto deliver = [&](aidf::sequence_step const& s) {
    auto const d = receiver.offer(s, at(0));
    if (d.verdict != step_verdict::apply) {
      ++refused;
      if (d.verdict == step_verdict::gap) REQUIRE(sender.resume({5, d.epoch, d.expected}));
      if (d.verdict == step_verdict::unknown_sequence) REQUIRE(sender.resume({5, s.epoch, 0}));
      return;
    }
    ++applied;
    if (d.fresh_state) state.clear();
    if (d.rollback_to) state.resize(*d.rollback_to);
    REQUIRE(state.size() == s.position);  // the step continues the state exactly
    for (std::uint64_t p = s.position; p < s.position + s.length; ++p)
      state.push_back(p * 31 + 7);
    if (u(rng) < 0.3) REQUIRE(sender.acknowledged({5, d.epoch, d.expected}));
  };
  for (int i = 0; i < 400; ++i) {
    auto const length = static_cast<std::uint32_t>(1 + rng() % 3);
    auto const s = sender.next(length);
    REQUIRE(s);
    if (u(rng) >= loss) channel.push_back(*s);
    if (u(rng) < 0.05 && !channel.empty()) channel.push_back(channel[rng() % channel.size()]);
    while (!channel.empty() && u(rng) < 0.6) {
      auto const k = channel.size() > 1 && u(rng) < 0.2 ? channel.size() - 2 : channel.size() - 1;
      auto const next = channel[k];
      channel.erase(channel.begin() + static_cast<std::ptrdiff_t>(k));
      deliver(next);
    }
  }
  // The data channel recovers: deliver what is in flight, then resume until caught up.
  for (auto const& s : channel)
    deliver(s);
  auto held = [&] { return receiver.state(5).value_or(aidf::sequence_position{5, 0, 0}); };
  for (int round = 0; round < 4 && sender.sent() != held().position; ++round) {
    REQUIRE(sender.resume(held()));
    while (sender.position() < sender.sent())
      deliver(*sender.next(1));
  }
  CHECK(held().position == sender.sent());
  REQUIRE(state.size() == sender.sent());
  for (std::uint64_t p = 0; p < state.size(); ++p)
    REQUIRE(state[p] == p * 31 + 7);
  CHECK(applied > 0);
  if (loss > 0) CHECK(refused > 0);
}

}  // namespace

TEST_CASE("sequence: over a lossy, reordering channel the state is never corrupted") {
  for (std::uint32_t seed = 1; seed <= 20; ++seed) {
    CAPTURE(seed);
    lossy_run(seed, 0.0);
    lossy_run(seed, 0.01);
    lossy_run(seed, 0.2);
  }
}
