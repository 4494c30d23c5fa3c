// Stateful sequences: the receiver's step rules and the sender's ack/resume bookkeeping
// (sequence.hpp, docs/aidf.md "Stateful sequences").
#include <algorithm>
#include <cstdint>
#include <imsdp/aiml/intermediate/sequence.hpp>

namespace imsdp::aiml::intermediate {

std::string_view to_string(step_verdict v) noexcept {
  switch (v) {
    case step_verdict::apply:
      return "apply";
    case step_verdict::replayed:
      return "replayed";
    case step_verdict::stale_epoch:
      return "stale-epoch";
    case step_verdict::gap:
      return "gap";
    case step_verdict::unknown_sequence:
      return "unknown-sequence";
    case step_verdict::ended:
      return "ended";
    case step_verdict::limit_exceeded:
      return "limit-exceeded";
  }
  return "unknown";
}

step_decision sequence_tracker::offer(sequence_step const& step, clock::time_point now) {
  auto const it = std::find_if(open_.begin(), open_.end(), [&](open_sequence const& s) {
    return s.at.sequence_id == step.sequence_id;
  });
  auto refuse = [](step_verdict v, sequence_position const* at) {
    step_decision d;
    d.verdict = v;
    if (at != nullptr) {
      d.epoch = at->epoch;
      d.expected = at->position;
    }
    return d;
  };
  step_decision d;
  std::size_t index = static_cast<std::size_t>(it - open_.begin());
  if (it == open_.end()) {
    auto const ended = std::find_if(ended_.begin(), ended_.end(), [&](ended_sequence const& e) {
      return e.sequence_id == step.sequence_id;
    });
    bool const reopens = step.start() && (ended == ended_.end() || step.epoch > ended->epoch);
    if (!reopens)
      return refuse(ended != ended_.end() ? step_verdict::ended : step_verdict::unknown_sequence,
                    nullptr);
    if (open_.size() >= limits_.max_sequences) return refuse(step_verdict::limit_exceeded, nullptr);
    if (ended != ended_.end()) ended_.erase(ended);
    open_.push_back({{step.sequence_id, step.epoch, 0}, now, false});
    index = open_.size() - 1;
    d.fresh_state = true;
  } else {
    auto const& at = it->at;
    if (step.epoch < at.epoch) return refuse(step_verdict::stale_epoch, &at);
    if (step.epoch == at.epoch) {
      if (step.position < at.position) return refuse(step_verdict::replayed, &at);
      if (step.position > at.position) return refuse(step_verdict::gap, &at);
    } else if (step.start()) {
      d.fresh_state = true;
    } else if (step.reset() && step.position <= at.position) {
      d.rollback_to = step.position;
    } else {
      return refuse(step_verdict::gap, &at);  // the reset that opened step.epoch is missing
    }
  }
  auto& s = open_[index];
  s.at.epoch = step.epoch;
  s.at.position = step.position + step.length;  // no overflow: checked by decode_frame
  s.last_applied = now;
  s.stall_reported = false;
  d.verdict = step_verdict::apply;
  d.epoch = s.at.epoch;
  d.expected = s.at.position;
  if (step.end()) {
    d.finished = true;
    end(index);
  }
  return d;
}

void sequence_tracker::end(std::size_t index) {
  if (limits_.remembered_ended > 0) {
    if (ended_.size() >= limits_.remembered_ended) ended_.pop_front();
    ended_.push_back({open_[index].at.sequence_id, open_[index].at.epoch});
  }
  open_[index] = open_.back();
  open_.pop_back();
}

std::size_t sequence_tracker::expire(clock::time_point now,
                                     std::vector<sequence_position>* stalled) {
  std::size_t count = 0;
  for (auto& s : open_) {
    if (s.stall_reported || now - s.last_applied < limits_.stall_after) continue;
    s.stall_reported = true;
    ++count;
    if (stalled != nullptr) stalled->push_back(s.at);
  }
  return count;
}

std::optional<sequence_position> sequence_tracker::state(std::uint32_t sequence_id) const noexcept {
  for (auto const& s : open_)
    if (s.at.sequence_id == sequence_id) return s.at;
  return std::nullopt;
}

void sequence_tracker::forget(std::uint32_t sequence_id) {
  for (std::size_t i = 0; i < open_.size(); ++i)
    if (open_[i].at.sequence_id == sequence_id) return end(i);
}

result<sequence_step> sequence_sender::next(std::uint32_t length, bool last) {
  if (id_ == 0) return make_error(errc::invalid_argument, "sequence_id");
  if (length == 0) return make_error(errc::invalid_argument, "length");
  if (ended_ && pending_ == 0) return make_error(errc::invalid_argument, "ended");
  if (next_ > UINT64_MAX - length) return make_error(errc::limit_exceeded, "position");
  sequence_step s{id_, epoch_, next_, length, pending_};
  if (last) s.flags |= step_flags::end;
  pending_ = 0;
  next_ += length;
  sent_ = std::max(sent_, next_);
  ended_ = last;
  return s;
}

result<void> sequence_sender::acknowledged(sequence_position const& ack) {
  if (ack.sequence_id != id_) return make_error(errc::invalid_argument, "sequence_id");
  if (ack.epoch > epoch_) return make_error(errc::invalid_argument, "epoch");
  if (ack.epoch < epoch_) return {};  // late: an earlier epoch, or before a restart
  if (ack.position > sent_) return make_error(errc::invalid_argument, "position");
  acked_ = std::max(acked_, ack.position);
  return {};
}

result<void> sequence_sender::open_epoch() {
  if (epoch_ == UINT32_MAX) return make_error(errc::limit_exceeded, "epoch");
  ++epoch_;
  return {};
}

result<resume_plan> sequence_sender::resume(sequence_position const& at) {
  if (at.sequence_id != id_) return make_error(errc::invalid_argument, "sequence_id");
  if (at.epoch > epoch_) return make_error(errc::invalid_argument, "epoch");
  resume_plan const nothing{resume_action::none, next_, epoch_};
  if (at.epoch < run_epoch_) {
    // The receiver holds state of the run before a restart, whose inputs are gone: it needs
    // the new run's start, unless it has acknowledged the new run since.
    return acked_ == 0 ? resend(0) : nothing;
  }
  if (at.epoch < epoch_) {
    // A request from before the last ack or from positions never sent is obsolete.
    if (at.position > sent_ || at.position < acked_) return nothing;
  } else {
    if (at.position > sent_ || at.position < acked_)
      return make_error(errc::invalid_argument, "position");
    if (at.position == sent_) return nothing;
    if (auto r = open_epoch(); !r) return std::move(r).error();
  }
  // A request from an earlier epoch: the reset of this one is lost or still on its way.
  // Sending it again in the same epoch is safe either way: the receiver refuses what it
  // already holds as replayed.
  return resend(at.position);
}

resume_plan sequence_sender::resend(std::uint64_t position) noexcept {
  // At position 0 the receiver holds nothing (it may not know the sequence): a start.
  next_ = position;
  pending_ = position == 0 ? step_flags::start : step_flags::reset;
  ended_ = false;
  return {resume_action::resend_from, next_, epoch_};
}

result<void> sequence_sender::restart() {
  if (auto r = open_epoch(); !r) return r;
  run_epoch_ = epoch_;
  next_ = sent_ = acked_ = 0;
  pending_ = step_flags::start;
  ended_ = false;
  return {};
}

}  // namespace imsdp::aiml::intermediate
