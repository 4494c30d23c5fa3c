// Strict readers of the user interaction messages (message.hpp; design section 13.3).
#include <algorithm>
#include <imsdp/user_interaction/exposure.hpp>
#include <imsdp/user_interaction/message.hpp>

#include "user_interaction/reader.hpp"

namespace imsdp::user_interaction {
namespace reading {

subject read_subject(reader const& rd, json const& v, std::string const& path) {
  object_view o(rd.sink(), v, path, {"type", "ref"}, ignore);
  subject s;
  s.type = rd.name(o, "type", true, subject_type_from).value_or(subject_type::call);
  s.ref = rd.text(o, "ref", true, 64).value_or("");
  return s;
}

namespace {
option read_option(reader const& rd, json const& v, std::string const& path) {
  object_view o(rd.sink(), v, path, {"oid", "label", "dtmf", "intent"}, ignore);
  option out;
  out.oid = rd.id(o, "oid", true).value_or("");
  out.label = rd.text(o, "label", false, rd.bounds().max_label);
  out.dtmf = rd.text(o, "dtmf", false, 16);
  if (out.dtmf && !std::all_of(out.dtmf->begin(), out.dtmf->end(), [](char c) {
        return (c >= '0' && c <= '9') || c == '*' || c == '#' || (c >= 'A' && c <= 'D');
      }))
    rd.sink().fail(errc::json_value_out_of_range, o.member_path("dtmf"),
                   "not RFC 4733 digits [0-9*#A-D]");
  out.intent = rd.id(o, "intent", false);
  return out;
}

}  // namespace

action read_action(reader const& rd, json const& v, std::string const& path) {
  object_view o(rd.sink(), v, path, {"aid", "type", "scale", "max", "options"}, ignore);
  action a;
  a.aid = rd.id(o, "aid", true).value_or("");
  a.type = rd.name(o, "type", true, action_type_from).value_or(action_type::choice);
  if (!o.valid()) return a;
  bool const rating = a.type == action_type::rating;
  a.scale = rd.name(o, "scale", rating, rating_scale_from);
  if (!rating && a.scale)
    rd.sink().fail(errc::json_unknown_member, o.member_path("scale"), "only a rating has a scale");
  a.options =
      rd.list<option>(o, "options", !rating, rd.bounds().max_options,
                      [&](json const& e, std::string const& p) { return read_option(rd, e, p); });
  if (rating && !a.options.empty())
    rd.sink().fail(errc::json_unknown_member, o.member_path("options"), "a rating has no options");
  if (auto const m = o.unsigned_integer("max", false, 1, rd.bounds().max_options)) {
    if (a.type != action_type::multi)
      rd.sink().fail(errc::json_unknown_member, o.member_path("max"), "only multi has a max");
    a.max = static_cast<std::uint32_t>(*m);
  }
  auto const words = vocabulary(a.type);
  for (std::size_t i = 0; i < a.options.size() && rd.sink().ok(); ++i) {
    auto const p = pointer_append(o.member_path("options"), i);
    if (!words.empty() && std::find(words.begin(), words.end(), a.options[i].oid) == words.end())
      rd.sink().fail(errc::json_value_out_of_range, p + "/oid",
                     "not a " + std::string(to_string(a.type)) + " option");
    bool const navigate = a.type == action_type::navigate;
    if (navigate && a.options[i].dtmf.has_value() == a.options[i].intent.has_value())
      rd.sink().fail(errc::json_missing_member, p, "a navigate option has dtmf or intent");
    if (!navigate && (a.options[i].dtmf || a.options[i].intent))
      rd.sink().fail(errc::json_unknown_member, p, "dtmf and intent are for navigate options");
  }
  rd.unique(a.options, o.member_path("options"), "oid", "option id",
            [](option const& x) -> std::string const& { return x.oid; });
  return a;
}

prompt read_prompt(reader const& rd, json const& v, std::string const& path) {
  object_view o(rd.sink(), v, path, {"lang", "title", "text"}, ignore);
  prompt p;
  p.lang = rd.text(o, "lang", true, 35).value_or("");
  p.title = rd.text(o, "title", true, rd.bounds().max_title).value_or("");
  p.text = rd.text(o, "text", false, rd.bounds().max_text);
  return p;
}

slot_values read_slots(reader const& rd, object_view const& o) {
  slot_values out;
  auto const* v = o.get("slots", false);
  if (v == nullptr || !rd.sink().ok()) return out;
  auto const path = o.member_path("slots");
  if (!v->is_object() || v->size() > rd.bounds().max_slots) {
    rd.sink().fail(v->is_object() ? errc::ui_limit : errc::json_type, path,
                   "an object of at most " + std::to_string(rd.bounds().max_slots) + " slots");
    return out;
  }
  for (auto it = v->begin(); it != v->end() && rd.sink().ok(); ++it) {
    auto const p = pointer_append(path, it.key());
    if (!valid_id(it.key())) rd.sink().fail(errc::json_value_out_of_range, p, "not a slot name");
    if (auto value = rd.text_value(it.value(), p, rd.bounds().max_slot_value))
      out.emplace(it.key(), std::move(*value));
  }
  return out;
}

}  // namespace reading

namespace {

using namespace reading;

template <class T>
void envelope(reader const& rd, object_view const& o, T& m) {
  m.id = rd.id(o, "id", true).value_or("");
  m.ts = rd.time(o, "ts", true).value_or(time_point{});
}

offer read_offer(reader const& rd, object_view const& o) {
  offer m;
  envelope(rd, o, m);
  m.iss = rd.text(o, "iss", true, 253).value_or("");
  m.cat = rd.name(o, "category", true, category_from).value_or(category::quality_feedback);
  m.template_ref = rd.text(o, "template", false, 48);
  if (m.template_ref && !valid_template_ref(*m.template_ref))
    rd.sink().fail(errc::json_value_out_of_range, o.member_path("template"), "not <id>@<version>");
  if (auto const* s = o.get("subject", true))
    m.subject = read_subject(rd, *s, o.member_path("subject"));
  if (auto const* p = o.get("prompt", true))
    m.prompt = read_prompt(rd, *p, o.member_path("prompt"));
  m.slots = read_slots(rd, o);
  m.actions =
      rd.list<action>(o, "actions", true, rd.bounds().max_actions,
                      [&](json const& e, std::string const& p) { return read_action(rd, e, p); });
  rd.unique(m.actions, o.member_path("actions"), "aid", "action id",
            [](action const& x) -> std::string const& { return x.aid; });
  if (auto const* c = o.get("constraints", true)) {
    object_view co(rd.sink(), *c, o.member_path("constraints"),
                   {"expires", "maxResponses", "freeText"}, ignore);
    m.expires = rd.time(co, "expires", true).value_or(time_point{});
    m.max_responses = static_cast<std::uint32_t>(
        co.unsigned_integer("maxResponses", false, 1, rd.bounds().max_responses).value_or(1));
    m.free_text = co.boolean("freeText", false).value_or(false);
  }
  if (auto const* c = o.get("consent", false)) {
    object_view co(rd.sink(), *c, o.member_path("consent"), {"purpose", "required"}, ignore);
    m.consent_purpose = rd.id(co, "purpose", true);
    m.consent_required = co.boolean("required", false).value_or(false);
  }
  if (auto const* c = o.get("charging", false)) {
    object_view co(rd.sink(), *c, o.member_path("charging"), {"class"}, ignore);
    m.charging_class = rd.id(co, "class", true).value_or("free");
  }
  m.token = rd.text(o, "token", true, 2048).value_or("");
  m.sig = rd.text(o, "sig", false, 2048);
  return m;
}

answer read_answer(reader const& rd, json const& v, std::string const& path) {
  object_view o(rd.sink(), v, path, {"aid", "value", "values"}, ignore);
  answer a;
  a.aid = rd.id(o, "aid", true).value_or("");
  if (auto const* value = o.get("value", false)) {
    if (value->is_string()) {
      a.choice = rd.id_value(*value, o.member_path("value"));
    } else {
      a.rating = imsdp::detail::integer_value(rd.sink(), *value, o.member_path("value"), -1000000,
                                              1000000);
    }
  }
  a.values = rd.ids(o, "values", false);
  if (o.valid() && o.has("value") == o.has("values"))
    rd.sink().fail(errc::json_missing_member, path, "an answer has \"value\" or \"values\"");
  if (o.valid() && o.has("values") && a.values.empty())
    rd.sink().fail(errc::json_value_out_of_range, o.member_path("values"), "empty");
  return a;
}

response read_response(reader const& rd, object_view const& o) {
  response m;
  envelope(rd, o, m);
  m.offer_id = rd.id(o, "offer", true).value_or("");
  m.token = rd.text(o, "token", true, 2048).value_or("");
  m.answers =
      rd.list<answer>(o, "answers", true, rd.bounds().max_actions,
                      [&](json const& e, std::string const& p) { return read_answer(rd, e, p); });
  rd.unique(m.answers, o.member_path("answers"), "aid", "action id",
            [](answer const& x) -> std::string const& { return x.aid; });
  m.text = rd.text(o, "text", false, rd.bounds().max_free_text);
  return m;
}

ack read_ack(reader const& rd, object_view const& o) {
  ack m;
  envelope(rd, o, m);
  m.re = rd.id(o, "re", true).value_or("");
  m.offer_id = rd.id(o, "offer", true).value_or("");
  m.status = rd.name(o, "status", true, ack_status_from).value_or(ack_status::invalid);
  m.retry_after =
      static_cast<std::uint32_t>(o.unsigned_integer("retryAfter", false, 0, 86400).value_or(0));
  return m;
}

withdraw read_withdraw(reader const& rd, object_view const& o) {
  withdraw m;
  envelope(rd, o, m);
  m.offer_id = rd.id(o, "offer", true).value_or("");
  m.reason = rd.name(o, "reason", true, withdraw_reason_from).value_or(withdraw_reason::policy);
  return m;
}

solicit read_solicit(reader const& rd, object_view const& o) {
  solicit m;
  envelope(rd, o, m);
  m.cat = rd.name(o, "category", true, category_from).value_or(category::spam_report);
  if (auto const* s = o.get("subject", true))
    m.subject = read_subject(rd, *s, o.member_path("subject"));
  return m;
}

// {"name": "in" | "out", ...} with names `from` accepts; sorted by key (JSON objects are).
template <class Key, class From>
std::vector<std::pair<Key, opt>> read_opts(reader const& rd, object_view const& o,
                                           std::string_view key, From from) {
  std::vector<std::pair<Key, opt>> out;
  auto const* v = o.get(key, false);
  if (v == nullptr || !rd.sink().ok()) return out;
  auto const path = o.member_path(key);
  if (!v->is_object()) {
    rd.sink().fail(errc::json_type, path, std::string("an object, not ") + v->type_name());
    return out;
  }
  if (v->size() > rd.bounds().max_list) {
    rd.sink().fail(
        errc::ui_limit, path,
        std::to_string(v->size()) + " members, limit " + std::to_string(rd.bounds().max_list));
    return out;
  }
  for (auto const& [name, value] : v->items()) {
    auto const p = pointer_append(path, name);
    auto const k = from(name);
    if (!k) {
      rd.sink().fail(errc::json_value_out_of_range, p, "unknown name '" + name + "'");
      return out;
    }
    auto const s = rd.text_value(value, p, 8);
    if (!s) return out;
    if (*s != "in" && *s != "out") {
      rd.sink().fail(errc::json_value_out_of_range, p, "\"in\" or \"out\"");
      return out;
    }
    out.emplace_back(*k, *s == "in" ? opt::in : opt::out);
  }
  std::sort(out.begin(), out.end());
  return out;
}

preferences read_preferences(reader const& rd, object_view const& o) {
  preferences m;
  envelope(rd, o, m);
  m.version = o.unsigned_integer("version", true, 1, imsdp::detail::max_safe_integer).value_or(1);
  m.categories = read_opts<category>(rd, o, "categories", category_from);
  m.third_parties = read_opts<std::string>(rd, o, "thirdParties", [](std::string_view s) {
    return valid_id(s) ? std::optional<std::string>(s) : std::nullopt;
  });
  if (auto const n = o.unsigned_integer("maxOffersPerDay", false, 0, 1000))
    m.max_offers_per_day = static_cast<std::uint32_t>(*n);
  return m;
}

consent_record read_consent(reader const& rd, object_view const& o) {
  consent_record m;
  envelope(rd, o, m);
  m.record_id = rd.id(o, "recordId", true).value_or("");
  m.version = o.unsigned_integer("version", true, 1, imsdp::detail::max_safe_integer).value_or(1);
  m.subject = rd.text(o, "subject", true, 64).value_or("");
  m.controller = rd.text(o, "controller", true, 253).value_or("");
  m.purposes = rd.ids(o, "purposes", true);
  m.data_categories = rd.ids(o, "dataCategories", false);
  m.recipients = rd.list<recipient>(o, "recipients", false, rd.bounds().max_list,
                                    [&](json const& e, std::string const& p) {
                                      object_view ro(rd.sink(), e, p, {"id", "role"}, ignore);
                                      recipient r;
                                      r.id = rd.text(ro, "id", true, 253).value_or("");
                                      r.role = rd.id(ro, "role", true).value_or("");
                                      return r;
                                    });
  m.legal_basis = rd.id(o, "legalBasis", true).value_or("");
  m.state = rd.name(o, "state", true, consent_state_from).value_or(consent_state::refused);
  m.given = rd.time(o, "given", true).value_or(time_point{});
  m.expires = rd.time(o, "expires", false);
  m.withdrawn = rd.time(o, "withdrawn", false);
  m.method = rd.id(o, "method", true).value_or("");
  m.jurisdiction = rd.text(o, "jurisdiction", true, 2, 2).value_or("");
  m.notice_ref = rd.text(o, "noticeRef", false, 256);
  m.free_text = o.boolean("freeText", false).value_or(false);
  if (o.valid() && m.state == consent_state::withdrawn && !m.withdrawn)
    rd.sink().fail(errc::json_missing_member, o.member_path("withdrawn"),
                   "a withdrawn record says when");
  return m;
}

charging_record read_charging(reader const& rd, object_view const& o) {
  charging_record m;
  envelope(rd, o, m);
  m.record_id = rd.text(o, "recordId", true, 64).value_or("");
  m.seq = o.unsigned_integer("seq", true, 0, imsdp::detail::max_safe_integer).value_or(0);
  m.event = rd.name(o, "event", true, [](std::string_view s) {
                return s == "response" || s == "exposure" || s == "proposal"
                           ? std::optional<std::string>(s)
                           : std::nullopt;
              }).value_or("");
  m.cat = rd.name(o, "category", true, category_from).value_or(category::quality_feedback);
  m.template_ref = rd.text(o, "template", true, 48).value_or("");
  m.charged_party = rd.text(o, "chargedParty", true, 40).value_or("");
  if (o.valid() && m.charged_party != "subscriber" && m.charged_party != "operator" &&
      !(m.charged_party.starts_with("tp:") &&
        valid_id(std::string_view(m.charged_party).substr(3))))
    rd.sink().fail(errc::json_value_out_of_range, o.member_path("chargedParty"),
                   "subscriber, operator or tp:<id>");
  m.served_user_ref = rd.text(o, "servedUserRef", true, 64).value_or("");
  m.icid_ref = rd.text(o, "icidRef", false, 256);
  m.home_network = rd.text(o, "homeNetwork", true, 253).value_or("");
  m.serving_network = rd.text(o, "servingNetwork", true, 253).value_or("");
  m.rating_group = static_cast<std::uint32_t>(
      o.unsigned_integer("ratingGroup", true, 0, 4294967295u).value_or(0));
  if (auto const t = rd.text(o, "oneTimeEventType", true, 8); t && *t != "IEC")
    rd.sink().fail(errc::json_value_out_of_range, o.member_path("oneTimeEventType"), "\"IEC\"");
  m.retransmission = o.boolean("retransmission", false).value_or(false);
  return m;
}

proposal read_proposal(reader const& rd, object_view const& o) {
  proposal m;
  envelope(rd, o, m);
  m.third_party = rd.id(o, "thirdParty", true).value_or("");
  m.template_ref = rd.text(o, "template", true, 48).value_or("");
  if (o.valid() && !valid_template_ref(m.template_ref))
    rd.sink().fail(errc::json_value_out_of_range, o.member_path("template"), "not <id>@<version>");
  m.slots = read_slots(rd, o);
  if (auto const* a = o.get("audience", true)) {
    object_view ao(rd.sink(), *a, o.member_path("audience"), {"subjectType", "ref"}, ignore);
    m.audience_type =
        rd.name(ao, "subjectType", true, subject_type_from).value_or(subject_type::call);
    m.audience_ref = rd.text(ao, "ref", true, 64).value_or("");
  }
  m.purpose = rd.id(o, "purpose", true).value_or("");
  m.results = rd.name(o, "results", true, [](std::string_view s) {
                  return s == "aggregate"    ? std::optional(result_form::aggregate)
                         : s == "individual" ? std::optional(result_form::individual)
                                             : std::nullopt;
                }).value_or(result_form::aggregate);
  if (auto const* w = o.get("window", true)) {
    object_view wo(rd.sink(), *w, o.member_path("window"), {"from", "until"}, ignore);
    m.window_from = rd.time(wo, "from", true).value_or(time_point{});
    m.window_until = rd.time(wo, "until", true).value_or(time_point{});
    if (wo.valid() && m.window_until <= m.window_from)
      rd.sink().fail(errc::json_value_out_of_range, wo.member_path("until"), "not after from");
  }
  m.max_offers =
      static_cast<std::uint32_t>(o.unsigned_integer("maxOffers", true, 1, 1000000).value_or(1));
  return m;
}

}  // namespace

result<result_record> result_from_json(std::string_view json_text, limits const& bounds) {
  auto doc = imsdp::detail::parse_strict(json_text, {bounds.max_message_bytes, bounds.max_depth});
  if (!doc) return doc.error();
  imsdp::detail::json_reader r;
  reader const rd(r, bounds);
  object_view o(
      r, *doc, "",
      {"id", "subject", "template", "category", "answers", "text", "ts", "servingNetwork"});
  result_record m;
  m.id = rd.id(o, "id", true).value_or("");
  m.subject = rd.text(o, "subject", true, 64).value_or("");
  m.template_ref = rd.text(o, "template", true, 48).value_or("");
  m.cat = rd.name(o, "category", true, category_from).value_or(category::quality_feedback);
  m.answers =
      rd.list<answer>(o, "answers", true, bounds.max_actions,
                      [&](json const& e, std::string const& p) { return read_answer(rd, e, p); });
  m.text = rd.text(o, "text", false, bounds.max_free_text);
  m.ts = rd.time(o, "ts", true).value_or(time_point{});
  m.serving_network = rd.text(o, "servingNetwork", true, 253).value_or("");
  if (!r.ok()) return r.take_error();
  return m;
}

result<message> read(std::string_view json_text, limits const& bounds) {
  if (json_text.size() > bounds.max_message_bytes)
    return make_json_error(errc::ui_limit, "",
                           std::to_string(json_text.size()) + " bytes, limit " +
                               std::to_string(bounds.max_message_bytes));
  auto doc = imsdp::detail::parse_strict(json_text, {json_text.size(), bounds.max_depth});
  if (!doc) return doc.error();
  imsdp::detail::json_reader r;
  reader const rd(r, bounds);
  object_view o(r, *doc, "", {}, ignore);
  auto const v = o.unsigned_integer("v", true, 0, imsdp::detail::max_safe_integer);
  if (v && *v != 1) r.fail(errc::ui_version, "/v", "version " + std::to_string(*v) + ", not 1");
  auto const kind = rd.text(o, "kind", true, 32);
  if (!r.ok()) return r.take_error();
  message m;
  if (*kind == "offer") {
    m = read_offer(rd, o);
  } else if (*kind == "response") {
    m = read_response(rd, o);
  } else if (*kind == "ack") {
    m = read_ack(rd, o);
  } else if (*kind == "withdraw") {
    m = read_withdraw(rd, o);
  } else if (*kind == "solicit") {
    m = read_solicit(rd, o);
  } else if (*kind == "preferences") {
    m = read_preferences(rd, o);
  } else if (*kind == "consent") {
    m = read_consent(rd, o);
  } else if (*kind == "charging-record") {
    m = read_charging(rd, o);
  } else if (*kind == "proposal") {
    m = read_proposal(rd, o);
  } else {
    return make_json_error(errc::ui_unknown_kind, "/kind", "unknown kind '" + *kind + "'");
  }
  if (!r.ok()) return r.take_error();
  return m;
}

}  // namespace imsdp::user_interaction
