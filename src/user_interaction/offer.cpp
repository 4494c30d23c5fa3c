// Offers from templates, their tokens and signatures, and the checks of rules 1-3 and 5
// (policy.hpp).
#include <algorithm>
#include <imsdp/user_interaction/policy.hpp>
#include <nlohmann/json.hpp>

#include "detail/hex.hpp"
#include "detail/json_reader.hpp"

namespace imsdp::user_interaction {
namespace {

std::int64_t seconds_of(time_point t) {
  return std::chrono::floor<std::chrono::seconds>(t).time_since_epoch().count();
}

error offer_error(errc code, std::string path, std::string detail) {
  return make_json_error(code, std::move(path), std::move(detail));
}

}  // namespace

std::string token_payload(token_claims const& c) {
  nlohmann::json const j{{"iss", c.iss},
                         {"sub", c.sub},
                         {"oid", c.oid},
                         {"tpl", c.tpl},
                         {"tgt", c.tgt},
                         {"nonce", c.nonce},
                         {"cat", to_string(c.cat)},
                         {"iat", c.iat},
                         {"exp", c.exp},
                         {"act", c.act},
                         {"max", c.max}};
  return j.dump();  // sorted members, no floating point: canonical (RFC 8785)
}

result<offer> build_offer(policy const& rules, offer_request const& request, key_set const& keys,
                          time_point now) {
  auto const* t = rules.find_template(request.template_ref);
  if (t == nullptr)
    return offer_error(errc::ui_not_predefined, "/template",
                       "no registered template '" + request.template_ref + "'");
  if (!valid_id(request.id)) return offer_error(errc::json_value_out_of_range, "/id", "not an id");
  if (std::find(t->subjects.begin(), t->subjects.end(), request.subject.type) == t->subjects.end())
    return offer_error(
        errc::ui_not_predefined, "/subject/type",
        "the template is not about a " + std::string(to_string(request.subject.type)));
  auto const ttl = request.ttl.value_or(t->ttl);
  if (ttl == 0 || ttl > rules.max_ttl)
    return offer_error(
        errc::ui_limit, "/constraints/expires",
        "a ttl of " + std::to_string(ttl) + " s, limit " + std::to_string(rules.max_ttl));
  offer o;
  o.id = request.id;
  o.ts = std::chrono::floor<std::chrono::seconds>(now);
  o.iss = rules.home_network;
  o.cat = t->cat;
  o.template_ref = t->ref;
  o.subject = request.subject;
  auto const* shown = &t->prompts.front();
  for (auto const& p : t->prompts)
    if (p.lang == request.lang) shown = &p;
  auto filled = fill_prompt(*shown, t->slots, request.slots);
  if (!filled) return filled.error();
  o.prompt = std::move(*filled);
  o.slots = request.slots;
  for (auto const& a : t->actions)
    if (request.actions.empty() ||
        std::find(request.actions.begin(), request.actions.end(), a.aid) != request.actions.end())
      o.actions.push_back(a);
  for (auto const& aid : request.actions)
    if (std::none_of(t->actions.begin(), t->actions.end(),
                     [&](action const& a) { return a.aid == aid; }))
      return offer_error(errc::ui_not_predefined, "/actions",
                         "the template has no action '" + aid + "'");
  o.expires = o.ts + std::chrono::seconds(ttl);
  o.max_responses = t->max_responses;
  o.free_text = t->free_text;
  o.consent_purpose = t->consent_purpose;
  o.consent_required = t->consent_required;
  o.charging_class = t->charging_class;

  auto const* token_key = keys.find(request.token_kid);
  if (token_key == nullptr || !key_set::usable(*token_key, key_use::token, now))
    return make_error(errc::not_found, "token_kid", "no token key usable now");
  token_claims claims;
  claims.iss = o.iss;
  claims.sub = request.subscriber;
  claims.oid = o.id;
  claims.tpl = t->ref;
  claims.tgt = o.subject.ref;
  claims.nonce = imsdp::detail::to_hex(request.nonce);
  claims.cat = o.cat;
  claims.iat = seconds_of(o.ts);
  claims.exp = seconds_of(o.expires);
  for (auto const& a : o.actions)
    claims.act.push_back(a.aid);
  claims.max = o.max_responses;
  auto token = jws_sign(keys, request.token_kid, token_payload(claims));
  if (!token) return token.error();
  o.token = std::move(*token);

  if (request.sign_kid) {
    auto const* k = keys.find(*request.sign_kid);
    if (k == nullptr || !key_set::usable(*k, key_use::offer, now))
      return make_error(errc::not_found, "sign_kid", "no offer key usable now");
    auto signed_form = jws_sign(keys, *request.sign_kid, write(o));
    if (!signed_form) return signed_form.error();
    // Detached (RFC 7515 appendix F): the payload is the offer itself.
    auto const first = signed_form->find('.');
    auto const second = signed_form->find('.', first + 1);
    o.sig = signed_form->substr(0, first + 1) + signed_form->substr(second);
  }
  return o;
}

std::vector<error> validate_offer(offer const& o, policy const& rules) {
  std::vector<error> out;
  auto const add = [&](errc code, std::string path, std::string detail) {
    out.push_back(offer_error(code, std::move(path), std::move(detail)));
  };
  if (o.iss != rules.home_network)
    add(errc::ui_not_home_issuer, "/iss",
        "only the home network '" + rules.home_network + "' issues offers");
  if (o.expires <= o.ts)
    add(errc::ui_expired, "/constraints/expires", "expires before it is sent");
  else if (o.expires - o.ts > std::chrono::seconds(rules.max_ttl))
    add(errc::ui_limit, "/constraints/expires",
        "a ttl above maxTtl " + std::to_string(rules.max_ttl) + " s");
  if (!rules.predefined_only) return out;
  auto const* t = o.template_ref ? rules.find_template(*o.template_ref) : nullptr;
  if (t == nullptr) {
    add(errc::ui_not_predefined, "/template", "predefinedOnly: no registered template");
    return out;
  }
  if (o.cat != t->cat) add(errc::ui_not_predefined, "/category", "not the template's category");
  if (std::find(t->subjects.begin(), t->subjects.end(), o.subject.type) == t->subjects.end())
    add(errc::ui_not_predefined, "/subject/type", "a subject type the template does not have");
  // The prompt is one of the template's with the offer's slot values filled in.
  bool prompt_found = false;
  for (auto const& p : t->prompts) {
    auto const filled = fill_prompt(p, t->slots, o.slots);
    if (!filled) {
      out.push_back(filled.error());
      prompt_found = true;  // the slot values are wrong; the prompt is not judged
      break;
    }
    prompt_found = prompt_found || *filled == o.prompt;
  }
  if (!prompt_found) add(errc::ui_not_predefined, "/prompt", "not a prompt of the template");
  for (std::size_t i = 0; i < o.actions.size(); ++i)
    if (std::find(t->actions.begin(), t->actions.end(), o.actions[i]) == t->actions.end())
      add(errc::ui_not_predefined, "/actions/" + std::to_string(i),
          "not an action of the template");
  if (o.free_text && !t->free_text)
    add(errc::ui_not_predefined, "/constraints/freeText", "the template allows no free text");
  if (o.max_responses > t->max_responses)
    add(errc::ui_not_predefined, "/constraints/maxResponses", "more than the template allows");
  if (o.consent_purpose != t->consent_purpose || o.consent_required != t->consent_required)
    add(errc::ui_not_predefined, "/consent", "not the template's consent");
  return out;
}

result<offer> verify_offer(std::string_view offer_json, key_set const& keys,
                           std::string_view home_network, time_point now, limits const& bounds) {
  auto typed = read(offer_json, bounds);
  if (!typed) return typed.error();
  auto* o = std::get_if<offer>(&*typed);
  if (o == nullptr) return make_json_error(errc::ui_unknown_kind, "/kind", "not an offer");
  if (!o->sig) return make_json_error(errc::ui_signature, "/sig", "an unsigned offer");
  // The signature covers what was received, unknown members included (RFC 8785 form).
  auto doc = imsdp::detail::parse_strict(offer_json, {bounds.max_message_bytes, bounds.max_depth});
  if (!doc) return doc.error();
  doc->erase("sig");
  auto const signed_form = canonical_json(*doc);
  if (!signed_form) return signed_form.error();
  auto const verified = jws_verify(keys, key_use::offer, *o->sig, now, *signed_form);
  if (!verified) {
    auto e = verified.error();
    e.path = "/sig";
    return e;
  }
  if (o->iss != home_network)
    return make_json_error(errc::ui_not_home_issuer, "/iss", "not the home network");
  if (now >= o->expires)
    return make_json_error(errc::ui_expired, "/constraints/expires", "expired");
  return std::move(*o);
}

errc may_offer(preferences const* prefs, policy const& rules, category cat,
               std::string_view third_party, std::uint32_t offers_today) noexcept {
  auto const& c = rules.of(cat);
  if (!c.enabled) return errc::ui_opted_out;
  std::optional<opt> said;
  if (prefs != nullptr)
    for (auto const& [k, o] : prefs->categories)
      if (k == cat) said = o;
  // ai-assist processes others' media: only an explicit opt-in counts (rule 3).
  if (cat == category::ai_assist ? said != opt::in : said.value_or(c.default_opt) == opt::out)
    return errc::ui_opted_out;
  if (prefs != nullptr && !third_party.empty())
    for (auto const& [id, o] : prefs->third_parties)
      if (id == third_party && o == opt::out) return errc::ui_opted_out;
  auto cap = c.offers_per_day;
  if (prefs != nullptr && prefs->max_offers_per_day)
    cap = std::min(cap, *prefs->max_offers_per_day);
  return offers_today >= cap ? errc::ui_limit : errc::ok;
}

}  // namespace imsdp::user_interaction
