// Event scripts: replay of signalling and split-configuration events into a trace.
#include <fmt/ranges.h>

#include <imsdp/negotiation/answer.hpp>
#include <imsdp/negotiation/json.hpp>
#include <imsdp/negotiation/signalling.hpp>
#include <imsdp/negotiation/split_machine.hpp>
#include <imsdp/sdp/parse.hpp>
#include <map>

namespace imsdp::negotiation {
namespace {

using nlohmann::json;

error invalid(std::string detail) {
  return make_error(errc::script_invalid, "event script", std::move(detail));
}

std::optional<split_message> split_message_from(std::string_view s) {
  for (auto m :
       {split_message::capabilities, split_message::split_config_req,
        split_message::split_config_resp, split_message::split_select,
        split_message::task_start_req, split_message::task_start_resp, split_message::task_stop,
        split_message::error, split_message::timeout, split_message::intermediate_data,
        split_message::sdp_answer, split_message::sdp_restore})
    if (s == to_string(m)) return m;
  return std::nullopt;
}

std::string ids(std::vector<std::uint8_t> const& list) {
  return fmt::format("[{}]", fmt::join(list, ","));
}

class runner {
 public:
  runner(json const& script, file_reader const& read, std::vector<script_session>* sessions,
         key_source const& keys)
      : script_(script), read_(read), sessions_(sessions), keys_(keys) {}
  result<std::vector<std::string>> run();

 private:
  result<description> body(json const& name_or_text);
  result<capabilities const*> caps(std::string const& name);
  std::string name_of(description const& d) const;
  description named(description d, json const& e, char const* kind);
  result<void> signalling(json const& e);
  result<void> split(json const& e);
  result<description> reoffer(json const& e, signalling_machine const& m);
  void feed_split(step const& s);
  void split_line(std::string text, result<split_step> const& r);

  json const& script_;
  file_reader const& read_;
  std::vector<script_session>* sessions_;
  key_source const& keys_;
  profile profile_ = profile::lenient();
  std::map<std::string, description> bodies_;
  std::map<sdp::session_description const*, std::string> names_;
  std::vector<description> kept_;
  std::map<std::string, capabilities> capabilities_;
  std::map<std::string, signalling_machine> dialogs_;
  std::optional<split_machine> split_;
  std::vector<std::string> trace_;
  std::map<std::string, negotiated_session> current_;  // per dialog, for the next one
  unsigned generated_ = 0;
};

std::string runner::name_of(description const& d) const {
  if (!d) return "none";
  auto const it = names_.find(d.get());
  if (it != names_.end()) return it->second;
  auto const* o = d->origin();
  return o == nullptr ? "sdp" : "v" + std::to_string(o->session_version);
}

description runner::named(description d, json const& e, char const* kind) {
  if (names_.count(d.get()) != 0) return d;  // a re-offer that changed nothing
  std::string const name =
      e.contains("name") ? e["name"].get<std::string>() : kind + std::to_string(++generated_);
  names_[d.get()] = name;
  bodies_[name] = d;
  kept_.push_back(d);  // named descriptions live as long as the run: no address is reused
  return d;
}

result<description> runner::body(json const& ref) {
  if (!ref.is_string()) return invalid("a body is named by a string");
  auto const name = ref.get<std::string>();
  auto const it = bodies_.find(name);
  if (it == bodies_.end()) return invalid("no body named '" + name + "'");
  return it->second;
}

result<capabilities const*> runner::caps(std::string const& name) {
  auto const it = capabilities_.find(name);
  if (it == capabilities_.end()) return invalid("no capabilities named '" + name + "'");
  return &it->second;
}

result<std::vector<std::string>> runner::run() {
  if (!script_.is_object() || !script_.contains("events") || !script_["events"].is_array())
    return invalid("a script is an object with an \"events\" array");
  if (script_.contains("profile")) {
    auto const p = profile_from_string(script_["profile"].get<std::string>());
    if (!p) return invalid("unknown profile");
    profile_ = *p;
  }
  json const bodies = script_.value("bodies", json::object());
  for (auto const& [name, value] : bodies.items()) {
    std::string text;
    if (value.is_object() && value.contains("file")) {
      if (!read_) return invalid("body '" + name + "' names a file and no reader is given");
      auto content = read_(value["file"].get<std::string>());
      if (!content) return content.error();
      text = std::move(*content);
    } else {
      text = value.get<std::string>();
    }
    auto doc = sdp::parse(text, profile_);
    if (!doc) return invalid("body '" + name + "': " + doc.error().message());
    description d = std::make_shared<sdp::session_description const>(std::move(*doc));
    names_[d.get()] = name;
    bodies_[name] = std::move(d);
  }
  json const capabilities = script_.value("capabilities", json::object());
  for (auto const& [name, value] : capabilities.items()) {
    std::string text;
    if (value.is_object() && value.contains("file")) {  // {"file": PATH}, as bodies
      if (!read_) return invalid("capabilities '" + name + "' name a file and no reader is given");
      auto content = read_(value["file"].get<std::string>());
      if (!content) return content.error();
      text = std::move(*content);
    } else {
      text = value.dump();
    }
    auto c = capabilities_from_json(text);
    if (!c) {
      auto e = c.error();
      e.detail = "capabilities '" + name + "' " + e.path + ": " + e.detail;
      return e;
    }
    if (c->sdes && !c->sdes->keys) c->sdes->keys = keys_;
    capabilities_.emplace(name, std::move(*c));
  }
  auto const policy = script_.value("originPolicy", std::string("rfc3264"));
  if (policy != "rfc3264" && policy != "lenient") return invalid("unknown originPolicy");
  dialogs_.emplace("main", signalling_machine(script_.value("seed", std::uint64_t{0}),
                                              policy == "lenient" ? origin_policy::lenient
                                                                  : origin_policy::rfc3264));
  if (script_.contains("split")) {
    auto const& s = script_["split"];
    auto const role = s.value("role", std::string("ue"));
    if (role != "ue" && role != "network") return invalid("split role is ue or network");
    split_.emplace(role == "ue" ? split_role::ue : split_role::network,
                   s.value("seed", std::uint64_t{0}));
  }
  for (auto const& e : script_["events"]) {
    if (!e.is_object() || !e.contains("event"))
      return invalid("an event is an object with \"event\"");
    auto const r = e["event"] == "split" ? split(e) : signalling(e);
    if (!r) return r.error();
  }
  return std::move(trace_);
}

result<description> runner::reoffer(json const& e, signalling_machine const& m) {
  auto const& base = m.current_local();
  if (!base) return invalid("a re-offer needs a current local description");
  auto const& last = m.last_local();  // the o= version continues from it
  auto const op = e["reoffer"].get<std::string>();
  auto const media = e.value("media", std::size_t{0});
  auto const stream = e.value("stream", std::uint16_t{0});
  if (op == "same") return base;
  if (op == "hold") return hold(*base, last);
  if (op == "resume") return resume(*base, last);
  if (op == "disable") return disable_media(*base, media, last);
  if (op == "add-media") {
    auto const c = caps(e.at("caps").get<std::string>());
    if (!c) return c.error();
    return add_media(*base, **c, e.at("kind").get<std::string>(), last);
  }
  if (op == "preconditions") {
    auto const reserved = e.value("reserved", std::string("sendrecv"));
    for (auto d : {sdp::precondition_direction::none, sdp::precondition_direction::send,
                   sdp::precondition_direction::recv, sdp::precondition_direction::sendrecv})
      if (reserved == sdp::to_string(d))
        return update_preconditions(*base, d, m.last_remote(), last);
    return invalid("reserved is none, send, recv or sendrecv");
  }
  if (op == "restart-ice")
    return restart_ice(*base, e.at("ufrag").get<std::string>(), e.at("pwd").get<std::string>(),
                       last);
  if (op == "add-channel") {
    auto const& c = e.at("channel");
    channel_spec spec;
    spec.stream_id = c.at("streamId").get<std::uint16_t>();
    spec.label = c.value("label", std::string());
    spec.subprotocol = c.value("subprotocol", std::string());
    if (c.contains("ordered")) spec.ordered = c["ordered"].get<bool>();
    if (c.contains("maxTime")) spec.max_time = c["maxTime"].get<std::uint16_t>();
    return add_channel(*base, media, spec, last);
  }
  if (op == "remove-channel") return remove_channel(*base, media, stream, last);
  if (op == "add-split") {
    auto const a = sdp::parse_attribute("3gpp-aiml-split", e.at("value").get<std::string>());
    if (!a) return invalid("add-split: " + a.error().message());
    return add_split_configuration(
        *base, media, stream,
        aiml::split::configuration::from(*a->get<aiml::split::aiml_split_3gpp>()), last);
  }
  if (op == "remove-split")
    return remove_split_configuration(*base, media, stream, e.at("cfg").get<std::uint8_t>(), last);
  return invalid("unknown reoffer '" + op + "'");
}

result<void> runner::signalling(json const& e) {
  auto const type = e["event"].get<std::string>();
  auto const dialog = e.value("dialog", std::string("main"));
  if (type == "fork") {
    auto const from = dialogs_.find(e.value("from", std::string("main")));
    if (from == dialogs_.end()) return invalid("no dialog to fork from");
    auto forked = from->second.fork(e.value("seed", std::uint64_t{0}));
    std::string line = "[" + dialog + "] fork of [" + from->first + "] => ";
    if (forked) {
      line += std::string(to_string(forked->state()));
      dialogs_.insert_or_assign(dialog, std::move(*forked));
    } else {
      line += "error " + std::string(to_string(forked.error().code)) + ": " + forked.error().detail;
    }
    trace_.push_back(std::move(line));
    return {};
  }
  auto const it = dialogs_.find(dialog);
  if (it == dialogs_.end()) return invalid("no dialog '" + dialog + "'");
  auto& m = it->second;
  std::string text = dialog == "main" ? "" : "[" + dialog + "] ";
  std::vector<std::string> explain;
  event ev;

  // The body of the event: named, generated from capabilities, or a re-offer.
  auto const event_body = [&](char const* kind) -> result<description> {
    if (e.contains("sdp")) return body(e["sdp"]);
    if (e.contains("reoffer")) {
      auto d = reoffer(e, m);
      if (!d) return d.error();
      return named(std::move(*d), e, kind);
    }
    if (!e.contains("caps")) return description{};
    auto c = caps(e["caps"].get<std::string>());
    if (!c) return c.error();
    result<generated> g = error{};
    if (type == "offer") {
      g = create_offer(**c);
    } else if (!m.pending_remote()) {
      return invalid("an answer from capabilities needs a pending remote offer");
    } else {
      g = create_answer(*m.pending_remote(), **c, m.last_local());
    }
    if (!g) return g.error();
    if (e.value("explain", false))
      for (auto const& d : g->decisions)
        explain.push_back("  explain " + to_string(d));
    return named(std::move(g->sdp), e, kind);
  };

  if (type == "offer") {
    auto const via = carrier_from(e.value("via", std::string("INVITE")));
    if (!via) return invalid("unknown carrier");
    auto d = event_body("offer");
    if (!d) return d.error();
    ev = event::offer(*d, *via);
    text += "offer " + std::string(to_string(*via)) + " " + name_of(*d);
  } else if (type == "pranswer" || type == "answer") {
    auto d = event_body(type.c_str());
    // An offer the capabilities refuse (RFC 3312: 420 or 580) is a line of the trace, as
    // a refused event is; the script goes on with the host's rejection.
    if (!d && (d.error().code == errc::precondition_unsupported ||
               d.error().code == errc::precondition_failure)) {
      trace_.push_back(text + type + " => error " + std::string(to_string(d.error().code)) + ": " +
                       d.error().detail);
      return {};
    }
    if (!d) return d.error();
    bool const reliable = e.value("reliable", false);
    ev = type == "answer" ? event::answer(*d, reliable) : event::pranswer(*d);
    text += type + " " + name_of(*d) + (reliable ? " reliable" : "");
  } else if (type == "invite") {
    ev = event::invite();
    text += "invite";
  } else if (type == "accept") {
    ev = event::accept();
    text += "accept";
  } else if (type == "alert") {
    ev = event::alert();
    text += "alert";
  } else if (type == "reject") {
    auto const method = sip_method_from(e.value("method", std::string("INVITE")));
    if (!method) return invalid("unknown method");
    ev = event::reject(e.value("status", std::uint16_t{488}), *method);
    text += "reject " + std::to_string(ev.status) + " " + std::string(to_string(*method));
  } else if (type == "rollback") {
    ev = event::rollback();
    text += "rollback";
  } else if (type == "close") {
    ev = event::close();
    text += "close";
  } else if (type == "request" || type == "response") {
    auto const method = sip_method_from(e.value("method", std::string("INVITE")));
    if (!method) return invalid("unknown method");
    auto d = event_body(type.c_str());
    if (!d) return d.error();
    std::optional<std::uint32_t> retry_after;
    if (e.contains("retryAfter")) retry_after = e["retryAfter"].get<std::uint32_t>();
    bool const reliable = e.value("reliable", false);
    if (type == "request") {
      ev = event::request(*method, *d);
      text += "receive " + std::string(to_string(*method));
    } else {
      ev = event::response(*method, e.value("status", std::uint16_t{200}), *d, reliable,
                           retry_after);
      text += "receive " + std::to_string(ev.status) + " " + std::string(to_string(*method));
      if (reliable) text += " reliable";
      if (retry_after) text += " Retry-After=" + std::to_string(*retry_after);
    }
    if (*d) text += " " + name_of(*d);
  } else {
    return invalid("unknown event '" + type + "'");
  }

  auto const r = m.on(ev);
  if (!r) {
    trace_.push_back(text + " => error " + std::string(to_string(r.error().code)) + ": " +
                     r.error().detail);
    return {};
  }
  text += " => " + std::string(to_string(r->state));
  if (r->refused)
    text += " refused " + std::string(to_string(r->refused->code)) + ": " + r->refused->detail;
  trace_.push_back(std::move(text));
  trace_.insert(trace_.end(), explain.begin(), explain.end());
  for (auto const& a : r->actions) {
    trace_.push_back("  " + to_string(a, [this](description const& d) { return name_of(d); }));
    bool const session =
        a.type == action_type::apply_session || a.type == action_type::restore_session;
    if (sessions_ == nullptr || !session || !a.local || !a.remote) continue;
    auto const before = current_.find(dialog);
    auto next = negotiated(*a.local, *a.remote, a.local_offerer,
                           before == current_.end() ? nullptr : &before->second);
    sessions_->push_back({trace_.size() - 1, dialog, next});
    current_.insert_or_assign(dialog, std::move(next));
  }
  feed_split(*r);
  return {};
}

// Every session applied or restored gives the split machine its configurations.
void runner::feed_split(step const& s) {
  if (!split_) return;
  for (auto const& a : s.actions) {
    if (a.type != action_type::apply_session && a.type != action_type::restore_session) continue;
    auto const& answer = a.local_offerer ? a.remote : a.local;
    split_event ev;
    ev.message = a.type == action_type::apply_session ? split_message::sdp_answer
                                                      : split_message::sdp_restore;
    if (answer) ev.configurations = negotiated_configurations(*answer);
    split_line("split " + std::string(to_string(ev.message)) + " " + ids(ev.configurations),
               split_->on(ev));
  }
}

void runner::split_line(std::string text, result<split_step> const& r) {
  if (!r) {
    trace_.push_back(text + " => error " + std::string(to_string(r.error().code)) + ": " +
                     r.error().detail);
    return;
  }
  text += " => " + std::string(to_string(r->state));
  if (auto const active = split_->active();
      active && (r->state == split_state::active || r->state == split_state::configured))
    text += " cfg=" + std::to_string(*active);
  if (auto const target = split_->target(); target && r->state == split_state::switching)
    text += " to cfg=" + std::to_string(*target);
  trace_.push_back(std::move(text));
  for (auto const& a : r->actions)
    trace_.push_back("  " + to_string(a));
}

result<void> runner::split(json const& e) {
  if (!split_) return invalid("a split event needs \"split\" in the script");
  auto const message = split_message_from(e.value("message", std::string()));
  if (!message) return invalid("unknown split message");
  split_event ev;
  ev.message = *message;
  ev.sent = e.value("sent", false);
  if (e.contains("cfg")) ev.cfg = e["cfg"].get<std::uint8_t>();
  ev.accepted = e.value("accepted", true);
  ev.code = e.value("code", std::uint16_t{0});
  ev.id = e.value("id", std::string());
  ev.re = e.value("re", std::string());
  if (e.contains("configurations"))
    ev.configurations = e["configurations"].get<std::vector<std::uint8_t>>();
  std::string text = "split " + std::string(to_string(*message));
  bool const control =
      *message != split_message::timeout && *message != split_message::intermediate_data &&
      *message != split_message::sdp_answer && *message != split_message::sdp_restore;
  if (control) text += ev.sent ? " sent" : " received";
  if (ev.cfg) text += " cfg=" + std::to_string(*ev.cfg);
  if (!ev.id.empty()) text += " id=" + ev.id;
  if (ev.code != 0) text += " " + std::to_string(ev.code);
  if (!ev.re.empty()) text += " re=" + ev.re;
  if (!ev.accepted) text += " refused";
  if (e.contains("configurations")) text += " " + ids(ev.configurations);
  split_line(std::move(text), split_->on(ev));
  return {};
}

}  // namespace

result<std::vector<std::string>> run_script(json const& script, file_reader const& read,
                                            std::vector<script_session>* sessions,
                                            key_source const& keys) {
  try {
    return runner(script, read, sessions, keys).run();
  } catch (json::exception const& x) {  // a member of the wrong type: nothing escapes
    return invalid(x.what());
  }
}

}  // namespace imsdp::negotiation
