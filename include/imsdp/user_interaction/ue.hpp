// The UE side of one interaction (design section 13.6): presented -> responded ->
// acknowledged | expired | withdrawn. Sans-IO with the clock injected, like the guard: the
// host shows the offer, sends the bytes this machine gives it and arms the one timer it names.
//
// - respond() writes the response once and checks it against the offer as the guard will
//   (its answers, free text, the response limits), so a UE never sends what the network must
//   refuse for its content.
// - Until an ack for that response arrives, the identical bytes are sent again 2, 4 and 8 s
//   after the first send. The guard answers a resend of an accepted response with
//   `duplicate`, which counts as success (rule 8), and judges a resend of a refused one
//   afresh.
// - A `rate-limited` ack re-arms the send after its retryAfter, with the 2, 4, 8 s resends
//   counted again from that send.
// - `invalid` and `consent-missing` are final for that response; the user may answer again
//   (a new id) while the offer's maxResponses has room, as after an accepted one.
// - `expired` from the network, the offer's expiry, or a `withdraw` end the interaction.
#pragma once

#include <array>
#include <cstdint>
#include <imsdp/result.hpp>
#include <imsdp/user_interaction/message.hpp>
#include <optional>
#include <string>
#include <vector>

namespace imsdp::user_interaction {

enum class ue_state : std::uint8_t { presented, responded, acknowledged, expired, withdrawn };
[[nodiscard]] std::string_view to_string(ue_state s) noexcept;

/// What the host does after an event.
struct ue_step {
  ue_state state = ue_state::presented;
  bool send = false;                  // send response_text() now (a first send or a resend)
  std::optional<time_point> wake;     // call on_timer() at this time; none: no timer
  std::optional<ack_status> outcome;  // the status of the ack this event applied
  bool ignored = false;  // the event was not for this interaction or came too late; no change
};

class ue_interaction {
 public:
  /// Resends after the first send, in seconds from it.
  static constexpr std::array<std::int64_t, 3> resend_after = {2, 4, 8};

  /// An offer that verify_offer() passed, presented at `now`. The step to start with is
  /// step(): its wake is the offer's expiry.
  ue_interaction(offer o, time_point now);

  /// The user's answers, as response `id`. Errors, with nothing changed:
  /// - invalid_state when the interaction is not presented or acknowledged, or the offer's
  ///   maxResponses are used up;
  /// - ui_expired when now is past the offer's expiry;
  /// - invalid_argument for the id of the current response or of an accepted one (the
  ///   network would take it for a retransmission);
  /// - the checks the guard runs on content (ui_unknown_reference, ui_cardinality, ui_limit,
  ///   the reader's), with the JSON pointer into the response.
  [[nodiscard]] result<ue_step> respond(std::string id, std::vector<answer> answers,
                                        std::optional<std::string> text, time_point now);
  /// An ack from the network. One for another offer or an earlier response, or a repeat of
  /// one already applied, is ignored.
  ue_step on_ack(ack const& a, time_point now);
  /// A withdraw from the network (session end, opt-out, superseded, policy).
  ue_step on_withdraw(withdraw const& w, time_point now);
  /// The timer the last step named fired (an early or late call is fine: only what is due
  /// happens).
  ue_step on_timer(time_point now);

  /// The current state and timer, as a step without effects.
  [[nodiscard]] ue_step step() const;
  [[nodiscard]] ue_state state() const noexcept { return state_; }
  [[nodiscard]] offer const& presented_offer() const noexcept { return offer_; }
  /// The bytes of the current response (empty before respond()).
  [[nodiscard]] std::string const& response_text() const noexcept { return text_; }
  /// Responses the network accepted (an ack accepted or duplicate).
  [[nodiscard]] std::uint32_t accepted() const noexcept { return accepted_; }
  /// Sends of the current response so far (1 + resends).
  [[nodiscard]] std::uint32_t sends() const noexcept { return sends_; }

 private:
  ue_step make_step(bool send, std::optional<ack_status> outcome = {}) const;
  void finish(ue_state s) noexcept;

  offer offer_;
  ue_state state_ = ue_state::presented;
  std::string text_;  // the current response, byte-identical on resend
  std::string response_id_;
  std::vector<std::string> accepted_ids_;  // at most the offer's maxResponses
  std::optional<time_point> next_send_;    // the next (re)send of the current response
  time_point first_send_{};                // of the current attempt (after a rate limit too)
  std::uint32_t resends_ = 0;              // of the current attempt
  std::uint32_t sends_ = 0;
  std::uint32_t accepted_ = 0;
};

}  // namespace imsdp::user_interaction
