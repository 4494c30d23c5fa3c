// Exposure, withdrawal and erasure (exposure.hpp; rules 16-19).
#include <algorithm>
#include <imsdp/user_interaction/exposure.hpp>
#include <nlohmann/json.hpp>
#include <set>

#include "detail/hex.hpp"
#include "user_interaction/json_forms.hpp"

namespace imsdp::user_interaction {
namespace {

error denied(std::string detail) {
  return make_error(errc::ui_exposure_denied, "expose", std::move(detail));
}

bool contains(std::vector<std::string> const& list, std::string_view v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

// Explicit consent to expose free text (rule 18): a valid record of the purpose that says so.
bool free_text_consented(std::span<consent_record const> records, std::string_view purpose,
                         time_point now) {
  return std::any_of(records.begin(), records.end(), [&](consent_record const& r) {
    return r.free_text && in_force(r, purpose, now);
  });
}

std::vector<std::string> sorted_unique(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

}  // namespace

result<std::string> pseudonymize(key_set const& keys, std::string_view kid,
                                 std::string_view identity, std::string_view scope) {
  auto const* k = keys.find(kid);
  if (k == nullptr || k->use != key_use::pseudonym)
    return make_error(errc::not_found, "kid", "no pseudonym key '" + std::string(kid) + "'");
  std::string input(scope);
  input += '\0';
  input += identity;
  unsigned char mac[32];
  if (!keys.hmac(kid, input, mac))
    return make_error(errc::internal_error, "hmac", "OpenSSL failed");
  std::string out = "p-";
  imsdp::detail::append_hex(out, std::span<unsigned char const>(mac, 16));
  return out;
}

result<exposure> expose(exposure_request const& request, std::span<result_record const> results,
                        consent_source const& consents, policy const& operator_policy,
                        key_set const& keys, time_point now, suppression_report* report) {
  auto const& rules = operator_policy.exposure;
  suppression_report local;
  auto& r = report != nullptr ? *report : local;
  r = {};
  auto const fields = rules.fields.find(request.purpose);
  if (fields == rules.fields.end() || fields->second.empty())
    return denied("the policy allows no fields for purpose '" + request.purpose + "'");
  auto const audiences = rules.audiences.find(request.purpose);
  if (audiences == rules.audiences.end() || !contains(audiences->second, request.audience))
    return denied("'" + request.audience + "' may not receive purpose '" + request.purpose + "'");
  if (request.ttl == 0 || request.ttl > rules.max_ttl)
    return denied("a ttl of " + std::to_string(request.ttl) + " s, limit " +
                  std::to_string(rules.max_ttl));
  // A registered third party receives only its own purposes, and a subject's data crosses
  // into its jurisdiction only where the policy allows that transfer (rule 22, Art. 44).
  auto const* tp = operator_policy.find_third_party(request.audience);
  if (tp != nullptr && !contains(tp->purposes, request.purpose))
    return denied("purpose '" + request.purpose + "' is not one of '" + tp->id + "''s");
  auto const transfer_allowed = [&](std::string const& from) {
    return tp == nullptr || from == tp->jurisdiction ||
           std::find(operator_policy.allowed_transfers.begin(),
                     operator_policy.allowed_transfers.end(),
                     transfer{from, tp->jurisdiction}) != operator_policy.allowed_transfers.end();
  };
  bool const text_allowed = contains(fields->second, "text");
  exposure e;
  e.id = request.id;
  e.iss = request.issuer;
  e.aud = request.audience;
  e.purpose = request.purpose;
  e.template_ref = request.template_ref;
  e.form = request.form;
  e.iat = std::chrono::floor<std::chrono::seconds>(now);
  e.exp = e.iat + std::chrono::seconds(request.ttl);
  e.retain_until = e.exp;
  e.k = rules.k;
  e.time_granularity = rules.time_granularity;
  std::set<std::string> subjects;
  std::vector<std::string> serving;
  auto const scope = request.audience + '\0' + request.purpose;
  for (auto const& res : results) {
    if (res.template_ref != request.template_ref) {
      ++r.other_template;
      continue;
    }
    auto const records = consents.records(res.subject);
    // TS 23.288 6.2.9: subjects without consent are not even counted.
    if (check_consent(records, request.purpose, request.audience, now) != errc::ok) {
      ++r.no_consent;
      continue;
    }
    if (!std::all_of(records.begin(), records.end(),
                     [&](consent_record const& c) { return transfer_allowed(c.jurisdiction); })) {
      ++r.no_transfer;
      continue;
    }
    exposure::item item;
    for (auto const& a : res.answers) {
      if (contains(fields->second, a.aid)) {
        item.answers.push_back(a);
      } else {
        ++r.fields_removed;
      }
    }
    if (res.text) {
      if (text_allowed && free_text_consented(records, request.purpose, now)) {
        item.text = res.text;
      } else {
        ++r.texts_removed;
      }
    }
    subjects.insert(res.subject);
    serving.push_back(res.serving_network);
    if (request.form == result_form::aggregate) {
      for (auto const& a : item.answers) {
        auto& h = e.histogram[a.aid];
        if (a.rating) ++h[std::to_string(*a.rating)];
        if (a.choice) ++h[*a.choice];
        for (auto const& v : a.values)
          ++h[v];
      }
      ++e.count;
      continue;
    }
    auto p = pseudonymize(keys, request.pseudonym_kid, res.subject, scope);
    if (!p) return p.error();
    item.pseudonym = std::move(*p);
    auto const granularity =
        std::chrono::seconds(std::max<std::uint32_t>(rules.time_granularity, 1));
    auto const since = res.ts.time_since_epoch();
    item.ts = time_point{since - since % granularity};
    e.items.push_back(std::move(item));
  }
  if (request.form == result_form::aggregate) {
    if (subjects.size() < rules.k)
      return denied("an aggregate of " + std::to_string(subjects.size()) + " subjects, k is " +
                    std::to_string(rules.k));
  }
  // Sorted by pseudonym, so the order of the store reveals nothing either.
  std::sort(e.items.begin(), e.items.end(), [](exposure::item const& a, exposure::item const& b) {
    return a.pseudonym < b.pseudonym;
  });
  e.serving_networks = sorted_unique(std::move(serving));
  return e;
}

std::string write_exposure(exposure const& e) {
  using nlohmann::json;
  json j{{"v", 1},
         {"kind", "exposure"},
         {"id", e.id},
         {"ts", format_time(e.iat)},
         {"iss", e.iss},
         {"aud", e.aud},
         {"purpose", e.purpose},
         {"legalBasis", e.legal_basis},
         {"template", e.template_ref},
         {"iat", format_time(e.iat)},
         {"exp", format_time(e.exp)},
         {"retainUntil", format_time(e.retain_until)},
         {"servingNetworks", e.serving_networks},
         {"minimisation", {{"k", e.k}, {"timeGranularity", e.time_granularity}}}};
  if (e.form == result_form::aggregate) {
    json histogram = json::object();
    for (auto const& [aid, values] : e.histogram)
      for (auto const& [value, n] : values)
        histogram[aid][value] = n;
    j["data"] = {{"aggregate", {{"count", e.count}, {"histogram", histogram}}}};
  } else {
    auto items = json::array();
    for (auto const& item : e.items) {
      json ij{{"pseudonym", item.pseudonym},
              {"ts", format_time(item.ts)},
              {"answers", answers_json(item.answers)}};
      if (item.text) ij["text"] = *item.text;
      items.push_back(std::move(ij));
    }
    j["data"] = {{"items", items}};
  }
  return j.dump();
}

std::string result_to_json(result_record const& r) {
  nlohmann::json j{{"id", r.id},
                   {"subject", r.subject},
                   {"template", r.template_ref},
                   {"category", to_string(r.cat)},
                   {"answers", answers_json(r.answers)},
                   {"ts", format_time(r.ts)},
                   {"servingNetwork", r.serving_network}};
  if (r.text) j["text"] = *r.text;
  return j.dump();
}

result<std::string> seal(exposure const& e, key_set const& keys, std::string_view kid) {
  auto const* k = keys.find(kid);
  if (k == nullptr || k->use != key_use::exposure || k->alg != key_alg::eddsa)
    return make_error(errc::not_found, "kid", "no EdDSA exposure key '" + std::string(kid) + "'");
  return jws_sign(keys, kid, write_exposure(e));
}

result<withdrawal> withdraw_consent(consent_record const& record,
                                    std::span<exposure_log_entry const> log, time_point now) {
  if (record.state == consent_state::withdrawn)
    return make_error(errc::invalid_argument, "consent", "already withdrawn");
  withdrawal w;
  w.record = record;
  w.record.state = consent_state::withdrawn;
  w.record.withdrawn = std::chrono::floor<std::chrono::seconds>(now);
  ++w.record.version;
  for (auto const& entry : log)
    if (entry.subject == record.subject && now < entry.exp) {
      w.revoke.push_back(entry.exposure_id);
      w.notify.push_back(entry.audience);
    }
  w.notify = sorted_unique(std::move(w.notify));
  return w;
}

erasure_plan erase(std::string_view subject, std::span<consent_record const> records,
                   std::span<result_record const> results,
                   std::span<exposure_log_entry const> log) {
  erasure_plan p;
  for (auto const& r : records)
    if (r.subject == subject) p.consent_records.push_back(r.record_id);
  for (auto const& r : results)
    if (r.subject == subject) p.results.push_back(r.id);
  for (auto const& e : log)
    if (e.subject == subject) {
      p.exposures.push_back(e.exposure_id);
      p.notify.push_back(e.audience);
    }
  p.notify = sorted_unique(std::move(p.notify));
  p.consent_records = sorted_unique(std::move(p.consent_records));
  return p;
}

}  // namespace imsdp::user_interaction
