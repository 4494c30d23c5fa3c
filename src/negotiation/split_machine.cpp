// The split-configuration state machine (research/spec-aiml-dc.md section 7.7).
#include <fmt/format.h>

#include <algorithm>
#include <imsdp/aiml/split/configuration.hpp>
#include <imsdp/negotiation/split_machine.hpp>
#include <iterator>

#include "negotiation/support.hpp"

namespace imsdp::negotiation {
namespace {

using S = split_state;
using E = split_transition_event;

error not_now(std::string detail) {
  return make_error(errc::invalid_state, "split-configuration state machine", std::move(detail));
}

split_action send(split_message m, std::optional<std::uint8_t> cfg = {}) {
  split_action a;
  a.type = split_action_type::send;
  a.message = m;
  a.cfg = cfg;
  return a;
}

// The error 409 with which the network refuses the UE's request or split-select in glare.
split_action conflict(std::string re) {
  split_action a = send(split_message::error);
  a.code = 409;
  a.re = std::move(re);
  return a;
}

// A response or error with the "re" `re` names the request with the id `id`.
bool names(std::string const& re, std::string const& id) {
  return !re.empty() && re == id;
}

// One of them is not tracked: the order decides whether the reply answers the request.
bool by_order(std::string const& re, std::string const& id) {
  return re.empty() || id.empty();
}

bool may_answer(std::string const& re, std::string const& id) {
  return names(re, id) || by_order(re, id);
}

split_action stop() {
  return {};  // split_action_type::stop
}

split_action activate(std::uint8_t cfg) {
  split_action a;
  a.type = split_action_type::activate;
  a.cfg = cfg;
  return a;
}

split_message request_of(split_message response) {
  return response == split_message::split_config_resp ? split_message::split_config_req
                                                      : split_message::task_start_req;
}

}  // namespace

std::string to_string(split_action const& a) {
  switch (a.type) {
    case split_action_type::send: {
      std::string out = fmt::format("send {}", to_string(a.message));
      if (a.cfg) fmt::format_to(std::back_inserter(out), " cfg={}", *a.cfg);
      if (a.code != 0) fmt::format_to(std::back_inserter(out), " {}", a.code);
      if (!a.re.empty()) fmt::format_to(std::back_inserter(out), " re={}", a.re);
      return out;
    }
    case split_action_type::retry:
      return fmt::format("retry {} after {} ms ({}..{})", to_string(a.message), a.delay_ms,
                         a.min_delay_ms, a.max_delay_ms);
    case split_action_type::activate:
      return "activate cfg=" + std::to_string(a.cfg.value_or(0));
    case split_action_type::stop:
      return "stop";
  }
  return "stop";
}

std::vector<std::uint8_t> negotiated_configurations(sdp::session_description const& answer) {
  std::vector<std::uint8_t> ids;
  // Port 0 refuses the whole SCTP association (RFC 8864), whatever lines it kept (as
  // pjmedia writes them): no configuration of it is negotiated (DESIGN.md 5 rule 4).
  for (auto const& set : aiml::split::configuration_sets(answer)) {
    if (answer.media(set.media_index).port() == 0) continue;
    for (auto const& c : set.configurations)
      ids.push_back(c.cfg_id);
    break;
  }
  return ids;
}

result<split_step> split_machine::on(split_event const& e) {
  return detail::all_or_nothing(*this, [&](split_machine& next) { return next.apply(e); });
}

result<void> split_machine::move(split_transition_event e) {
  auto const to = next_state(state_, e);
  if (!to) return not_now(std::string(to_string(e)) + " in " + std::string(to_string(state_)));
  state_ = *to;
  return {};
}

bool split_machine::in_set(std::uint8_t cfg) const noexcept {
  return std::find(configured_.begin(), configured_.end(), cfg) != configured_.end();
}

// Glare lost (or our request refused with 409): give it up and retry after 0..2 s.
void split_machine::abandon_and_retry(split_step& out) {
  split_action a;
  a.type = split_action_type::retry;
  a.message = local_->message;
  a.min_delay_ms = 0;
  a.max_delay_ms = 2000;
  a.delay_ms = 10 * detail::draw(random_, 0, 200);
  out.actions.push_back(a);
  abandoned_ = std::move(local_);
  local_.reset();
}

// Back to ACTIVE on the configuration the switch left (activated again, since either side
// may have begun with the target).
result<split_step> split_machine::abandon_switch(split_step& out) {
  if (auto r = move(E::switch_abandoned); !r) return r.error();
  target_.reset();
  if (!active_ || !in_set(*active_)) active_ = configured_.front();
  out.actions.push_back(activate(*active_));
  return std::move(out);
}

// An error from the peer: the refusal of a request abandoned in glare or of our
// split-select lost in glare (absorbed), or of our outstanding request (a 409 gives it up
// for a retry; any other code drops it), or of our split-select (the switch is abandoned).
// The request its re names; else, among the requests sent without an id (all of them when
// the error has no re), the first in that order, the first two for a 409 only.
result<split_step> split_machine::error_received(split_event const& e) {
  enum class refused { none, abandoned, lost_select, outstanding, select };
  auto const named = [&](std::string const& id) { return names(e.re, id); };
  auto const unnamed = [&](std::string const& id) { return by_order(e.re, id); };
  auto which = refused::none;
  if (abandoned_ && named(abandoned_->id)) {
    which = refused::abandoned;
  } else if (refused_select_ && named(*refused_select_)) {
    which = refused::lost_select;
  } else if (local_ && named(local_->id)) {
    which = refused::outstanding;
  } else if (state_ == S::switching && switch_ours_ && named(select_id_)) {
    which = refused::select;
  } else if (abandoned_ && unnamed(abandoned_->id) && e.code == 409) {
    which = refused::abandoned;
  } else if (refused_select_ && unnamed(*refused_select_) && e.code == 409) {
    which = refused::lost_select;
  } else if (local_ && unnamed(local_->id)) {
    which = refused::outstanding;
  }
  split_step out;
  switch (which) {
    case refused::none:
      return not_now(e.re.empty() ? "an error with no request outstanding"
                                  : "an error whose re names no request of ours outstanding");
    case refused::select:
      return abandon_switch(out);
    case refused::abandoned:
      abandoned_.reset();
      break;
    case refused::lost_select:
      refused_select_.reset();
      break;
    case refused::outstanding:
      if (e.code == 409) {
        abandon_and_retry(out);
      } else {
        local_.reset();  // refused: back to the state before the request
      }
      break;
  }
  if (auto r = move(E::exchange); !r) return r.error();
  return out;
}

result<split_step> split_machine::apply(split_event const& e) {
  if (state_ == S::stopped) return not_now("nothing happens after STOPPED");
  split_step out;
  switch (e.message) {
    case split_message::capabilities:
      (e.sent ? capabilities_sent_ : capabilities_received_) = true;
      if (state_ != S::idle) {
        if (auto r = move(E::exchange); !r) return r.error();
        return out;
      }
      if (auto r =
              move(capabilities_sent_ && capabilities_received_ ? E::discovered : E::capabilities);
          !r)
        return r.error();
      return out;
    case split_message::split_config_req:
    case split_message::task_start_req:
      return request(e);
    case split_message::split_config_resp:
    case split_message::task_start_resp:
      return response(e);
    case split_message::split_select:
      return select(e);
    case split_message::intermediate_data:
      if (state_ == S::switching && e.cfg == target_) {
        if (auto r = move(E::switched); !r) return r.error();
        active_ = target_;
        target_.reset();
        out.actions.push_back(activate(*active_));
        return out;
      }
      if ((state_ == S::active || state_ == S::switching) && e.cfg == active_) {
        if (auto r = move(E::exchange); !r) return r.error();
        return out;
      }
      return not_now("intermediate data of a configuration not running");
    case split_message::task_stop:
      if (auto r = move(E::stopped); !r) return r.error();
      if (!e.sent) out.actions.push_back(stop());
      local_.reset();
      remote_.reset();
      return out;
    case split_message::error:
      if (!e.sent) return error_received(e);
      if (!remote_) return not_now("no request of the peer to refuse");
      if (!may_answer(e.re, remote_->id))
        return not_now("the error's re is not the peer's request");
      remote_.reset();
      if (auto r = move(E::exchange); !r) return r.error();
      return out;
    case split_message::timeout:
      if (state_ == S::switching) return abandon_switch(out);
      if (!local_) return not_now("a timeout with no request outstanding");
      local_.reset();
      if (auto r = move(E::exchange); !r) return r.error();
      return out;
    case split_message::sdp_answer:
    case split_message::sdp_restore:
      return configure(e.configurations, out);
  }
  return not_now("unknown event");
}

result<split_step> split_machine::request(split_event const& e) {
  split_step out;
  if (e.message == split_message::split_config_req && state_ != S::discovered &&
      state_ != S::configured && state_ != S::active)
    return not_now("split-config-req needs the capabilities exchanged");
  if (e.message == split_message::task_start_req &&
      (state_ != S::configured || (e.cfg && !in_set(*e.cfg))))
    return not_now("task-start-req needs a configured set (and a configuration of it)");
  if (e.sent) {
    if (local_) return not_now("one outstanding request per direction");
    if (remote_ && remote_->message == e.message && role_ == split_role::ue)
      return not_now("the network's request wins: answer it first");
    local_ = pending_request{e.message, e.cfg, e.id};
  } else {
    if (remote_) return not_now("the peer has a request outstanding already");
    if (local_ && local_->message == e.message) {  // glare: the network wins
      if (role_ == split_role::network) {
        out.actions.push_back(conflict(e.id));
        if (auto r = move(E::exchange); !r) return r.error();
        return out;
      }
      abandon_and_retry(out);
    }
    remote_ = pending_request{e.message, e.cfg, e.id};
  }
  if (auto r = move(E::exchange); !r) return r.error();
  return out;
}

result<split_step> split_machine::response(split_event const& e) {
  split_step out;
  auto const request = request_of(e.message);
  auto& outstanding = e.sent ? remote_ : local_;
  if (!outstanding || outstanding->message != request)
    return not_now(std::string(to_string(e.message)) + " without its request outstanding");
  if (!may_answer(e.re, outstanding->id))
    return not_now(std::string(to_string(e.message)) + " whose re is not the id of its request");
  auto const requested = outstanding->cfg;
  outstanding.reset();
  if (!e.accepted) {
    if (auto r = move(E::exchange); !r) return r.error();
    return out;
  }
  if (e.message == split_message::split_config_resp) return configure(e.configurations, out);
  // task-start-resp accepted: ACTIVE on the requested configuration, else the first.
  if (state_ != S::configured || configured_.empty())
    return not_now("task-start-resp without a configured set");
  if (auto r = move(E::started); !r) return r.error();
  active_ = requested && in_set(*requested) ? *requested : configured_.front();
  out.actions.push_back(activate(*active_));
  return out;
}

result<split_step> split_machine::select(split_event const& e) {
  split_step out;
  if (!e.cfg || !in_set(*e.cfg)) return not_now("split-select of a configuration not negotiated");
  if (state_ == S::active) {
    if (*e.cfg == active_) return not_now("split-select of the active configuration");
    if (auto r = move(E::switch_started); !r) return r.error();
    target_ = e.cfg;
    switch_ours_ = e.sent;
    select_id_ = e.sent ? e.id : std::string();
    if (!e.sent) out.actions.push_back(send(split_message::split_select, e.cfg));  // ack
    return out;
  }
  if (state_ != S::switching) return not_now("split-select outside ACTIVE or SWITCHING");
  if (!e.sent && *e.cfg == target_ && switch_ours_) {  // the peer acknowledges our switch
    if (auto r = move(E::switched); !r) return r.error();
    active_ = target_;
    target_.reset();
    out.actions.push_back(activate(*active_));
    return out;
  }
  if (e.sent) return not_now("a switch is in progress");
  // Both sides selected different configurations: the network wins.
  if (role_ == split_role::network) {
    out.actions.push_back(conflict(e.id));
    if (auto r = move(E::exchange); !r) return r.error();
    return out;
  }
  if (switch_ours_) refused_select_ = select_id_;  // the network's 409 for it may come
  switch_ours_ = false;
  out.actions.push_back(send(split_message::split_select, e.cfg));  // ack the network's
  if (*e.cfg == active_) {  // the network keeps the running configuration
    if (auto r = move(E::switch_abandoned); !r) return r.error();
    target_.reset();
    return out;
  }
  target_ = e.cfg;
  if (auto r = move(E::exchange); !r) return r.error();
  return out;
}

// A new configured set (SDP answer or restore, split-config-resp), with the fallback of
// DESIGN.md section 5 rule 5 and AI/ML off when nothing is left (rule 4).
result<split_step> split_machine::configure(std::vector<std::uint8_t> const& set, split_step& out) {
  if (set.empty()) {
    if (state_ == S::idle || state_ == S::discovered) {
      if (auto r = move(E::exchange); !r) return r.error();
      return out;
    }
    if (auto r = move(E::stopped); !r) return r.error();
    configured_.clear();
    active_.reset();
    target_.reset();
    out.actions.push_back(stop());
    return out;
  }
  configured_ = set;
  switch (state_) {
    case S::idle:
    case S::discovered:
    case S::configured:
      if (auto r = move(E::configured); !r) return r.error();
      active_ = set.front();
      return out;
    case S::active:
      if (auto r = move(E::configured); !r) return r.error();
      if (!in_set(*active_)) {
        active_ = set.front();
        out.actions.push_back(activate(*active_));
      }
      return out;
    case S::switching:
      if (in_set(*target_)) {
        if (auto r = move(E::configured); !r) return r.error();
        return out;
      }
      return abandon_switch(out);
    case S::stopped:
      break;
  }
  return not_now("configurations after STOPPED");
}

}  // namespace imsdp::negotiation
