// Stateful split inference (docs/aidf.md "Stateful sequences"): an LLM decoding step or a
// streaming ASR frame changes state that the next step builds on, so a step that is lost,
// replayed or applied out of order corrupts every step after it. Each frame of such a
// sequence carries a SEQUENCE_STEP TLV (format.hpp); the receiver's sequence_tracker
// applies a step only when it continues the state exactly, and reports every other step
// with a reason. Recovery is the ack/resume exchange of the 3gpp-aiml control channel
// (sequence-ack, sequence-resume): the sender keeps its inputs back to the last ack, and
// on a resume it opens a new epoch with a reset step at the position the receiver holds.
// Like Triton's sequence batcher (correlation id, START, END), but over a channel that may
// lose and reorder: nothing is applied on trust. Both classes are sans-IO.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <imsdp/aiml/intermediate/format.hpp>
#include <imsdp/result.hpp>
#include <optional>
#include <string_view>
#include <vector>

namespace imsdp::aiml::intermediate {

struct sequence_limits {
  /// Sequences open at once on one receiver; a start beyond it is limit_exceeded.
  std::size_t max_sequences = 256;
  /// Finished (end step applied, or forgotten) sequence ids remembered, so that their late
  /// or replayed steps are `ended` and a replayed start does not open them again.
  std::size_t remembered_ended = 64;
  /// No step applied for this long: `expire` reports the sequence once, so the host can ask
  /// for a resume (the last steps of a sequence leave no gap behind them when lost).
  std::chrono::milliseconds stall_after{1000};
};

enum class step_verdict : std::uint8_t {
  apply,             // the step continues the state: apply it (see step_decision)
  replayed,          // this epoch's state already holds its position: a duplicate or replay
  stale_epoch,       // sent before a reset that the receiver has applied
  gap,               // steps before it are missing: ask for a resume at `expected`
  unknown_sequence,  // no start step was applied: ask for a resume at position 0
  ended,             // the sequence has finished
  limit_exceeded,    // max_sequences are open
};
[[nodiscard]] std::string_view to_string(step_verdict v) noexcept;

/// What the receiver does with one step. For `apply`: create the state from nothing when
/// `fresh_state`, else truncate it to `rollback_to` when set, then apply the step; free the
/// state after it when `finished`. For any other verdict the state is left as it was and the
/// step must not be applied.
struct step_decision {
  step_verdict verdict = step_verdict::apply;
  std::uint32_t epoch = 0;     // the receiver's epoch after the decision
  std::uint64_t expected = 0;  // the position its state is at after the decision
  bool fresh_state = false;
  std::optional<std::uint64_t> rollback_to;
  bool finished = false;
};

/// Where a sequence's state is: what a sequence-ack or sequence-resume carries.
struct sequence_position {
  std::uint32_t sequence_id = 0;
  std::uint32_t epoch = 0;
  std::uint64_t position = 0;  // every position before it has been applied
  friend bool operator==(sequence_position const&, sequence_position const&) = default;
};

/// The receiver side: decides every step and keeps each open sequence's epoch and position.
class sequence_tracker {
 public:
  using clock = std::chrono::steady_clock;

  explicit sequence_tracker(sequence_limits const& limits = {}) : limits_(limits) {}

  /// Decides `step`; when the verdict is apply, the tracker has advanced and the host must
  /// apply the step (or `forget` the sequence). Rules, for a sequence at epoch E, position N:
  ///  - a step of epoch E applies only at position N (lower: replayed, higher: gap);
  ///  - an earlier epoch is stale;
  ///  - a later epoch applies only through a start (fresh state) or a reset at a position
  ///    at most N (rollback); any other step of a later epoch means its reset was lost: gap;
  ///  - an unknown sequence applies only through a start.
  step_decision offer(sequence_step const& step, clock::time_point now);

  /// Reports, once each, the sequences with no step applied for `stall_after`.
  std::size_t expire(clock::time_point now, std::vector<sequence_position>* stalled);

  /// The state of an open sequence, for a sequence-ack or sequence-resume.
  [[nodiscard]] std::optional<sequence_position> state(std::uint32_t sequence_id) const noexcept;
  /// Ends a sequence without its end step (task-stop, state lost); its id is remembered.
  void forget(std::uint32_t sequence_id);
  [[nodiscard]] std::size_t open_sequences() const noexcept { return open_.size(); }

 private:
  struct open_sequence {
    sequence_position at;
    clock::time_point last_applied{};
    bool stall_reported = false;
  };
  struct ended_sequence {
    std::uint32_t sequence_id = 0;
    std::uint32_t epoch = 0;
  };
  void end(std::size_t index);

  sequence_limits limits_;
  std::vector<open_sequence> open_;
  std::deque<ended_sequence> ended_;
};

/// What the sender does about a sequence-resume.
enum class resume_action : std::uint8_t {
  none,         // nothing to resend: the request is older than the current epoch, or the
                // receiver already holds every position sent
  resend_from,  // send again from `position`; the first step is a reset (a start at 0)
};

struct resume_plan {
  resume_action action = resume_action::none;
  std::uint64_t position = 0;
  std::uint32_t epoch = 0;
};

/// The sender side of one sequence: numbers its steps, opens epochs on resume, and says how
/// far back its inputs must be kept (`acknowledged()`).
class sequence_sender {
 public:
  explicit sequence_sender(std::uint32_t sequence_id, std::uint32_t first_epoch = 0) noexcept
      : id_(sequence_id), epoch_(first_epoch), run_epoch_(first_epoch) {}

  /// The next step, covering `length` positions (1 for a decoding step, the prompt length
  /// for a prefill). The first is a start, the first after a resume a reset; `last` marks the
  /// end. Errors: invalid_argument (length 0, id 0, or the sequence ended and no resume is
  /// pending), limit_exceeded (positions past 2^64).
  result<sequence_step> next(std::uint32_t length, bool last = false);

  /// A sequence-ack: the receiver holds every position before `position` in `epoch`. Acks of
  /// an earlier epoch and older positions are ignored. Errors: invalid_argument (a later
  /// epoch, or a position beyond what was sent in this one).
  result<void> acknowledged(sequence_position const& ack);

  /// A sequence-resume: the receiver's state is at `at` (position 0 when it does not know
  /// the sequence: its start was lost). A request from before a restart gets the new run's
  /// start again; other requests of earlier epochs that are obsolete get none. Errors:
  /// invalid_argument (a later epoch; in this epoch, a position beyond what was sent or
  /// before the last ack, whose inputs are gone), limit_exceeded (no epoch left).
  result<resume_plan> resume(sequence_position const& at);

  /// Starts the sequence again from position 0 in a new epoch (the inputs are gone).
  /// Errors: limit_exceeded (no epoch left).
  result<void> restart();

  [[nodiscard]] std::uint32_t sequence_id() const noexcept { return id_; }
  [[nodiscard]] std::uint32_t epoch() const noexcept { return epoch_; }
  /// The next position to send.
  [[nodiscard]] std::uint64_t position() const noexcept { return next_; }
  /// The highest position sent in this epoch (resends do not lower it).
  [[nodiscard]] std::uint64_t sent() const noexcept { return sent_; }
  /// Inputs from this position on must be kept for a resume.
  [[nodiscard]] std::uint64_t acknowledged() const noexcept { return acked_; }

 private:
  result<void> open_epoch();
  resume_plan resend(std::uint64_t position) noexcept;

  std::uint32_t id_;
  std::uint32_t epoch_;
  std::uint32_t run_epoch_;  // the epoch of the first step since the start or last restart
  std::uint64_t next_ = 0;
  std::uint64_t sent_ = 0;
  std::uint64_t acked_ = 0;
  std::uint16_t pending_ = step_flags::start;  // start or reset for the next step
  bool ended_ = false;                         // the end step was sent at position sent_
};

}  // namespace imsdp::aiml::intermediate
