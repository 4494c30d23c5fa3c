// The AI/ML split-configuration state machine of one control channel (DESIGN.md sections
// 5 and 8, research/spec-aiml-dc.md section 7.7). It runs above SDP: control messages on
// the 3gpp-aiml channel (named after the types of DESIGN.md section 6.3) and the outcomes
// of SDP offer/answer drive it. Sans-IO like the signalling machine: `on(event)` returns
// the new state and the actions to perform, an event not allowed is an error and changes
// nothing, time arrives as `timeout` events and retry delays are drawn from a seeded
// generator.
//
//   from         event            to           how
//   -----------  ---------------  -----------  ------------------------------------------
//   IDLE         capabilities     IDLE         capabilities sent or received (one side)
//   IDLE         discovered       DISCOVERED   capabilities of both sides exchanged
//   IDLE         configured       CONFIGURED   an SDP answer with configurations (SDP
//                                              negotiation implies discovery)
//   DISCOVERED   configured       CONFIGURED   SDP answer, or split-config-resp accepted
//   CONFIGURED   configured       CONFIGURED   a new configured set (SDP or resp)
//   CONFIGURED   started          ACTIVE       task-start-resp accepted: the requested
//                                              configuration, else the first accepted
//   ACTIVE       configured       ACTIVE       a new set; if the active one is gone the
//                                              first remaining becomes active (rule 5)
//   ACTIVE       switch           SWITCHING    split-select sent or received
//   SWITCHING    switched         ACTIVE       the peer's split-select for the target, or
//                                              the first intermediate-data unit with it
//   SWITCHING    switch-abandoned ACTIVE       timeout, the target removed by SDP, our
//                                              split-select refused, or the network
//                                              keeping the running one
//   SWITCHING    configured       SWITCHING    a new set that keeps the target
//   CONFIGURED,  stopped          STOPPED      task-stop, or a set with no configuration
//   ACTIVE,                                    (AI/ML off, rule 4)
//   SWITCHING
//   any but      exchange         (unchanged)  requests, responses, errors, timeouts that
//   STOPPED                                    change no state
//   STOPPED      anything         error        nothing after STOPPED
//
// Rules: one outstanding request per direction (split-config-req, task-start-req);
// simultaneous requests of one kind (glare): the network side wins: it answers the UE's
// request with error 409, and the UE abandons its own and retries after 0..2 s; a
// timeout of our outstanding request returns to the state before it; an SDP failure
// (a failed re-INVITE) restores the previous configured set through `sdp_restore`.
//
// Correlation: a response or error names its request by the envelope's "re" (DESIGN.md
// section 6.3). Events that carry `id` and `re` are matched exactly; without them a
// received error goes, in this order, to a request abandoned in glare (409 only), to our
// split-select refused in glare (409 only), then to our outstanding request.
#pragma once

#include <array>
#include <cstdint>
#include <imsdp/negotiation/rules.hpp>
#include <imsdp/result.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace imsdp::negotiation {

enum class split_state : std::uint8_t { idle, discovered, configured, active, switching, stopped };

[[nodiscard]] constexpr std::string_view to_string(split_state s) noexcept {
  switch (s) {
    case split_state::idle:
      return "IDLE";
    case split_state::discovered:
      return "DISCOVERED";
    case split_state::configured:
      return "CONFIGURED";
    case split_state::active:
      return "ACTIVE";
    case split_state::switching:
      return "SWITCHING";
    case split_state::stopped:
      return "STOPPED";
  }
  return "STOPPED";
}

/// The machine's own classification of an event (the columns of the table above).
enum class split_transition_event : std::uint8_t {
  capabilities,
  discovered,
  configured,
  started,
  switch_started,
  switched,
  switch_abandoned,
  stopped,
  exchange,
};

[[nodiscard]] constexpr std::string_view to_string(split_transition_event e) noexcept {
  switch (e) {
    case split_transition_event::capabilities:
      return "capabilities";
    case split_transition_event::discovered:
      return "discovered";
    case split_transition_event::configured:
      return "configured";
    case split_transition_event::started:
      return "started";
    case split_transition_event::switch_started:
      return "switch";
    case split_transition_event::switched:
      return "switched";
    case split_transition_event::switch_abandoned:
      return "switch-abandoned";
    case split_transition_event::stopped:
      return "stopped";
    case split_transition_event::exchange:
      return "exchange";
  }
  return "exchange";
}

struct split_transition {
  split_state from;
  split_transition_event event;
  split_state to;
};

namespace detail {
constexpr auto make_split_transitions() {
  using S = split_state;
  using E = split_transition_event;
  constexpr split_transition moves[] = {
      {S::idle, E::capabilities, S::idle},           {S::idle, E::discovered, S::discovered},
      {S::idle, E::configured, S::configured},       {S::discovered, E::configured, S::configured},
      {S::configured, E::configured, S::configured}, {S::configured, E::started, S::active},
      {S::active, E::configured, S::active},         {S::active, E::switch_started, S::switching},
      {S::switching, E::switched, S::active},        {S::switching, E::switch_abandoned, S::active},
      {S::switching, E::configured, S::switching},   {S::configured, E::stopped, S::stopped},
      {S::active, E::stopped, S::stopped},           {S::switching, E::stopped, S::stopped},
  };
  constexpr S open[] = {S::idle, S::discovered, S::configured, S::active, S::switching};
  std::array<split_transition, std::size(moves) + std::size(open)> all{};
  std::size_t n = 0;
  for (auto const& t : moves)
    all[n++] = t;
  for (auto s : open)
    all[n++] = {s, E::exchange, s};
  return all;
}
}  // namespace detail

inline constexpr auto split_transitions = detail::make_split_transitions();

[[nodiscard]] constexpr std::optional<split_state> next_state(split_state from,
                                                              split_transition_event e) noexcept {
  for (auto const& t : split_transitions)
    if (t.from == from && t.event == e) return t.to;
  return std::nullopt;
}

/// Which end of the control channel this machine runs at (the network wins glare).
enum class split_role : std::uint8_t { ue, network };

/// Control messages (DESIGN.md section 6.3) and the other inputs of the machine.
enum class split_message : std::uint8_t {
  capabilities,
  split_config_req,
  split_config_resp,
  split_select,
  task_start_req,
  task_start_resp,
  task_stop,
  error,
  timeout,            // the host's timer for our outstanding request (or switch) fired
  intermediate_data,  // the first AIDF unit of a configuration arrived
  sdp_answer,         // an SDP offer/answer completed with these configurations
  sdp_restore,        // a failed re-INVITE restored these configurations
};

[[nodiscard]] constexpr std::string_view to_string(split_message m) noexcept {
  switch (m) {
    case split_message::capabilities:
      return "capabilities";
    case split_message::split_config_req:
      return "split-config-req";
    case split_message::split_config_resp:
      return "split-config-resp";
    case split_message::split_select:
      return "split-select";
    case split_message::task_start_req:
      return "task-start-req";
    case split_message::task_start_resp:
      return "task-start-resp";
    case split_message::task_stop:
      return "task-stop";
    case split_message::error:
      return "error";
    case split_message::timeout:
      return "timeout";
    case split_message::intermediate_data:
      return "intermediate-data";
    case split_message::sdp_answer:
      return "sdp-answer";
    case split_message::sdp_restore:
      return "sdp-restore";
  }
  return "error";
}

struct split_event {
  split_message message = split_message::timeout;
  bool sent = false;  // control messages: sent by this side (else received)
  std::string id;     // requests and split-select: the envelope's "id" ("": not tracked)
  std::string re;     // responses and errors: the envelope's "re" ("": matched by order)
  std::optional<std::uint8_t> cfg;           // split-select, task-start-req, intermediate-data
  bool accepted = true;                      // -resp: the request was accepted
  std::uint16_t code = 0;                    // error: 400, 404, 409, 415, 422, 503
  std::vector<std::uint8_t> configurations;  // sdp_answer, sdp_restore, split-config-resp
};

enum class split_action_type : std::uint8_t {
  send,      // send `message` (with `cfg` or `code`)
  retry,     // send our abandoned `message` again after `delay_ms`
  activate,  // run configuration `cfg` from now on
  stop,      // stop the AI/ML task
};

struct split_action {
  split_action_type type = split_action_type::stop;
  split_message message = split_message::error;
  std::optional<std::uint8_t> cfg;
  std::uint16_t code = 0;
  std::string re;  // send error: the "re" of the reply (the id of the request refused)
  std::uint32_t delay_ms = 0;
  std::uint32_t min_delay_ms = 0;
  std::uint32_t max_delay_ms = 0;
};

[[nodiscard]] std::string to_string(split_action const& a);

struct split_step {
  split_state state = split_state::idle;
  std::vector<split_action> actions;
};

class split_machine {
 public:
  explicit split_machine(split_role role, std::uint64_t seed = 0) noexcept
      : role_(role), random_(seed) {}

  [[nodiscard]] result<split_step> on(split_event const& e);

  [[nodiscard]] split_state state() const noexcept { return state_; }
  [[nodiscard]] split_role role() const noexcept { return role_; }
  /// The negotiated configurations, in answer order.
  [[nodiscard]] std::vector<std::uint8_t> const& configurations() const noexcept {
    return configured_;
  }
  /// The configuration running (ACTIVE, SWITCHING), or the one that will (CONFIGURED).
  [[nodiscard]] std::optional<std::uint8_t> active() const noexcept { return active_; }
  /// The configuration being switched to (SWITCHING).
  [[nodiscard]] std::optional<std::uint8_t> target() const noexcept { return target_; }
  /// Our request waiting for its response, if any.
  [[nodiscard]] std::optional<split_message> outstanding() const noexcept {
    return local_ ? std::optional(local_->message) : std::nullopt;
  }

 private:
  /// A request waiting for its response.
  struct pending_request {
    split_message message;
    std::optional<std::uint8_t> cfg;  // task-start-req: its configuration
    std::string id;                   // the envelope's "id" ("": not tracked)
  };

  result<split_step> apply(split_event const& e);
  result<void> move(split_transition_event e);
  result<split_step> request(split_event const& e);
  result<split_step> response(split_event const& e);
  result<split_step> select(split_event const& e);
  result<split_step> configure(std::vector<std::uint8_t> const& set, split_step& out);
  result<split_step> error_received(split_event const& e);
  result<split_step> abandon_switch(split_step& out);
  void abandon_and_retry(split_step& out);
  bool in_set(std::uint8_t cfg) const noexcept;

  split_role role_;
  split_state state_ = split_state::idle;
  bool capabilities_sent_ = false;
  bool capabilities_received_ = false;
  std::vector<std::uint8_t> configured_;
  std::optional<std::uint8_t> active_;
  std::optional<std::uint8_t> target_;
  bool switch_ours_ = false;                   // the switch in progress was our split-select
  std::string select_id_;                      // the id of that split-select
  std::optional<std::string> refused_select_;  // our split-select lost in glare (its 409 may come)
  std::optional<pending_request> local_;       // our outstanding request
  std::optional<pending_request> remote_;      // the peer's outstanding request
  std::optional<pending_request> abandoned_;   // ours given up in glare (its 409 may come)
  std::uint64_t random_;
};

/// The configurations an SDP exchange negotiated on the first control channel of the
/// answer, in answer order (its first is the initially active one). A data-channel
/// m-section answered with port 0 negotiates none, whatever lines it kept (RFC 8864).
[[nodiscard]] std::vector<std::uint8_t> negotiated_configurations(
    sdp::session_description const& answer);

}  // namespace imsdp::negotiation
