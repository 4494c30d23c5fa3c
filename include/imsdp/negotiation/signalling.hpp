// The offer/answer signalling state machine of one SIP dialog (DESIGN.md section 8).
//
// Sans-IO, in the manner of nghttp2's session without sockets: the host tells the machine
// what it received or wants to send (`on(event)`), and the machine answers with a step:
// the new state and the actions the host must perform (send this SDP in this message,
// answer 491, answer 500 with Retry-After n, retry after a delay, restore the previous
// session, ...). An event the machine does not allow is an error (errc::invalid_state, or
// the RFC 3264 rule a description breaks) and changes nothing. There are no timers and no
// sockets inside; the delays of glare retries are drawn from a generator seeded by the
// caller, so a run is reproducible.
//
// States are the JSEP ones (RFC 9429 section 3.2). A SIP event is first classified into an
// offer/answer event (by the message, its body and the transactions in progress), and
// that event moves the state by this table (`transitions` below):
//
//   from                  event            to                    SIP (RFC 6337 table 1)
//   --------------------  ---------------  --------------------  ---------------------------
//   stable                local-offer      have-local-offer      INVITE, UPDATE, 2xx or
//                                                                reliable 18x to an INVITE
//                                                                without offer
//   stable                remote-offer     have-remote-offer     idem, received
//   have-local-offer      remote-pranswer  have-remote-pranswer  unreliable 18x with SDP
//   have-local-offer      remote-answer    stable                2xx, reliable 18x, ACK,
//                                                                PRACK, 2xx UPDATE
//   have-local-offer      remote-offer     have-local-offer      glare: 491 (RFC 3261 14.2,
//                                                                RFC 3311 5.2)
//   have-local-offer      failure          stable                non-2xx final, 491 + retry
//   have-local-offer      rollback         stable                CANCEL of our INVITE
//   have-remote-pranswer  remote-pranswer  have-remote-pranswer  another unreliable 18x
//   have-remote-pranswer  remote-answer    stable
//   have-remote-pranswer  remote-offer     have-remote-pranswer  glare: 491
//   have-remote-pranswer  failure          stable                restore (early media off)
//   have-remote-offer     local-pranswer   have-local-pranswer   unreliable 18x with SDP
//   have-remote-offer     local-answer     stable
//   have-remote-offer     remote-offer     have-remote-offer     500 + Retry-After 0..10 s
//   have-remote-offer     failure          stable                4xx-6xx sent, CANCEL
//   have-remote-offer     rollback         stable                488 to the offer
//   have-local-pranswer   local-pranswer   have-local-pranswer
//   have-local-pranswer   local-answer     stable
//   have-local-pranswer   remote-offer     have-local-pranswer   500 + Retry-After 0..10 s
//   have-local-pranswer   failure          stable
//   stable                failure          stable                a re-INVITE whose own
//                                                                exchange completed fails:
//                                                                restore (RFC 6141)
//   any but closed        no-exchange      (unchanged)           1xx, ACK, PRACK, UPDATE
//                                                                without SDP, 2xx without
//                                                                new SDP, 100
//   any but closed        end              closed                BYE, failed initial INVITE,
//                                                                408/481, close
//   closed                anything         error                 nothing after closed
//
// Rules the SIP side adds (research/spec-aiml-dc.md section 5.2):
//  - an INVITE received while ours is in progress, or an offer received while ours is
//    unanswered: 491; a second INVITE before our final response to the first, or an offer
//    while we owe an answer: 500 with Retry-After drawn from 0..10 s;
//  - after 491 the offer is retried after 2.1..4 s (in 10 ms steps) by the owner of the
//    Call-ID (the side that sent the initial INVITE), after 0..2 s otherwise;
//  - a non-2xx final response to a re-INVITE restores the session as it was before the
//    re-INVITE (RFC 3261 section 14.1); offer/answer exchanges completed in UPDATE inside
//    it persist (RFC 6141 section 3), and if the re-INVITE's own exchange had completed in
//    a reliable 18x the UAC is told to refresh the session (RFC 6141 section 3.4);
//  - an answer in a reliable 18x is the answer (RFC 3262); a 2xx repeating it must carry
//    the same description; SDP in an unreliable 18x is a preview (pranswer);
//  - offers in PRACK are answered but never sent (new offers from us go in UPDATE);
//  - one machine per dialog: fork() gives the machine of another early dialog created by
//    the same initial INVITE (forking).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <imsdp/negotiation/rules.hpp>
#include <imsdp/result.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace imsdp::negotiation {

enum class signalling_state : std::uint8_t {
  stable,
  have_local_offer,
  have_remote_offer,
  have_local_pranswer,
  have_remote_pranswer,
  closed,
};

[[nodiscard]] constexpr std::string_view to_string(signalling_state s) noexcept {
  switch (s) {
    case signalling_state::stable:
      return "stable";
    case signalling_state::have_local_offer:
      return "have-local-offer";
    case signalling_state::have_remote_offer:
      return "have-remote-offer";
    case signalling_state::have_local_pranswer:
      return "have-local-pranswer";
    case signalling_state::have_remote_pranswer:
      return "have-remote-pranswer";
    case signalling_state::closed:
      return "closed";
  }
  return "closed";
}

/// The offer/answer events of the transition table (a SIP event after classification).
enum class exchange_event : std::uint8_t {
  local_offer,
  remote_offer,
  local_pranswer,
  remote_pranswer,
  local_answer,
  remote_answer,
  failure,      // the transaction carrying the exchange failed
  rollback,     // the host withdraws or refuses the pending offer
  no_exchange,  // a message without an offer or answer
  end,          // the dialog ends
};

[[nodiscard]] constexpr std::string_view to_string(exchange_event e) noexcept {
  switch (e) {
    case exchange_event::local_offer:
      return "local-offer";
    case exchange_event::remote_offer:
      return "remote-offer";
    case exchange_event::local_pranswer:
      return "local-pranswer";
    case exchange_event::remote_pranswer:
      return "remote-pranswer";
    case exchange_event::local_answer:
      return "local-answer";
    case exchange_event::remote_answer:
      return "remote-answer";
    case exchange_event::failure:
      return "failure";
    case exchange_event::rollback:
      return "rollback";
    case exchange_event::no_exchange:
      return "no-exchange";
    case exchange_event::end:
      return "end";
  }
  return "end";
}

struct transition {
  signalling_state from;
  exchange_event event;
  signalling_state to;
};

namespace detail {
constexpr auto make_transitions() {
  using S = signalling_state;
  using E = exchange_event;
  constexpr transition exchange[] = {
      {S::stable, E::local_offer, S::have_local_offer},
      {S::stable, E::remote_offer, S::have_remote_offer},
      {S::have_local_offer, E::remote_pranswer, S::have_remote_pranswer},
      {S::have_local_offer, E::remote_answer, S::stable},
      {S::have_local_offer, E::remote_offer, S::have_local_offer},
      {S::have_local_offer, E::failure, S::stable},
      {S::have_local_offer, E::rollback, S::stable},
      {S::have_remote_pranswer, E::remote_pranswer, S::have_remote_pranswer},
      {S::have_remote_pranswer, E::remote_answer, S::stable},
      {S::have_remote_pranswer, E::remote_offer, S::have_remote_pranswer},
      {S::have_remote_pranswer, E::failure, S::stable},
      {S::have_remote_offer, E::local_pranswer, S::have_local_pranswer},
      {S::have_remote_offer, E::local_answer, S::stable},
      {S::have_remote_offer, E::remote_offer, S::have_remote_offer},
      {S::have_remote_offer, E::failure, S::stable},
      {S::have_remote_offer, E::rollback, S::stable},
      {S::have_local_pranswer, E::local_pranswer, S::have_local_pranswer},
      {S::have_local_pranswer, E::local_answer, S::stable},
      {S::have_local_pranswer, E::remote_offer, S::have_local_pranswer},
      {S::have_local_pranswer, E::failure, S::stable},
      {S::stable, E::failure, S::stable},
  };
  // The rows "any but closed" of the table, spelled out per state.
  constexpr S open_states[] = {S::stable, S::have_local_offer, S::have_remote_offer,
                               S::have_local_pranswer, S::have_remote_pranswer};
  std::array<transition, std::size(exchange) + 2 * std::size(open_states)> all{};
  std::size_t n = 0;
  for (auto const& t : exchange)
    all[n++] = t;
  for (auto s : open_states) {
    all[n++] = {s, E::no_exchange, s};
    all[n++] = {s, E::end, S::closed};
  }
  return all;
}
}  // namespace detail

/// The transition table printed in the comment at the top of this file.
inline constexpr auto transitions = detail::make_transitions();

/// The state an offer/answer event leads to from a state, or nullopt if not allowed.
[[nodiscard]] constexpr std::optional<signalling_state> next_state(signalling_state from,
                                                                   exchange_event e) noexcept {
  for (auto const& t : transitions)
    if (t.from == from && t.event == e) return t.to;
  return std::nullopt;
}

/// SIP methods that carry or control offers and answers.
enum class sip_method : std::uint8_t { invite, ack, prack, update, cancel, bye };

[[nodiscard]] constexpr std::string_view to_string(sip_method m) noexcept {
  switch (m) {
    case sip_method::invite:
      return "INVITE";
    case sip_method::ack:
      return "ACK";
    case sip_method::prack:
      return "PRACK";
    case sip_method::update:
      return "UPDATE";
    case sip_method::cancel:
      return "CANCEL";
    case sip_method::bye:
      return "BYE";
  }
  return "INVITE";
}

/// Where an offer travels (RFC 6337 table 1); the answer goes in the matching message.
enum class carrier : std::uint8_t {
  invite,                // INVITE -> answer in 2xx or reliable 18x
  update,                // UPDATE -> answer in 2xx UPDATE
  prack,                 // PRACK -> answer in 200 PRACK (received only)
  final_response,        // 2xx to an INVITE without offer -> answer in ACK
  reliable_provisional,  // reliable 18x to an INVITE without offer -> answer in PRACK
};

[[nodiscard]] constexpr std::string_view to_string(carrier c) noexcept {
  switch (c) {
    case carrier::invite:
      return "INVITE";
    case carrier::update:
      return "UPDATE";
    case carrier::prack:
      return "PRACK";
    case carrier::final_response:
      return "2xx";
    case carrier::reliable_provisional:
      return "reliable-18x";
  }
  return "INVITE";
}

enum class event_type : std::uint8_t {
  offer,     // send `body` as an offer in `via`
  invite,    // send an INVITE without offer (the peer offers in its 2xx or reliable 18x)
  pranswer,  // send `body` as a preview answer in an unreliable 183 (INVITE offers only)
  answer,    // send `body` as the answer (`reliable`: in a reliable 183, INVITE offers only)
  accept,    // send the 2xx to the received INVITE whose exchange is complete
  alert,     // send 180 Ringing to the received INVITE (RFC 3312 8: preconditions met)
  reject,    // send the non-2xx `status` to the received INVITE or UPDATE (`method`)
  rollback,  // withdraw our pending offer (CANCEL) or refuse the peer's (488)
  request,   // a request `method` was received, with `body` or none
  response,  // a response `status` to our `method` was received
  close,     // the dialog ended at the host (BYE sent, another fork answered, ...)
};

[[nodiscard]] constexpr std::string_view to_string(event_type t) noexcept {
  switch (t) {
    case event_type::offer:
      return "offer";
    case event_type::invite:
      return "invite";
    case event_type::pranswer:
      return "pranswer";
    case event_type::answer:
      return "answer";
    case event_type::accept:
      return "accept";
    case event_type::alert:
      return "alert";
    case event_type::reject:
      return "reject";
    case event_type::rollback:
      return "rollback";
    case event_type::request:
      return "request";
    case event_type::response:
      return "response";
    case event_type::close:
      return "close";
  }
  return "close";
}

/// The value to_string spells `name` ("INVITE", "reliable-18x", "pranswer"), if any.
[[nodiscard]] constexpr std::optional<sip_method> sip_method_from(std::string_view name) noexcept {
  for (auto m : {sip_method::invite, sip_method::ack, sip_method::prack, sip_method::update,
                 sip_method::cancel, sip_method::bye})
    if (name == to_string(m)) return m;
  return std::nullopt;
}
[[nodiscard]] constexpr std::optional<carrier> carrier_from(std::string_view name) noexcept {
  for (auto c : {carrier::invite, carrier::update, carrier::prack, carrier::final_response,
                 carrier::reliable_provisional})
    if (name == to_string(c)) return c;
  return std::nullopt;
}
[[nodiscard]] constexpr std::optional<event_type> event_type_from(std::string_view name) noexcept {
  for (auto t : {event_type::offer, event_type::invite, event_type::pranswer, event_type::answer,
                 event_type::accept, event_type::alert, event_type::reject, event_type::rollback,
                 event_type::request, event_type::response, event_type::close})
    if (name == to_string(t)) return t;
  return std::nullopt;
}

/// What the host tells the machine. Use the named constructors.
struct event {
  event_type type = event_type::close;
  sip_method method = sip_method::invite;    // request, response, reject
  std::uint16_t status = 0;                  // response, reject
  bool reliable = false;                     // 1xx response with 100rel; answer in a reliable 18x
  carrier via = carrier::invite;             // offer
  description body;                          // offer, pranswer, answer, request, response
  std::optional<std::uint32_t> retry_after;  // response: Retry-After, seconds

  [[nodiscard]] static event offer(description sdp, carrier c = carrier::invite) {
    event e = of(event_type::offer, std::move(sdp));
    e.via = c;
    return e;
  }
  [[nodiscard]] static event invite() { return of(event_type::invite); }
  [[nodiscard]] static event pranswer(description sdp) {
    return of(event_type::pranswer, std::move(sdp));
  }
  [[nodiscard]] static event answer(description sdp, bool in_reliable_provisional = false) {
    event e = of(event_type::answer, std::move(sdp));
    e.reliable = in_reliable_provisional;
    return e;
  }
  [[nodiscard]] static event accept() { return of(event_type::accept); }
  [[nodiscard]] static event alert() { return of(event_type::alert); }
  [[nodiscard]] static event reject(std::uint16_t status, sip_method m = sip_method::invite) {
    event e = of(event_type::reject);
    e.method = m;
    e.status = status;
    return e;
  }
  [[nodiscard]] static event rollback() { return of(event_type::rollback); }
  [[nodiscard]] static event request(sip_method m, description sdp = {}) {
    event e = of(event_type::request, std::move(sdp));
    e.method = m;
    return e;
  }
  [[nodiscard]] static event response(sip_method m, std::uint16_t status, description sdp = {},
                                      bool reliable = false,
                                      std::optional<std::uint32_t> retry_after = {}) {
    event e = of(event_type::response, std::move(sdp));
    e.method = m;
    e.status = status;
    e.reliable = reliable;
    e.retry_after = retry_after;
    return e;
  }
  [[nodiscard]] static event close() { return of(event_type::close); }

 private:
  static event of(event_type t, description sdp = {}) {
    event e;
    e.type = t;
    e.body = std::move(sdp);
    return e;
  }
};

enum class action_type : std::uint8_t {
  send_request,     // send `method` with `body` (role `role`)
  send_response,    // send `status` to the received `method`, with `body`, `retry_after`
  create_offer,     // the peer asks for our offer: call on(event::offer(sdp, via))
  create_answer,    // an offer arrived: call on(answer), on(pranswer) or on(reject)
  apply_session,    // the negotiated session is now `local` + `remote`
  early_media,      // a preview answer: use `local` + `remote` until the answer
  restore_session,  // the session is back to `local` + `remote` (empty: none)
  retry,            // send the withdrawn offer again after `delay_ms`
  refresh_session,  // send a new offer so both ends agree again (RFC 6141 section 3.4)
  terminate,        // the dialog is over: stop media (BYE it if it was established)
};

[[nodiscard]] constexpr std::string_view to_string(action_type t) noexcept {
  switch (t) {
    case action_type::send_request:
      return "send";
    case action_type::send_response:
      return "respond";
    case action_type::create_offer:
      return "create-offer";
    case action_type::create_answer:
      return "create-answer";
    case action_type::apply_session:
      return "apply-session";
    case action_type::early_media:
      return "early-media";
    case action_type::restore_session:
      return "restore-session";
    case action_type::retry:
      return "retry";
    case action_type::refresh_session:
      return "refresh-session";
    case action_type::terminate:
      return "terminate";
  }
  return "terminate";
}

/// The role of a body in a message.
enum class body_role : std::uint8_t { none, offer, pranswer, answer };

[[nodiscard]] constexpr std::string_view to_string(body_role r) noexcept {
  switch (r) {
    case body_role::none:
      return "none";
    case body_role::offer:
      return "offer";
    case body_role::pranswer:
      return "pranswer";
    case body_role::answer:
      return "answer";
  }
  return "none";
}

struct action {
  action_type type = action_type::terminate;
  sip_method method = sip_method::invite;  // send_request, send_response
  std::uint16_t status = 0;                // send_response
  bool reliable = false;                   // a reliable 18x
  body_role role = body_role::none;
  description body;
  std::optional<std::uint32_t> retry_after;  // send_response 500: seconds
  carrier via = carrier::invite;             // create_offer, create_answer: where it goes
  std::uint32_t delay_ms = 0;                // retry: the drawn delay
  std::uint32_t min_delay_ms = 0;            // retry: the range it was drawn from
  std::uint32_t max_delay_ms = 0;
  bool local_offerer = false;  // apply_session, early_media, restore_session: we offered
  description local;           // apply_session, early_media, restore_session
  description remote;
};

/// Names a body in a trace line (the default writes "v<o= version>").
using body_namer = std::function<std::string(description const&)>;

/// One readable trace line ("respond 491 INVITE", "send UPDATE offer=v3").
[[nodiscard]] std::string to_string(action const& a, body_namer const& name = {});

/// What an accepted event did: the state after it and the actions to perform, in order.
struct step {
  signalling_state state = signalling_state::stable;
  std::vector<action> actions;
  /// An answer the machine refused in a message that cannot be refused (a 2xx or a
  /// reliable 18x), and why; the actions then end or repair the exchange (ACK and BYE,
  /// PRACK and CANCEL, or a new offer).
  std::optional<error> refused;
};

/// The machine of one SIP dialog. Copyable (descriptions are shared, immutable).
class signalling_machine {
 public:
  /// `seed` feeds the generator of glare delays (SplitMix64): the same seed and events give
  /// the same run.
  /// `policy` is how the peer's o= versions are checked (ours always follow RFC 3264).
  explicit signalling_machine(std::uint64_t seed = 0,
                              origin_policy policy = origin_policy::rfc3264) noexcept
      : random_(seed), origin_policy_(policy) {}

  /// Applies an event; on error nothing changed.
  [[nodiscard]] result<step> on(event const& e);

  /// The machine of another early dialog created by our pending initial INVITE (a fork
  /// answered): the offer pending, no response yet. Error unless the initial INVITE is
  /// still in progress.
  [[nodiscard]] result<signalling_machine> fork(std::uint64_t seed) const;

  [[nodiscard]] signalling_state state() const noexcept { return state_; }
  [[nodiscard]] description const& current_local() const noexcept { return current_local_; }
  [[nodiscard]] description const& current_remote() const noexcept { return current_remote_; }
  /// This side offered the current session (negotiated(current_local, current_remote, it)).
  [[nodiscard]] bool current_local_offerer() const noexcept { return current_local_offerer_; }
  [[nodiscard]] description const& pending_local() const noexcept { return pending_local_; }
  [[nodiscard]] description const& pending_remote() const noexcept { return pending_remote_; }
  /// The last description this side sent (the o= rules continue from it), and the peer.
  [[nodiscard]] description const& last_local() const noexcept { return last_local_; }
  [[nodiscard]] description const& last_remote() const noexcept { return last_remote_; }
  /// Where the pending offer travels (meaningful outside stable).
  [[nodiscard]] carrier pending_carrier() const noexcept { return pending_carrier_; }
  /// The dialog is confirmed (a 2xx to the initial INVITE was sent or received).
  [[nodiscard]] bool established() const noexcept { return established_; }
  /// This side sent the initial INVITE (owns the Call-ID: RFC 3261 section 14.1).
  [[nodiscard]] bool call_id_owner() const noexcept { return call_id_owner_; }

 private:
  // An INVITE transaction in one direction.
  struct invite_transaction {
    bool pending = false;       // no final response yet
    bool initial = false;       // it creates the dialog
    bool with_offer = false;    // the INVITE carried an offer
    bool answered = false;      // its own offer/answer exchange completed (18x, PRACK)
    bool cancelled = false;     // we sent CANCEL for it
    description restore_local;  // the session to restore if it fails
    description restore_remote;
    bool restore_local_offerer = false;
  };

  result<step> apply(event const& e);
  result<void> move(exchange_event e);
  result<step> local_offer(event const& e);
  result<step> local_invite();
  result<void> invite_allowed() const;
  void start_invite(invite_transaction& t, description const& offer);
  result<step> local_pranswer(event const& e);
  result<step> local_answer(event const& e);
  result<step> local_accept();
  result<step> local_alert();
  result<void> preconditions_allow(char const* what) const;
  result<step> local_reject(event const& e);
  result<step> local_rollback();
  result<step> remote_request(event const& e);
  result<step> remote_offer(event const& e, carrier via);
  result<step> remote_prack(event const& e);
  result<step> remote_ack(event const& e);
  result<step> remote_response(event const& e);
  result<step> invite_response(event const& e);
  result<step> update_response(event const& e);
  result<void> invite_failed(invite_transaction& t, std::uint16_t status, step& out);
  result<void> accept_answer(description const& answer, bool local);
  result<step> refuse_invite_answer(error why, bool final_response);
  result<step> refuse_update_answer(error why);
  void complete_exchange(step& out);
  void end(step& out, bool terminate);
  std::optional<std::uint16_t> offer_collision() const noexcept;
  bool invite_exchange_open() const noexcept;
  result<void> glare(sip_method m, std::uint16_t status, step& out);
  void retry_after_glare(std::uint16_t status, std::optional<std::uint32_t> retry_after, step& out);

  signalling_state state_ = signalling_state::stable;
  description current_local_;
  description current_remote_;
  description pending_local_;
  description pending_remote_;
  description last_local_;     // the last description we sent (o= rules)
  description last_remote_;    // the last description the peer sent
  description initial_offer_;  // for fork()
  carrier pending_carrier_ = carrier::invite;
  invite_transaction client_;    // the INVITE we sent
  invite_transaction server_;    // the INVITE we received
  bool awaiting_ack_ = false;    // we sent a 2xx to an INVITE
  bool awaiting_prack_ = false;  // we sent a reliable 18x
  bool prack_sent_ = false;      // we sent a PRACK and wait for its response
  bool established_ = false;
  bool dialog_started_ = false;
  bool call_id_owner_ = false;
  bool local_offerer_ = false;          // the pending offer is ours
  bool current_local_offerer_ = false;  // the current session was offered by us
  std::uint64_t random_;
  origin_policy origin_policy_ = origin_policy::rfc3264;
};

}  // namespace imsdp::negotiation
