// Exposure to authorized third parties, consent withdrawal and erasure (design section 13.5,
// rules 15-19; GDPR Art. 5(1)(c), 7(3), 17, 19, 25; TS 23.288 6.2.9). Everything that
// leaves the operator goes through expose(): only consenting subjects, only the fields the
// policy allows for the purpose, aggregates only at or above k, pseudonyms keyed per
// (audience, purpose) so two third parties cannot join their data, coarse times, free text
// only with explicit consent, and a retention limit. seal() signs the result (EdDSA JWS).
#pragma once

#include <cstdint>
#include <imsdp/result.hpp>
#include <imsdp/user_interaction/consent.hpp>
#include <imsdp/user_interaction/jws.hpp>
#include <imsdp/user_interaction/message.hpp>
#include <imsdp/user_interaction/policy.hpp>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace imsdp::user_interaction {

/// A pseudonym: "p-" and 32 hex digits of HMAC-SHA-256(key, scope || 0x00 || identity) with
/// a key of use `pseudonym`. Different scopes give unlinkable pseudonyms of one identity.
[[nodiscard]] result<std::string> pseudonymize(key_set const& keys, std::string_view kid,
                                               std::string_view identity,
                                               std::string_view scope = {});

/// What the network keeps of an accepted response (rule 19): no identity, the network
/// pseudonym of the subject, the template, the answers, a coarse time, the serving network.
struct result_record {
  std::string id;
  std::string subject;  // the network pseudonym (the sender given to the guard)
  std::string template_ref;
  category cat = category::quality_feedback;
  std::vector<answer> answers;
  std::optional<std::string> text;
  time_point ts{};
  std::string serving_network;
};

/// A result record as the caller stores it: {"id", "subject", "template", "category",
/// "answers", "text"?, "ts", "servingNetwork"} (schemas/user_interaction/result.schema.json).
[[nodiscard]] result<result_record> result_from_json(std::string_view json_text,
                                                     limits const& bounds = {});
[[nodiscard]] std::string result_to_json(result_record const& r);

struct exposure_request {
  std::string id;        // the exposure id
  std::string issuer;    // the home network
  std::string audience;  // the recipient (a third party's id or an operator's domain)
  std::string purpose;
  result_form form = result_form::aggregate;
  std::string template_ref;   // the results exposed are of this template
  std::uint32_t ttl = 86400;  // seconds the recipient may keep it
  std::string pseudonym_kid;  // for individual items
};

/// kind "exposure": the payload of the sealed envelope.
struct exposure {
  std::string id;
  std::string iss, aud, purpose, legal_basis = "consent";
  std::string template_ref;
  time_point iat{}, exp{}, retain_until{};
  std::vector<std::string> serving_networks;
  std::uint32_t k = 0, time_granularity = 0;
  // aggregate: per action id, per value ("1".."5" or an option id), the count
  std::uint64_t count = 0;
  std::map<std::string, std::map<std::string, std::uint64_t>> histogram;
  // individual
  struct item {
    std::string pseudonym;
    time_point ts{};
    std::vector<answer> answers;
    std::optional<std::string> text;
    friend bool operator==(item const&, item const&) = default;
  };
  std::vector<item> items;
  result_form form = result_form::aggregate;
  friend bool operator==(exposure const&, exposure const&) = default;
};

/// What expose() left out, for the audit (rule 18).
struct suppression_report {
  std::size_t no_consent = 0;      // results of subjects without valid consent
  std::size_t other_template = 0;  // results of other templates
  std::size_t fields_removed = 0;  // answers outside the allowed fields
  std::size_t texts_removed = 0;   // free texts without explicit consent or allowance
  std::size_t no_transfer = 0;     // subjects whose jurisdiction may not send to the recipient's
};

/// Builds the minimized view (rules 18, 22) under the policy's exposure rules, third parties
/// and allowed transfers. Errors (ui_exposure_denied with the reason): the purpose has no
/// allowed fields, the audience is not allowed for it (or, a registered third party, it is not
/// one of its purposes), an aggregate below k, a ttl above max_ttl; not_found for the
/// pseudonym key of an individual exposure.
[[nodiscard]] result<exposure> expose(exposure_request const& request,
                                      std::span<result_record const> results,
                                      consent_source const& consents, policy const& operator_policy,
                                      key_set const& keys, time_point now,
                                      suppression_report* report = nullptr);

/// The JSON payload (RFC 8785) of an exposure, and the EdDSA JWS compact of it.
[[nodiscard]] std::string write_exposure(exposure const& e);
[[nodiscard]] result<std::string> seal(exposure const& e, key_set const& keys,
                                       std::string_view kid);

/// One exposure the network has issued, as its log keeps it.
struct exposure_log_entry {
  std::string exposure_id;
  std::string audience;
  std::string subject;  // the network pseudonym whose data it holds
  time_point exp{};
};

/// Rule 16: the withdrawn record (state withdrawn, version + 1) and, at once, the live
/// exposures holding the subject's data to revoke, with their recipients to notify.
struct withdrawal {
  consent_record record;
  std::vector<std::string> revoke;  // exposure ids
  std::vector<std::string> notify;  // recipients, sorted, unique
};
[[nodiscard]] result<withdrawal> withdraw_consent(consent_record const& record,
                                                  std::span<exposure_log_entry const> log,
                                                  time_point now);

/// Rule 17: what to delete for a subject (Art. 17) and whom to tell (Art. 19).
struct erasure_plan {
  std::vector<std::string> consent_records;  // record ids
  std::vector<std::string> results;          // result ids
  std::vector<std::string> exposures;        // exposure ids the recipients must delete
  std::vector<std::string> notify;           // recipients, sorted, unique
};
[[nodiscard]] erasure_plan erase(std::string_view subject, std::span<consent_record const> records,
                                 std::span<result_record const> results,
                                 std::span<exposure_log_entry const> log);

}  // namespace imsdp::user_interaction
