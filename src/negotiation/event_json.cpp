// Signalling events from JSON and steps to JSON (docs/c-api.md, "the signalling machine"):
// how a host that does not speak C++ drives signalling_machine.
#include <imsdp/negotiation/json.hpp>

#include "detail/json_reader.hpp"

namespace imsdp::negotiation {
namespace {

using imsdp::detail::object_view;
using nlohmann::json;

/// The member `key` read by `from` (a name as to_string spells it), `fallback` when absent.
template <class E>
std::optional<E> named(object_view const& o, std::string_view key,
                       std::optional<E> (*from)(std::string_view) noexcept, E fallback) {
  auto const text = o.string(key, false, 32);
  if (!text) return o.valid() ? std::optional<E>(fallback) : std::nullopt;
  if (auto const v = from(*text)) return v;
  o.reader().fail(errc::json_value_out_of_range, o.member_path(key), "unknown " + *text);
  return std::nullopt;
}

}  // namespace

result<event> event_from_json(std::string_view json_text, description body) {
  auto const parsed = imsdp::detail::parse_strict(json_text, {4096, 4});
  if (!parsed) return parsed.error();
  imsdp::detail::json_reader r;
  object_view const o(r, *parsed, "",
                      {"event", "via", "method", "status", "reliable", "retryAfter"});
  if (!o.valid()) return r.take_error();
  auto const type = named(o, "event", &event_type_from, event_type::close);
  if (type && !o.has("event")) r.fail(errc::json_missing_member, "/event");
  auto const via = named(o, "via", &carrier_from, carrier::invite);
  auto const method = named(o, "method", &sip_method_from, sip_method::invite);
  auto const status = o.unsigned_integer("status", false, 100, 699);
  auto const reliable = o.boolean("reliable", false);
  auto const retry_after = o.unsigned_integer("retryAfter", false, 0, 0xFFFFFFFFu);
  if (!r.ok()) return r.take_error();
  // What each event carries (signalling.hpp): a body where one is needed, a status where one is.
  bool const needs_body =
      *type == event_type::offer || *type == event_type::pranswer || *type == event_type::answer;
  bool const may_have_body =
      needs_body || *type == event_type::request || *type == event_type::response;
  if (needs_body && !body)
    return make_json_error(errc::missing_body, "", "this event needs an SDP");
  if (!may_have_body && body)
    return make_json_error(errc::unexpected_body, "", "this event carries no SDP");
  if ((*type == event_type::response) && !status)
    return make_json_error(errc::json_missing_member, "/status");
  event e;
  e.type = *type;
  e.body = std::move(body);
  e.via = *via;
  e.method = *method;
  e.status = static_cast<std::uint16_t>(status.value_or(*type == event_type::reject ? 488 : 0));
  e.reliable = reliable.value_or(false);
  if (retry_after) e.retry_after = static_cast<std::uint32_t>(*retry_after);
  return e;
}

json step_json(step const& s, std::function<json(description const&)> const& body_ref) {
  json actions = json::array();
  for (auto const& a : s.actions) {
    json j{{"action", to_string(a.type)}};
    switch (a.type) {
      case action_type::send_request:
        j["method"] = to_string(a.method);
        break;
      case action_type::send_response:
        j["method"] = to_string(a.method);
        j["status"] = a.status;
        j["reliable"] = a.reliable;
        if (a.retry_after) j["retryAfter"] = *a.retry_after;
        break;
      case action_type::create_offer:
      case action_type::create_answer:
        j["via"] = to_string(a.via);
        break;
      case action_type::apply_session:
      case action_type::early_media:
      case action_type::restore_session:
        j["localOfferer"] = a.local_offerer;
        j["local"] = body_ref(a.local);
        j["remote"] = body_ref(a.remote);
        break;
      case action_type::retry:
        j["delayMs"] = a.delay_ms;
        j["minDelayMs"] = a.min_delay_ms;
        j["maxDelayMs"] = a.max_delay_ms;
        break;
      case action_type::refresh_session:
      case action_type::terminate:
        break;
    }
    if (a.body) {
      j["role"] = to_string(a.role);
      j["body"] = body_ref(a.body);
    }
    j["trace"] = to_string(a);
    actions.push_back(std::move(j));
  }
  json out{{"state", to_string(s.state)}, {"actions", std::move(actions)}};
  if (s.refused) {
    out["refused"] = {{"code", to_string(s.refused->code)}, {"message", s.refused->message()}};
  }
  return out;
}

}  // namespace imsdp::negotiation
