// The operator policy of user interaction (design section 13.4; schemas/user_interaction/
// policy.schema.json) and the offer functions built on it: build an offer from a registered
// template (rule 2, "pre-defined" = registered, decision B3), check one against the policy
// (rules 1-2), and verify a received one on the UE (rules 1, 21).
#pragma once

#include <array>
#include <cstdint>
#include <imsdp/result.hpp>
#include <imsdp/user_interaction/jws.hpp>
#include <imsdp/user_interaction/message.hpp>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace imsdp::user_interaction {

/// A token bucket: `rate` tokens every `per` seconds, holding at most `burst` (rule 11).
struct bucket_spec {
  std::uint64_t rate = 0;
  std::uint32_t per = 1;
  std::uint32_t burst = 0;
  friend bool operator==(bucket_spec const&, bucket_spec const&) = default;
};

struct category_policy {
  bool enabled = true;
  opt default_opt = opt::in;  // before the user says anything (ai-assist is always opt-in)
  std::uint32_t offers_per_day = 3;
  bucket_spec subscriber{6, 60, 3};      // responses per subscriber in this category
  bucket_spec target{600, 60, 100};      // responses about one target (number, app, item)
  std::uint32_t retention = 30 * 86400;  // seconds a result may be kept
  std::uint32_t rating_group = 0;        // TS 32.290 rating group of its charging records
};

/// A typed slot of a template (rule 2: "slots are filled with values that pass the slot
/// types"). A prompt names it as "{name}"; an offer carries the value and the filled prompt.
/// - text: 1..max_length code points; no control characters, no braces or angle brackets, and
///   no link ("://" or "www."), so a filled prompt cannot carry markup or a phishing link;
/// - e164: "+" and 2..15 digits, the first not 0 (ITU-T E.164);
/// - integer: decimal, no leading zero, within [min, max];
/// - date: YYYY-MM-DD, a calendar date;
/// - choice: one of `values`.
enum class slot_type : std::uint8_t { text, e164, integer, date, choice };
[[nodiscard]] std::string_view to_string(slot_type t) noexcept;
[[nodiscard]] std::optional<slot_type> slot_type_from(std::string_view name) noexcept;

struct slot_spec {
  std::string name;  // an id
  slot_type type = slot_type::text;
  std::uint32_t max_length = 40;    // text
  std::int64_t min = 0, max = 0;    // integer
  std::vector<std::string> values;  // choice
  friend bool operator==(slot_spec const&, slot_spec const&) = default;
};

/// Whether `value` passes the slot's type.
[[nodiscard]] bool slot_accepts(slot_spec const& spec, std::string_view value) noexcept;

/// The prompt with each "{name}" replaced by its value. Errors, with the JSON pointer:
/// ui_not_predefined ("/slots/<name>") for a slot the template lacks or a value missing,
/// json_value_out_of_range ("/slots/<name>") for a value its type refuses, ui_limit
/// ("/prompt/title", "/prompt/text") when the filled prompt is over its limit.
[[nodiscard]] result<prompt> fill_prompt(prompt const& p, std::vector<slot_spec> const& specs,
                                         slot_values const& values, limits const& bounds = {});

/// An operator-registered template: what an offer of it shows and allows.
struct interaction_template {
  std::string ref;  // "<id>@<version>"
  category cat = category::quality_feedback;
  std::vector<subject_type> subjects;  // subject types it may be about
  std::vector<struct prompt> prompts;  // one per language; the first is the default
  std::vector<slot_spec> slots;        // at most limits::max_slots, each used by the prompts
  std::vector<action> actions;
  bool free_text = false;
  std::optional<std::string> consent_purpose;
  bool consent_required = false;
  std::uint32_t max_responses = 1;
  std::uint32_t ttl = 300;  // seconds
  std::string charging_class = "free";
};

/// The operator's exposure rules (policy "exposure").
struct exposure_policy {
  std::uint32_t k = 20;                   // the smallest group an aggregate may describe
  std::uint32_t time_granularity = 3600;  // seconds item times are floored to
  std::uint32_t max_ttl = 30 * 86400;     // the longest retention a recipient may get
  std::map<std::string, std::vector<std::string>> fields;     // purpose -> action ids allowed
  std::map<std::string, std::vector<std::string>> audiences;  // purpose -> recipients allowed
};

/// A third party registered by the operator (rule 4): what it may propose and receive.
struct third_party {
  std::string id;
  std::vector<std::string> purposes;
  std::vector<std::string> templates;
  bucket_spec proposals{10, 86400, 10};  // proposals it may make
  std::string jurisdiction;              // ISO 3166-1 alpha-2
};

/// A transfer of personal data between jurisdictions the operator allows (GDPR Art. 44).
struct transfer {
  std::string from, to;
  friend bool operator==(transfer const&, transfer const&) = default;
};

struct policy {
  std::string home_network;
  bool predefined_only = true;
  bool network_initiated_only = true;
  std::vector<interaction_template> templates;
  std::array<category_policy, category_count> categories{};
  bucket_spec global{1000000, 1, 1000000};
  std::uint32_t replay_capacity = 65536;      // live offers the guard tracks
  std::uint32_t replay_grace = 60;            // seconds an entry outlives its offer
  std::uint32_t bucket_capacity = 65536;      // subscriber and target buckets
  std::uint32_t token_cache_capacity = 4096;  // verified tokens the guard keeps; 0: none
  std::uint32_t max_ttl = 86400;
  std::uint32_t clock_skew = 30;
  exposure_policy exposure;
  std::vector<struct third_party> third_parties;
  std::vector<transfer> allowed_transfers;

  [[nodiscard]] struct third_party const* find_third_party(std::string_view id) const noexcept;
  [[nodiscard]] interaction_template const* find_template(std::string_view ref) const noexcept;
  [[nodiscard]] category_policy const& of(category c) const noexcept {
    return categories[static_cast<std::size_t>(c)];
  }
};

/// Reads a policy; absent members keep the defaults above. At most 256 KiB. Errors name the
/// JSON pointer.
[[nodiscard]] result<policy> policy_from_json(std::string_view json_text,
                                              limits const& bounds = {});

/// What build_offer needs from the caller, who owns randomness and the clock.
struct offer_request {
  std::string id;            // the offer id
  std::string template_ref;  // a registered template
  struct subject subject;
  std::string subscriber;                 // the pseudonym the token binds (rule 5, check c)
  std::array<unsigned char, 16> nonce{};  // 128 random bits from the caller
  std::string lang;                       // a prompt language of the template, else its first
  slot_values slots;                      // one value for each of the template's slots
  std::vector<std::string> actions;       // a subset of the template's action ids; empty: all
  std::optional<std::uint32_t> ttl;       // seconds; default the template's, at most max_ttl
  std::string token_kid;                  // the HS256 token key
  std::optional<std::string> sign_kid;    // the EdDSA offer key; none: unsigned
};

/// Builds an offer of a registered template with its token and (sign_kid) its signature.
/// Errors: ui_not_predefined (no such template, an action or subject it lacks), ui_limit (a
/// ttl above max_ttl), json_value_out_of_range (an id), not_found (a kid).
[[nodiscard]] result<offer> build_offer(policy const& rules, offer_request const& request,
                                        key_set const& keys, time_point now);

/// The claims of an opportunity token (rule 5).
struct token_claims {
  std::string iss, sub, oid, tpl, tgt;
  std::string nonce;  // 32 lowercase hex digits
  category cat = category::quality_feedback;
  std::int64_t iat = 0, exp = 0;  // NumericDate (seconds)
  std::vector<std::string> act;
  std::uint32_t max = 1;
};
[[nodiscard]] std::string token_payload(token_claims const& claims);

/// Every rule the offer breaks under the policy (rules 1, 2, 5), each with its JSON pointer:
/// ui_not_home_issuer, ui_not_predefined, ui_limit (ttl), ui_expired (expires <= ts).
[[nodiscard]] std::vector<error> validate_offer(offer const& o, policy const& rules);

/// The UE's check of a received offer (its exact JSON text): it reads, its issuer is the home
/// network, its detached EdDSA signature verifies over the canonical form without "sig" with
/// a key usable for offers, and it has not expired. Errors: the reader's, ui_signature,
/// ui_not_home_issuer, ui_expired.
[[nodiscard]] result<offer> verify_offer(std::string_view offer_json, key_set const& keys,
                                         std::string_view home_network, time_point now,
                                         limits const& bounds = {});

/// One token bucket's state (GCRA: a theoretical arrival time); a new bucket is full.
struct token_bucket {
  std::int64_t tat = std::numeric_limits<std::int64_t>::min() / 2;
};
/// Takes `cost` tokens when they are there at `now` (rule 11); else false, and `retry_after`
/// (seconds, rounded up) says when they will be.
bool take(token_bucket& bucket, bucket_spec const& spec, time_point now, std::uint32_t cost = 1,
          std::uint32_t* retry_after = nullptr) noexcept;

/// What review_proposal() grants: offers of the third party's template, issued by the home
/// network under its own keys, and the charging record of the accepted proposal (rule 23).
struct proposal_decision {
  std::uint32_t offers = 0;
  charging_record charging;
};

/// Rule 4: a proposal is accepted only from a registered third party, for a registered
/// template and a purpose that are both its own, with a window that has not ended, and within
/// the third party's proposal bucket; the offers granted are maxOffers at most. Errors:
/// ui_proposal_rejected (with the reason), ui_rate_limited (the bucket; retry in the detail).
[[nodiscard]] result<proposal_decision> review_proposal(proposal const& p, policy const& rules,
                                                        token_bucket& bucket, time_point now);

/// Rule 3, run before every offer: ok, or ui_opted_out (the category is disabled, opted out
/// by the user or by default, ai-assist without the user's explicit opt-in, the third party
/// opted out) or ui_limit (the daily cap: the user's maxOffersPerDay, else the category's).
/// `prefs` is null when the user never sent preferences.
[[nodiscard]] errc may_offer(preferences const* prefs, policy const& rules, category cat,
                             std::string_view third_party, std::uint32_t offers_today) noexcept;

}  // namespace imsdp::user_interaction
