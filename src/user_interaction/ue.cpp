// The UE side of one interaction (ue.hpp; design section 13.6).
#include <fmt/format.h>

#include <algorithm>
#include <imsdp/user_interaction/guard.hpp>
#include <imsdp/user_interaction/ue.hpp>

#include "user_interaction/answers.hpp"

namespace imsdp::user_interaction {

ue_interaction::ue_interaction(offer o, time_point now) : offer_(std::move(o)) {
  if (now >= offer_.expires) finish(ue_state::expired);
}

ue_step ue_interaction::make_step(bool send, std::optional<ack_status> outcome) const {
  ue_step s;
  s.state = state_;
  s.send = send;
  s.outcome = outcome;
  bool const open = state_ == ue_state::presented || state_ == ue_state::responded ||
                    (state_ == ue_state::acknowledged && accepted_ < offer_.max_responses);
  if (open) s.wake = next_send_ ? std::min(*next_send_, offer_.expires) : offer_.expires;
  return s;
}

ue_step ue_interaction::step() const {
  return make_step(false);
}

void ue_interaction::finish(ue_state s) noexcept {
  state_ = s;
  next_send_.reset();
}

result<ue_step> ue_interaction::respond(std::string id, std::vector<answer> answers,
                                        std::optional<std::string> text, time_point now) {
  bool const room = accepted_ < offer_.max_responses;
  if (!(state_ == ue_state::presented || (state_ == ue_state::acknowledged && room)))
    return make_error(errc::invalid_state, "ue",
                      fmt::format("no response can be sent in state {}{}", to_string(state_),
                                  room ? "" : " (maxResponses used)"));
  if (now >= offer_.expires) return make_error(errc::ui_expired, "ue", "the offer has expired");
  if (id == response_id_ ||
      std::find(accepted_ids_.begin(), accepted_ids_.end(), id) != accepted_ids_.end())
    return make_json_error(errc::invalid_argument, "/id",
                           "an id this interaction has sent already");
  response r;
  r.id = std::move(id);
  r.ts = now;
  r.offer_id = offer_.id;
  r.token = offer_.token;
  r.answers = std::move(answers);
  r.text = std::move(text);
  auto bytes = write(message{r});
  // What the guard reads and checks (steps a and e), so that only the network's own state
  // (rate, replay, consent) can refuse what is sent.
  if (auto const checked = read(bytes); !checked) return checked.error();
  response_view view;
  if (auto const e = read_response_view(bytes, {}, view); e != errc::ok)
    return make_error(e, "ue", "the response does not read back");
  std::array<std::string_view, 16> aids{};
  auto const count = std::min(offer_.actions.size(), aids.size());
  for (std::size_t i = 0; i < count; ++i)
    aids[i] = offer_.actions[i].aid;
  pointer_text at;
  if (auto const e =
          check_answers(view, offer_.actions, offer_.free_text, {aids.data(), count}, at);
      e != errc::ok)
    return make_json_error(e, std::string(at.view()), "not an answer this offer allows");
  text_ = std::move(bytes);
  response_id_ = r.id;
  state_ = ue_state::responded;
  sends_ = 1;
  first_send_ = now;
  resends_ = 0;
  next_send_ = now + std::chrono::seconds(resend_after[0]);
  return make_step(true);
}

ue_step ue_interaction::on_ack(ack const& a, time_point now) {
  if (state_ != ue_state::responded || a.offer_id != offer_.id || a.re != response_id_) {
    auto s = make_step(false);
    s.ignored = true;
    return s;
  }
  switch (a.status) {
    case ack_status::accepted:
    case ack_status::duplicate:  // a resend of an accepted response (rule 8)
      ++accepted_;
      accepted_ids_.push_back(response_id_);
      finish(ue_state::acknowledged);
      break;
    case ack_status::expired:
      finish(ue_state::expired);
      break;
    case ack_status::rate_limited:
      // Sent again after retryAfter, as a new attempt with its own resends.
      next_send_ = now + std::chrono::seconds(std::max<std::uint32_t>(a.retry_after, 1));
      resends_ = static_cast<std::uint32_t>(resend_after.size()) + 1;  // marks the restart
      break;
    case ack_status::invalid:
    case ack_status::consent_missing:
      finish(ue_state::acknowledged);
      break;
  }
  return make_step(false, a.status);
}

ue_step ue_interaction::on_withdraw(withdraw const& w, time_point) {
  bool const live = state_ == ue_state::presented || state_ == ue_state::responded ||
                    state_ == ue_state::acknowledged;
  if (!live || w.offer_id != offer_.id) {
    auto s = make_step(false);
    s.ignored = true;
    return s;
  }
  finish(ue_state::withdrawn);
  return make_step(false);
}

ue_step ue_interaction::on_timer(time_point now) {
  bool const live = state_ == ue_state::presented || state_ == ue_state::responded ||
                    state_ == ue_state::acknowledged;
  if (live && now >= offer_.expires) {
    finish(ue_state::expired);
    return make_step(false);
  }
  if (state_ != ue_state::responded || !next_send_ || now < *next_send_) return make_step(false);
  auto const resends = static_cast<std::uint32_t>(resend_after.size());
  if (resends_ > resends) {  // the first send after a rate limit: its resends start again
    first_send_ = now;
    resends_ = 0;
  } else {
    ++resends_;
  }
  ++sends_;
  next_send_.reset();
  if (resends_ < resends) next_send_ = first_send_ + std::chrono::seconds(resend_after[resends_]);
  return make_step(true);
}

}  // namespace imsdp::user_interaction
