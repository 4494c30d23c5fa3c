// The signalling state machine of one SIP dialog: classification of SIP events into
// offer/answer events, the RFC 3264 checks, glare and failure handling.
#include <fmt/format.h>

#include <algorithm>
#include <imsdp/negotiation/session.hpp>
#include <imsdp/negotiation/signalling.hpp>
#include <imsdp/sdp/session_description.hpp>
#include <iterator>

#include "negotiation/support.hpp"

namespace imsdp::negotiation {
namespace {

using S = signalling_state;

error not_now(char const* rule, std::string detail) {
  return make_error(errc::invalid_state, rule, std::move(detail));
}

error first_of(std::vector<error> errors) {
  return std::move(errors.front());
}

bool is_failure(std::uint16_t status) {
  return status >= 300 && status <= 699;
}

// RFC 3261 section 12.2.1.2: these responses to a request in a dialog end it.
bool ends_dialog(std::uint16_t status) {
  return status == 408 || status == 481;
}

action send_request(sip_method m, description body = {}, body_role role = body_role::none) {
  action a;
  a.type = action_type::send_request;
  a.method = m;
  a.body = std::move(body);
  a.role = a.body ? role : body_role::none;
  return a;
}

action send_response(sip_method m, std::uint16_t status, description body = {},
                     body_role role = body_role::none, bool reliable = false) {
  action a;
  a.type = action_type::send_response;
  a.method = m;
  a.status = status;
  a.body = std::move(body);
  a.role = a.body ? role : body_role::none;
  a.reliable = reliable;
  return a;
}

action session_action(action_type t, description local, description remote,
                      bool local_offerer = false) {
  action a;
  a.type = t;
  a.local = std::move(local);
  a.remote = std::move(remote);
  a.local_offerer = local_offerer;
  return a;
}

action carrier_action(action_type t, carrier via) {
  action a;
  a.type = t;
  a.via = via;
  return a;
}

std::string default_name(description const& d) {
  if (!d) return "none";
  auto const* o = d->origin();
  return o == nullptr ? "sdp" : fmt::format("v{}", o->session_version);
}

}  // namespace

std::string to_string(action const& a, body_namer const& name) {
  auto const named = [&](description const& d) { return name ? name(d) : default_name(d); };
  std::string out(to_string(a.type));
  auto const body = [&] {
    if (a.body) fmt::format_to(std::back_inserter(out), " {}={}", to_string(a.role), named(a.body));
  };
  switch (a.type) {
    case action_type::send_request:
      out += " ";
      out += to_string(a.method);
      body();
      break;
    case action_type::send_response:
      fmt::format_to(std::back_inserter(out), " {} {}", a.status, to_string(a.method));
      if (a.reliable) out += " reliable";
      if (a.retry_after) fmt::format_to(std::back_inserter(out), " Retry-After={}", *a.retry_after);
      body();
      break;
    case action_type::create_offer:
      out += " for 2xx or reliable-18x";
      break;
    case action_type::create_answer:
      out += " for ";
      out += to_string(a.via);
      break;
    case action_type::apply_session:
    case action_type::early_media:
    case action_type::restore_session:
      out += " local=" + named(a.local) + " remote=" + named(a.remote);
      break;
    case action_type::retry:
      out += " after " + std::to_string(a.delay_ms) + " ms (" + std::to_string(a.min_delay_ms) +
             ".." + std::to_string(a.max_delay_ms) + ")";
      break;
    case action_type::refresh_session:
    case action_type::terminate:
      break;
  }
  return out;
}

result<step> signalling_machine::on(event const& e) {
  return detail::all_or_nothing(*this, [&](signalling_machine& next) { return next.apply(e); });
}

result<signalling_machine> signalling_machine::fork(std::uint64_t seed) const {
  if (!client_.pending || !client_.initial || client_.cancelled)
    return not_now("RFC 3261 13.2.2.4", "no initial INVITE in progress to fork from");
  signalling_machine m(seed, origin_policy_);
  m.dialog_started_ = true;
  m.call_id_owner_ = true;
  m.client_.pending = true;
  m.client_.initial = true;
  m.client_.with_offer = client_.with_offer;
  m.initial_offer_ = initial_offer_;
  if (client_.with_offer) {
    m.state_ = S::have_local_offer;
    m.pending_local_ = initial_offer_;
    m.last_local_ = initial_offer_;
    m.pending_carrier_ = carrier::invite;
    m.local_offerer_ = true;
  }
  return m;
}

result<void> signalling_machine::move(exchange_event e) {
  auto const to = next_state(state_, e);
  if (!to)
    return not_now("transition table",
                   std::string(to_string(e)) + " in " + std::string(to_string(state_)));
  state_ = *to;
  return {};
}

result<step> signalling_machine::apply(event const& e) {
  if (state_ == S::closed) return not_now("closed", "nothing happens after the dialog closed");
  switch (e.type) {
    case event_type::offer:
      return local_offer(e);
    case event_type::invite:
      return local_invite();
    case event_type::pranswer:
      return local_pranswer(e);
    case event_type::answer:
      return local_answer(e);
    case event_type::accept:
      return local_accept();
    case event_type::alert:
      return local_alert();
    case event_type::reject:
      return local_reject(e);
    case event_type::rollback:
      return local_rollback();
    case event_type::request:
      return remote_request(e);
    case event_type::response:
      return remote_response(e);
    case event_type::close: {
      step out;
      end(out, false);
      return out;
    }
  }
  return not_now("event", "unknown event");
}

// --- local events ---------------------------------------------------------------------

// RFC 3261 14.1: no INVITE while one is in progress in either direction, and no re-INVITE
// before the ACK of the previous 2xx or inside an early dialog.
result<void> signalling_machine::invite_allowed() const {
  if (client_.pending || server_.pending || awaiting_ack_)
    return not_now("RFC 3261 14.1", "an INVITE transaction is in progress");
  if (dialog_started_ && !established_)
    return not_now("RFC 3261 14.1", "no re-INVITE in an early dialog (use UPDATE)");
  return {};
}

// An INVITE (ours: client_, the peer's: server_) with `offer` or none begins: if it fails,
// the current session is the one to restore. Our initial INVITE makes us the Call-ID owner.
void signalling_machine::start_invite(invite_transaction& t, description const& offer) {
  t = {};
  t.pending = true;
  t.initial = !dialog_started_;
  t.with_offer = static_cast<bool>(offer);
  t.restore_local = current_local_;
  t.restore_remote = current_remote_;
  t.restore_local_offerer = current_local_offerer_;
  if (&t == &client_ && t.initial) {
    call_id_owner_ = true;
    initial_offer_ = offer;
  }
  dialog_started_ = true;
}

result<step> signalling_machine::local_offer(event const& e) {
  if (!e.body) return make_error(errc::missing_body, "offer", "an offer needs a description");
  if (client_.pending && client_.cancelled)
    return not_now("RFC 3261 9.1", "the cancelled INVITE has no final response yet");
  step out;
  switch (e.via) {
    case carrier::invite:
      if (auto r = invite_allowed(); !r) return r.error();
      break;
    case carrier::update:
      if (invite_exchange_open())
        return not_now("RFC 3311 5.1", "UPDATE offers need the INVITE's exchange completed");
      break;
    case carrier::final_response:
    case carrier::reliable_provisional:
      if (!server_.pending || server_.with_offer || server_.answered)
        return not_now("RFC 6337 2", "no received INVITE without offer awaits our offer");
      if (e.via == carrier::reliable_provisional && awaiting_prack_)
        return not_now("RFC 3262 3", "the previous reliable 18x is not acknowledged yet");
      break;
    case carrier::prack:
      return make_error(errc::invalid_argument, "carrier",
                        "offers in PRACK are answered but never sent (use UPDATE)");
  }
  if (current_local_)
    if (auto problems = check_offer(*current_local_, *current_remote_, *e.body); !problems.empty())
      return first_of(std::move(problems));
  if (last_local_)
    if (auto r = check_origin(*last_local_, *e.body); !r) return r.error();
  if (auto r = move(exchange_event::local_offer); !r) return r.error();

  pending_local_ = e.body;
  last_local_ = e.body;
  pending_carrier_ = e.via;
  local_offerer_ = true;
  switch (e.via) {
    case carrier::invite:
      start_invite(client_, e.body);
      out.actions.push_back(send_request(sip_method::invite, e.body, body_role::offer));
      break;
    case carrier::update:
      out.actions.push_back(send_request(sip_method::update, e.body, body_role::offer));
      break;
    case carrier::final_response:
      server_.pending = false;
      awaiting_ack_ = true;
      established_ = true;
      out.actions.push_back(send_response(sip_method::invite, 200, e.body, body_role::offer));
      break;
    case carrier::reliable_provisional:
      awaiting_prack_ = true;
      out.actions.push_back(send_response(sip_method::invite, 183, e.body, body_role::offer, true));
      break;
    case carrier::prack:
      break;
  }
  return out;
}

// An INVITE without offer (RFC 3261 13.2.1): the offer comes in the 2xx or a reliable 18x.
result<step> signalling_machine::local_invite() {
  if (auto r = invite_allowed(); !r) return r.error();
  if (state_ != S::stable) return not_now("RFC 3264 4", "an offer/answer exchange is in progress");
  if (auto r = move(exchange_event::no_exchange); !r) return r.error();
  start_invite(client_, {});
  step out;
  out.actions.push_back(send_request(sip_method::invite));
  return out;
}

result<step> signalling_machine::local_pranswer(event const& e) {
  if (!e.body) return make_error(errc::missing_body, "pranswer", "a pranswer needs a description");
  if ((state_ != S::have_remote_offer && state_ != S::have_local_pranswer) ||
      pending_carrier_ != carrier::invite)
    return not_now("RFC 6337 3.1", "a preview answer is sent only for an offer in INVITE");
  if (auto problems = check_answer(*pending_remote_, *e.body); !problems.empty())
    return first_of(std::move(problems));
  if (last_local_)
    if (auto r = check_origin(*last_local_, *e.body); !r) return r.error();
  if (auto r = move(exchange_event::local_pranswer); !r) return r.error();
  pending_local_ = e.body;
  last_local_ = e.body;
  step out;
  out.actions.push_back(send_response(sip_method::invite, 183, e.body, body_role::pranswer));
  out.actions.push_back(session_action(action_type::early_media, e.body, pending_remote_));
  return out;
}

result<step> signalling_machine::local_answer(event const& e) {
  if (!e.body) return make_error(errc::missing_body, "answer", "an answer needs a description");
  if (state_ != S::have_remote_offer && state_ != S::have_local_pranswer)
    return not_now("transition table",
                   "local-answer in " + std::string(to_string(state_)) + ": no offer to answer");
  if (e.reliable && pending_carrier_ != carrier::invite)
    return make_error(errc::invalid_argument, "RFC 3262",
                      "only an offer in INVITE is answered in a reliable 18x");
  if (e.reliable && awaiting_prack_)
    return not_now("RFC 3262 3", "the previous reliable 18x is not acknowledged yet");
  if (auto r = accept_answer(e.body, true); !r) return r.error();

  step out;
  switch (pending_carrier_) {
    case carrier::invite:
      if (e.reliable) {
        awaiting_prack_ = true;
        server_.answered = true;
        out.actions.push_back(
            send_response(sip_method::invite, 183, e.body, body_role::answer, true));
      } else {
        server_.pending = false;
        server_.answered = true;
        awaiting_ack_ = true;
        established_ = true;
        out.actions.push_back(send_response(sip_method::invite, 200, e.body, body_role::answer));
      }
      break;
    case carrier::update:
      out.actions.push_back(send_response(sip_method::update, 200, e.body, body_role::answer));
      break;
    case carrier::prack:
      out.actions.push_back(send_response(sip_method::prack, 200, e.body, body_role::answer));
      break;
    case carrier::final_response:
      out.actions.push_back(send_request(sip_method::ack, e.body, body_role::answer));
      break;
    case carrier::reliable_provisional:
      client_.answered = true;
      prack_sent_ = true;
      out.actions.push_back(send_request(sip_method::prack, e.body, body_role::answer));
      break;
  }
  complete_exchange(out);
  return out;
}

// RFC 3312 8 (and TS 24.229 5.1.4.2 for IMS): with mandatory preconditions the callee
// is not alerted, nor does it answer, before they are met: in the current session, or,
// with none yet, in the received offer (whose preconditions cannot be met before its
// answer).
result<void> signalling_machine::preconditions_allow(char const* what) const {
  bool unmet = false;
  if (current_local_ && current_remote_) {
    auto const s = negotiated(*current_local_, *current_remote_, current_local_offerer_);
    unmet = std::any_of(s.streams.begin(), s.streams.end(),
                        [](negotiated_stream const& x) { return x.preconditions_met == false; });
  } else if (pending_remote_) {
    for (std::size_t i = 0; i < pending_remote_->media_count() && !unmet; ++i)
      for (auto const& d : pending_remote_->media(i).all<sdp::des>())
        unmet = unmet || d.strength == sdp::strength_tag::mandatory;
  }
  if (unmet)
    return not_now("RFC 3312 8", std::string("mandatory preconditions are not met: no ") + what);
  return {};
}

result<step> signalling_machine::local_alert() {
  if (!server_.pending) return not_now("RFC 3261 13.3.1", "no received INVITE to alert for");
  if (auto r = preconditions_allow("alerting"); !r) return r.error();
  step out;
  out.actions.push_back(send_response(sip_method::invite, 180));
  return out;
}

result<step> signalling_machine::local_accept() {
  if (!server_.pending || !server_.answered)
    return not_now("RFC 3261 13.3.1", "no received INVITE whose exchange is complete");
  if (awaiting_prack_) return not_now("RFC 3262 3", "the reliable 18x is not acknowledged yet");
  if (auto r = preconditions_allow("2xx"); !r) return r.error();
  if (auto r = move(exchange_event::no_exchange); !r) return r.error();
  server_.pending = false;
  awaiting_ack_ = true;
  established_ = true;
  step out;
  out.actions.push_back(send_response(sip_method::invite, 200));
  return out;
}

result<step> signalling_machine::local_reject(event const& e) {
  if (!is_failure(e.status))
    return make_error(errc::invalid_argument, "status", "a rejection is a 3xx-6xx status");
  step out;
  if (e.method == sip_method::invite) {
    if (!server_.pending) return not_now("RFC 3261 13.3.1", "no received INVITE to reject");
    out.actions.push_back(send_response(sip_method::invite, e.status));
    if (auto r = invite_failed(server_, e.status, out); !r) return r.error();
    return out;
  }
  if (e.method == sip_method::update && state_ == S::have_remote_offer &&
      pending_carrier_ == carrier::update) {
    if (auto r = move(exchange_event::failure); !r) return r.error();
    pending_remote_.reset();
    out.actions.push_back(send_response(sip_method::update, e.status));
    return out;
  }
  return not_now("RFC 3311 5.2", "no received request to reject");
}

result<step> signalling_machine::local_rollback() {
  step out;
  if (state_ == S::have_local_offer) {
    if (pending_carrier_ != carrier::invite || !client_.pending || client_.cancelled)
      return not_now("RFC 3261 9.1", "only an offer in a pending INVITE can be withdrawn");
    if (auto r = move(exchange_event::rollback); !r) return r.error();
    pending_local_.reset();
    client_.cancelled = true;
    out.actions.push_back(send_request(sip_method::cancel));
    return out;
  }
  if (state_ == S::have_remote_offer &&
      (pending_carrier_ == carrier::invite || pending_carrier_ == carrier::update)) {
    if (auto r = move(exchange_event::rollback); !r) return r.error();
    pending_remote_.reset();
    bool const invite = pending_carrier_ == carrier::invite;
    out.actions.push_back(send_response(invite ? sip_method::invite : sip_method::update, 488));
    if (invite)
      if (auto r = invite_failed(server_, 488, out); !r) return r.error();
    return out;
  }
  return not_now("RFC 9429 4.1.8.2", "rollback needs a pending offer in INVITE or UPDATE");
}

// --- received requests ----------------------------------------------------------------

// No exchange completed yet, or an INVITE without offer waits for its offer (RFC 3311 5.1:
// no UPDATE offer then).
bool signalling_machine::invite_exchange_open() const noexcept {
  auto const open = [](invite_transaction const& t) {
    return t.pending && !t.with_offer && !t.answered;
  };
  return !current_local_ || open(client_) || open(server_);
}

std::optional<std::uint16_t> signalling_machine::offer_collision() const noexcept {
  // RFC 3261 14.2 and RFC 3311 5.2.
  if (state_ == S::have_local_offer || state_ == S::have_remote_pranswer) return 491;
  if (state_ == S::have_remote_offer || state_ == S::have_local_pranswer) return 500;
  return std::nullopt;
}

// An offer refused for another in progress: the state stays (the table's remote-offer rows
// outside stable; in stable the INVITE transaction rules refuse it).
result<void> signalling_machine::glare(sip_method m, std::uint16_t status, step& out) {
  if (auto r =
          move(state_ == S::stable ? exchange_event::no_exchange : exchange_event::remote_offer);
      !r)
    return r;
  auto a = send_response(m, status);
  if (status == 500) a.retry_after = detail::draw(random_, 0, 10);
  out.actions.push_back(std::move(a));
  return {};
}

result<step> signalling_machine::remote_request(event const& e) {
  step out;
  switch (e.method) {
    case sip_method::invite:
      if (server_.pending) {  // RFC 3261 14.2: a second INVITE before our final response
        if (auto r = glare(sip_method::invite, 500, out); !r) return r.error();
        return out;
      }
      if (client_.pending) {  // RFC 3261 14.2: ours is in progress
        if (auto r = glare(sip_method::invite, 491, out); !r) return r.error();
        return out;
      }
      // With or without an offer: an INVITE without one asks for our offer in its 2xx,
      // which cannot be made while another is in progress (RFC 3311 5.2: 491 to an INVITE
      // while our UPDATE is in progress).
      if (auto status = offer_collision()) {
        if (auto r = glare(sip_method::invite, *status, out); !r) return r.error();
        return out;
      }
      if (awaiting_ack_) return not_now("RFC 3261 14.2", "the ACK of our 2xx has not arrived");
      start_invite(server_, e.body);
      if (!e.body) {
        if (auto r = move(exchange_event::no_exchange); !r) return r.error();
        out.actions.push_back(carrier_action(action_type::create_offer, carrier::final_response));
        return out;
      }
      return remote_offer(e, carrier::invite);
    case sip_method::update:
      if (!e.body) {  // a target refresh without offer
        if (auto r = move(exchange_event::no_exchange); !r) return r.error();
        out.actions.push_back(send_response(sip_method::update, 200));
        return out;
      }
      if (auto status = offer_collision()) {
        if (auto r = glare(sip_method::update, *status, out); !r) return r.error();
        return out;
      }
      if (invite_exchange_open()) {  // RFC 3311 5.1: the INVITE's exchange is not complete
        if (auto r = glare(sip_method::update, 500, out); !r) return r.error();
        return out;
      }
      return remote_offer(e, carrier::update);
    case sip_method::prack:
      return remote_prack(e);
    case sip_method::ack:
      return remote_ack(e);
    case sip_method::cancel:
      if (!server_.pending) return not_now("RFC 3261 9.2", "no received INVITE to cancel");
      out.actions.push_back(send_response(sip_method::cancel, 200));
      out.actions.push_back(send_response(sip_method::invite, 487));
      if (auto r = invite_failed(server_, 487, out); !r) return r.error();
      return out;
    case sip_method::bye:
      out.actions.push_back(send_response(sip_method::bye, 200));
      end(out, true);
      return out;
  }
  return not_now("request", "unknown method");
}

// An offer received in `via`: the RFC 3264 section 8 checks, then have-remote-offer. An
// offer in a request that breaks them is refused with 488; one in a response is an error
// (a response cannot be refused; the host ends the dialog).
result<step> signalling_machine::remote_offer(event const& e, carrier via) {
  if (state_ != S::stable)  // offers in requests met offer_collision() before
    return not_now("RFC 3264 4", "an offer while another exchange is in progress");
  step out;
  std::vector<error> problems;
  if (current_remote_) problems = check_offer(*current_remote_, *current_local_, *e.body);
  if (last_remote_)
    if (auto r = check_origin(*last_remote_, *e.body, origin_policy_); !r)
      problems.push_back(r.error());
  if (!problems.empty()) {
    bool const request = via == carrier::invite || via == carrier::update;
    if (!request) return first_of(std::move(problems));
    if (problems.front().code != errc::origin_changed) last_remote_ = e.body;
    auto const m = via == carrier::invite ? sip_method::invite : sip_method::update;
    out.actions.push_back(send_response(m, 488));
    if (via == carrier::invite)
      if (auto r = invite_failed(server_, 488, out); !r) return r.error();
    return out;
  }
  if (auto r = move(exchange_event::remote_offer); !r) return r.error();
  pending_remote_ = e.body;
  last_remote_ = e.body;
  pending_carrier_ = via;
  local_offerer_ = false;
  out.actions.push_back(carrier_action(action_type::create_answer, via));
  return out;
}

result<step> signalling_machine::remote_prack(event const& e) {
  if (!awaiting_prack_) return not_now("RFC 3262 3", "no reliable 18x to acknowledge");
  awaiting_prack_ = false;
  step out;
  if (state_ == S::have_local_offer && pending_carrier_ == carrier::reliable_provisional) {
    if (!e.body)
      return make_error(errc::missing_body, "RFC 3262 5",
                        "the PRACK of an offer in a reliable 18x carries the answer");
    if (auto r = accept_answer(e.body, false); !r) return r.error();
    server_.answered = true;
    out.actions.push_back(send_response(sip_method::prack, 200));
    complete_exchange(out);
    return out;
  }
  if (e.body) {  // RFC 6337 pattern 5: a new offer in PRACK
    if (auto status = offer_collision()) {
      if (auto r = glare(sip_method::prack, *status, out); !r) return r.error();
      return out;
    }
    return remote_offer(e, carrier::prack);
  }
  if (auto r = move(exchange_event::no_exchange); !r) return r.error();
  out.actions.push_back(send_response(sip_method::prack, 200));
  return out;
}

result<step> signalling_machine::remote_ack(event const& e) {
  if (!awaiting_ack_) return not_now("RFC 3261 13.3.1.4", "no 2xx awaits its ACK");
  awaiting_ack_ = false;
  step out;
  if (state_ == S::have_local_offer && pending_carrier_ == carrier::final_response) {
    // RFC 3261 13.3.1.4: the ACK of an offer in 2xx carries the answer; without one (or
    // with one that breaks the rules) the session cannot go on.
    if (!e.body || !accept_answer(e.body, false)) {
      end(out, true);
      return out;
    }
    complete_exchange(out);
    return out;
  }
  if (e.body)
    return make_error(errc::unexpected_body, "RFC 3261 13.2.2.4",
                      "an ACK carries a body only to answer an offer in 2xx");
  if (auto r = move(exchange_event::no_exchange); !r) return r.error();
  return out;
}

// --- received responses -----------------------------------------------------------------

result<step> signalling_machine::remote_response(event const& e) {
  if (e.status < 100 || e.status > 699)
    return make_error(errc::invalid_argument, "status", "a SIP status is 100..699");
  switch (e.method) {
    case sip_method::invite:
      return invite_response(e);
    case sip_method::update:
      return update_response(e);
    case sip_method::prack: {
      if (!prack_sent_) return not_now("RFC 3262 4", "no PRACK of ours awaits a response");
      if (e.status < 200) return not_now("RFC 3262 4", "a PRACK has no provisional response");
      if (e.body)
        return make_error(errc::unexpected_body, "RFC 3262 5", "our PRACK carried no offer");
      prack_sent_ = false;
      if (auto r = move(exchange_event::no_exchange); !r) return r.error();
      return step{};
    }
    case sip_method::cancel:
      if (!client_.cancelled) return not_now("RFC 3261 9.1", "we sent no CANCEL");
      if (auto r = move(exchange_event::no_exchange); !r) return r.error();
      return step{};
    case sip_method::ack:
    case sip_method::bye:
      break;
  }
  return not_now("response", "no response of this method is tracked");
}

result<step> signalling_machine::invite_response(event const& e) {
  if (!client_.pending) return not_now("RFC 3261 13.2.2", "no INVITE of ours is in progress");
  step out;
  bool const offer_pending = (state_ == S::have_local_offer || state_ == S::have_remote_pranswer) &&
                             pending_carrier_ == carrier::invite;
  if (e.status == 100 || (e.status < 200 && !e.body)) {
    if (auto r = move(exchange_event::no_exchange); !r) return r.error();
    if (e.reliable) {
      prack_sent_ = true;
      out.actions.push_back(send_request(sip_method::prack));
    }
    return out;
  }
  if (e.status < 200) {  // 1xx with a body
    if (client_.cancelled) return not_now("RFC 3261 9.1", "the INVITE was cancelled");
    if (!e.reliable) {
      if (!offer_pending)
        return make_error(errc::unexpected_body, "RFC 6337 3.1",
                          "SDP in an unreliable 18x is only a preview of an answer");
      if (auto problems = check_answer(*pending_local_, *e.body); !problems.empty())
        return first_of(std::move(problems));
      if (last_remote_)
        if (auto r = check_origin(*last_remote_, *e.body, origin_policy_); !r) return r.error();
      if (auto r = move(exchange_event::remote_pranswer); !r) return r.error();
      pending_remote_ = e.body;
      last_remote_ = e.body;
      out.actions.push_back(session_action(action_type::early_media, pending_local_, e.body, true));
      return out;
    }
    if (client_.answered) {
      // RFC 3261 13.2.1: the first SDP was the answer; SDP in later responses to the INVITE
      // is ignored, whatever exchanges (UPDATE) came since.
      if (auto r = move(exchange_event::no_exchange); !r) return r.error();
      prack_sent_ = true;
      out.actions.push_back(send_request(sip_method::prack));
      return out;
    }
    if (offer_pending) {  // RFC 3262: the answer
      if (auto r = accept_answer(e.body, false); !r) return refuse_invite_answer(r.error(), false);
      prack_sent_ = true;
      client_.answered = true;
      out.actions.push_back(send_request(sip_method::prack));
      complete_exchange(out);
      return out;
    }
    if (state_ == S::stable && !client_.with_offer) {
      prack_sent_ = true;
      return remote_offer(e, carrier::reliable_provisional);
    }
    return make_error(errc::unexpected_body, "RFC 3262 5",
                      "a reliable 18x with SDP when no offer or answer is due");
  }

  if (e.status < 300) {
    client_.pending = false;
    established_ = true;
    if (client_.cancelled) {  // RFC 3261 9.1: the 2xx won the race with our CANCEL
      out.actions.push_back(send_request(sip_method::ack));
      if (client_.initial) {
        end(out, true);
      } else {
        if (auto r = move(exchange_event::no_exchange); !r) return r.error();
        out.actions.push_back(carrier_action(action_type::refresh_session, carrier::invite));
      }
      return out;
    }
    if (offer_pending) {
      if (!e.body)
        return refuse_invite_answer(
            make_error(errc::missing_body, "RFC 3261 13.2.1",
                       "the 2xx must carry the answer to the offer in INVITE"),
            true);
      if (auto r = accept_answer(e.body, false); !r) return refuse_invite_answer(r.error(), true);
      out.actions.push_back(send_request(sip_method::ack));
      complete_exchange(out);
      return out;
    }
    if (!client_.with_offer && !client_.answered) {
      if (!e.body)
        return make_error(errc::missing_body, "RFC 3261 13.2.1",
                          "the 2xx to an INVITE without offer must carry the offer");
      return remote_offer(e, carrier::final_response);
    }
    // RFC 3261 13.2.1: SDP after the answer (in a reliable 18x) is ignored.
    if (auto r = move(exchange_event::no_exchange); !r) return r.error();
    out.actions.push_back(send_request(sip_method::ack));
    return out;
  }

  // A non-2xx final response.
  client_.pending = false;
  if (auto r = invite_failed(client_, e.status, out); !r) return r.error();
  if (!client_.initial && !client_.cancelled && !ends_dialog(e.status))
    retry_after_glare(e.status, e.retry_after, out);
  return out;
}

result<step> signalling_machine::update_response(event const& e) {
  if (state_ != S::have_local_offer || pending_carrier_ != carrier::update)
    return not_now("RFC 3311 5.2", "no UPDATE of ours is in progress");
  step out;
  if (e.status < 200) {
    if (auto r = move(exchange_event::no_exchange); !r) return r.error();
    return out;
  }
  if (e.status < 300) {
    if (!e.body)
      return refuse_update_answer(make_error(errc::missing_body, "RFC 3311 5.2",
                                             "the 2xx to an UPDATE with offer carries the answer"));
    if (auto r = accept_answer(e.body, false); !r) return refuse_update_answer(r.error());
    complete_exchange(out);
    return out;
  }
  if (ends_dialog(e.status)) {
    end(out, true);
    return out;
  }
  if (auto r = move(exchange_event::failure); !r) return r.error();
  pending_local_.reset();
  retry_after_glare(e.status, e.retry_after, out);
  return out;
}

// --- shared steps ---------------------------------------------------------------------

// Checks an answer against the pending offer and takes it as the pending description of
// its side; the caller sends the message and calls complete_exchange().
// An answer to our INVITE offer that breaks the rules came in a message that cannot be
// refused. In a reliable 18x: PRACK it (RFC 3262 4) and CANCEL the INVITE; its final
// response then ends or restores as for any failed INVITE. In a 2xx: ACK it (RFC 3261
// 13.2.2.4) and end the dialog, or for a re-INVITE keep the session before it and offer
// again so both ends agree (RFC 6141 3.4).
result<step> signalling_machine::refuse_invite_answer(error why, bool final_response) {
  step out;
  out.refused = std::move(why);
  if (!final_response) {
    bool const early_media = state_ == S::have_remote_pranswer;
    if (auto r = move(early_media ? exchange_event::failure : exchange_event::rollback); !r)
      return r.error();
    pending_local_.reset();
    pending_remote_.reset();
    if (early_media)
      out.actions.push_back(session_action(action_type::restore_session, current_local_,
                                           current_remote_, current_local_offerer_));
    prack_sent_ = true;
    client_.cancelled = true;
    out.actions.push_back(send_request(sip_method::prack));
    out.actions.push_back(send_request(sip_method::cancel));
    return out;
  }
  out.actions.push_back(send_request(sip_method::ack));
  if (client_.initial) {
    end(out, true);
    return out;
  }
  bool const early_media = state_ == S::have_remote_pranswer;
  if (auto r = move(exchange_event::failure); !r) return r.error();
  pending_local_.reset();
  pending_remote_.reset();
  if (early_media)
    out.actions.push_back(session_action(action_type::restore_session, current_local_,
                                         current_remote_, current_local_offerer_));
  out.actions.push_back(carrier_action(action_type::refresh_session, carrier::invite));
  return out;
}

// The same for an answer in the 2xx to our UPDATE: the session stays as it was, and a new
// offer brings both ends back in agreement.
result<step> signalling_machine::refuse_update_answer(error why) {
  step out;
  out.refused = std::move(why);
  if (auto r = move(exchange_event::failure); !r) return r.error();
  pending_local_.reset();
  out.actions.push_back(carrier_action(action_type::refresh_session, carrier::update));
  return out;
}

result<void> signalling_machine::accept_answer(description const& answer, bool local) {
  auto const& offer = local ? pending_remote_ : pending_local_;
  if (auto problems = check_answer(*offer, *answer); !problems.empty())
    return first_of(std::move(problems));
  auto const& last = local ? last_local_ : last_remote_;
  if (last)
    if (auto r = check_origin(*last, *answer, local ? origin_policy::rfc3264 : origin_policy_); !r)
      return r.error();
  if (auto r = move(local ? exchange_event::local_answer : exchange_event::remote_answer); !r)
    return r.error();
  (local ? pending_local_ : pending_remote_) = answer;
  (local ? last_local_ : last_remote_) = answer;
  return {};
}

// The answer is in: the pending descriptions become the current ones. An exchange in
// UPDATE inside a re-INVITE persists if the re-INVITE fails (RFC 6141 section 3).
void signalling_machine::complete_exchange(step& out) {
  current_local_ = std::move(pending_local_);
  current_remote_ = std::move(pending_remote_);
  pending_local_.reset();
  pending_remote_.reset();
  current_local_offerer_ = local_offerer_;
  if (pending_carrier_ == carrier::update)
    for (auto* t : {&client_, &server_})
      if (t->pending && !t->initial) {
        t->restore_local = current_local_;
        t->restore_remote = current_remote_;
        t->restore_local_offerer = current_local_offerer_;
      }
  out.actions.push_back(
      session_action(action_type::apply_session, current_local_, current_remote_, local_offerer_));
}

// The INVITE transaction `t` ended with a non-2xx `status` (sent or received). The
// exchange it carried is rolled back; a failed initial INVITE ends the dialog; a failed
// re-INVITE restores the session it found (RFC 3261 14.1), with what UPDATE changed inside
// it (RFC 6141 section 3).
result<void> signalling_machine::invite_failed(invite_transaction& t, std::uint16_t status,
                                               step& out) {
  t.pending = false;
  if (&t == &server_) awaiting_prack_ = false;
  if (t.initial || ends_dialog(status)) {
    end(out, true);
    return {};
  }
  bool const exchange_of_invite =
      state_ != S::stable &&
      (pending_carrier_ == carrier::invite || pending_carrier_ == carrier::reliable_provisional ||
       pending_carrier_ == carrier::prack);
  bool const early_media = state_ == S::have_remote_pranswer || state_ == S::have_local_pranswer;
  if (exchange_of_invite || state_ == S::stable) {
    if (auto r = move(exchange_event::failure); !r) return r.error();
    if (exchange_of_invite) {
      pending_local_.reset();
      pending_remote_.reset();
    }
  }
  if (t.answered) {
    current_local_ = t.restore_local;
    current_remote_ = t.restore_remote;
    current_local_offerer_ = t.restore_local_offerer;
  }
  if (t.answered || early_media)
    out.actions.push_back(session_action(action_type::restore_session, current_local_,
                                         current_remote_, current_local_offerer_));
  if (t.answered && &t == &client_)
    out.actions.push_back(carrier_action(action_type::refresh_session, carrier::invite));
  return {};
}

// After a failed offer of ours: 491 -> retry after a delay drawn from the RFC 3261 14.1
// range; 500 with Retry-After -> retry after that many seconds.
void signalling_machine::retry_after_glare(std::uint16_t status,
                                           std::optional<std::uint32_t> retry_after, step& out) {
  action a;
  a.type = action_type::retry;
  if (status == 491) {
    a.min_delay_ms = call_id_owner_ ? 2100 : 0;
    a.max_delay_ms = call_id_owner_ ? 4000 : 2000;
    a.delay_ms =
        a.min_delay_ms + 10 * detail::draw(random_, 0, (a.max_delay_ms - a.min_delay_ms) / 10);
  } else if (status == 500 && retry_after) {
    a.delay_ms = a.min_delay_ms = a.max_delay_ms = *retry_after * 1000;
  } else {
    return;
  }
  out.actions.push_back(a);
}

void signalling_machine::end(step& out, bool terminate) {
  state_ = S::closed;
  pending_local_.reset();
  pending_remote_.reset();
  client_.pending = server_.pending = false;
  awaiting_ack_ = awaiting_prack_ = prack_sent_ = false;
  if (terminate) out.actions.push_back(carrier_action(action_type::terminate, carrier::invite));
}

}  // namespace imsdp::negotiation
