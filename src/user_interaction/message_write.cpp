// Writers of the user interaction messages (message.hpp). nlohmann's objects keep their
// members sorted by key bytes and dump() writes no whitespace, escapes control characters
// as \uXXXX (lowercase) or their short forms and nothing else: for the ASCII member names
// used here, and with no floating-point values, that is the RFC 8785 canonical form.
#include <imsdp/user_interaction/message.hpp>
#include <nlohmann/json.hpp>

#include "user_interaction/json_forms.hpp"

namespace imsdp::user_interaction {
namespace {

using nlohmann::json;

template <class T>
json envelope(std::string_view kind, T const& m) {
  return {{"v", 1}, {"kind", kind}, {"id", m.id}, {"ts", format_time(m.ts)}};
}

template <class T>
void put(json& j, char const* key, std::optional<T> const& v) {
  if (v) j[key] = *v;
}

json subject_json(subject const& s) {
  return {{"type", to_string(s.type)}, {"ref", s.ref}};
}

json action_json(action const& a) {
  json j{{"aid", a.aid}, {"type", to_string(a.type)}};
  if (a.scale) j["scale"] = to_string(*a.scale);
  put(j, "max", a.max);
  if (!a.options.empty()) {
    auto& options = j["options"] = json::array();
    for (auto const& o : a.options) {
      json oj{{"oid", o.oid}};
      put(oj, "label", o.label);
      put(oj, "dtmf", o.dtmf);
      put(oj, "intent", o.intent);
      options.push_back(std::move(oj));
    }
  }
  return j;
}

json to_json(offer const& m) {
  auto j = envelope("offer", m);
  j["iss"] = m.iss;
  j["category"] = to_string(m.cat);
  put(j, "template", m.template_ref);
  j["subject"] = subject_json(m.subject);
  json prompt{{"lang", m.prompt.lang}, {"title", m.prompt.title}};
  put(prompt, "text", m.prompt.text);
  j["prompt"] = std::move(prompt);
  if (!m.slots.empty()) j["slots"] = m.slots;
  auto& actions = j["actions"] = json::array();
  for (auto const& a : m.actions)
    actions.push_back(action_json(a));
  j["constraints"] = {{"expires", format_time(m.expires)},
                      {"maxResponses", m.max_responses},
                      {"freeText", m.free_text}};
  if (m.consent_purpose)
    j["consent"] = {{"purpose", *m.consent_purpose}, {"required", m.consent_required}};
  j["charging"] = {{"class", m.charging_class}};
  j["token"] = m.token;
  put(j, "sig", m.sig);
  return j;
}

json to_json(response const& m) {
  auto j = envelope("response", m);
  j["offer"] = m.offer_id;
  j["token"] = m.token;
  j["answers"] = answers_json(m.answers);
  put(j, "text", m.text);
  return j;
}

json to_json(ack const& m) {
  auto j = envelope("ack", m);
  j["re"] = m.re;
  j["offer"] = m.offer_id;
  j["status"] = to_string(m.status);
  j["retryAfter"] = m.retry_after;
  return j;
}

json to_json(withdraw const& m) {
  auto j = envelope("withdraw", m);
  j["offer"] = m.offer_id;
  j["reason"] = to_string(m.reason);
  return j;
}

json to_json(solicit const& m) {
  auto j = envelope("solicit", m);
  j["category"] = to_string(m.cat);
  j["subject"] = subject_json(m.subject);
  return j;
}

json to_json(preferences const& m) {
  auto j = envelope("preferences", m);
  j["version"] = m.version;
  auto const word = [](opt o) { return o == opt::in ? "in" : "out"; };
  if (!m.categories.empty()) {
    auto& c = j["categories"] = json::object();
    for (auto const& [k, o] : m.categories)
      c[std::string(to_string(k))] = word(o);
  }
  if (!m.third_parties.empty()) {
    auto& t = j["thirdParties"] = json::object();
    for (auto const& [k, o] : m.third_parties)
      t[k] = word(o);
  }
  put(j, "maxOffersPerDay", m.max_offers_per_day);
  return j;
}

json to_json(consent_record const& m) {
  auto j = envelope("consent", m);
  j["recordId"] = m.record_id;
  j["version"] = m.version;
  j["subject"] = m.subject;
  j["controller"] = m.controller;
  j["purposes"] = m.purposes;
  if (!m.data_categories.empty()) j["dataCategories"] = m.data_categories;
  if (!m.recipients.empty()) {
    auto& r = j["recipients"] = json::array();
    for (auto const& x : m.recipients)
      r.push_back({{"id", x.id}, {"role", x.role}});
  }
  j["legalBasis"] = m.legal_basis;
  j["state"] = to_string(m.state);
  j["given"] = format_time(m.given);
  if (m.expires) j["expires"] = format_time(*m.expires);
  if (m.withdrawn) j["withdrawn"] = format_time(*m.withdrawn);
  j["method"] = m.method;
  j["jurisdiction"] = m.jurisdiction;
  put(j, "noticeRef", m.notice_ref);
  j["freeText"] = m.free_text;
  return j;
}

json to_json(charging_record const& m) {
  auto j = envelope("charging-record", m);
  j["recordId"] = m.record_id;
  j["seq"] = m.seq;
  j["event"] = m.event;
  j["category"] = to_string(m.cat);
  j["template"] = m.template_ref;
  j["chargedParty"] = m.charged_party;
  j["servedUserRef"] = m.served_user_ref;
  put(j, "icidRef", m.icid_ref);
  j["homeNetwork"] = m.home_network;
  j["servingNetwork"] = m.serving_network;
  j["ratingGroup"] = m.rating_group;
  j["oneTimeEventType"] = "IEC";
  j["retransmission"] = m.retransmission;
  return j;
}

json to_json(proposal const& m) {
  auto j = envelope("proposal", m);
  j["thirdParty"] = m.third_party;
  j["template"] = m.template_ref;
  if (!m.slots.empty()) j["slots"] = m.slots;
  j["audience"] = {{"subjectType", to_string(m.audience_type)}, {"ref", m.audience_ref}};
  j["purpose"] = m.purpose;
  j["results"] = m.results == result_form::aggregate ? "aggregate" : "individual";
  j["window"] = {{"from", format_time(m.window_from)}, {"until", format_time(m.window_until)}};
  j["maxOffers"] = m.max_offers;
  return j;
}

}  // namespace

nlohmann::json answers_json(std::vector<answer> const& answers) {
  auto out = json::array();
  for (auto const& a : answers) {
    json aj{{"aid", a.aid}};
    if (a.rating) aj["value"] = *a.rating;
    if (a.choice) aj["value"] = *a.choice;
    if (!a.values.empty()) aj["values"] = a.values;
    out.push_back(std::move(aj));
  }
  return out;
}

std::string_view kind_of(message const& m) noexcept {
  static constexpr std::string_view kinds[] = {"offer",    "response",        "ack",
                                               "withdraw", "solicit",         "preferences",
                                               "consent",  "charging-record", "proposal"};
  static_assert(std::size(kinds) == std::variant_size_v<message>);
  return kinds[m.index()];
}

std::string write(message const& m) {
  return std::visit([](auto const& v) { return to_json(v).dump(); }, m);
}

}  // namespace imsdp::user_interaction
