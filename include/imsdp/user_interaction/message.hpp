// User interaction messages for IMS services (3GPP FS_IMSUserInteract; DESIGN.md section 13,
// docs/user-interaction.md). No stage 2/3 text exists: the message set is this project's
// proposal. Each message is UTF-8 JSON with the envelope {"v":1,"kind":...,"id":...,"ts":...},
// at most limits::max_message_bytes, read strictly (duplicate keys, types, lengths, ranges;
// errors name the JSON pointer) and written in the RFC 8785 canonical form. Unknown members
// are ignored by the reader (they still count in signatures, which cover the received text).
//
// Times are RFC 3339 UTC with "Z" (milliseconds kept), durations integer seconds, and ids
// match ^[a-z0-9][a-z0-9._-]{0,31}$. Signed objects hold no floating-point numbers.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <imsdp/result.hpp>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace imsdp::user_interaction {

using time_point = std::chrono::sys_time<std::chrono::milliseconds>;

/// "YYYY-MM-DD", a calendar date (RFC 3339 full-date).
[[nodiscard]] std::optional<std::chrono::year_month_day> parse_date(std::string_view text) noexcept;
/// RFC 3339 "YYYY-MM-DDTHH:MM:SS[.fff]Z" (UTC only; at most millisecond precision).
[[nodiscard]] std::optional<time_point> parse_time(std::string_view text) noexcept;
/// The same form; ".fff" only when the milliseconds are not zero.
[[nodiscard]] std::string format_time(time_point t);

/// Limits of the design's table (section 13.3). Every one is configurable.
struct limits {
  std::size_t max_message_bytes = 4096;
  std::size_t max_depth = 8;
  std::size_t max_actions = 8;
  std::size_t max_options = 11;
  std::size_t max_label = 40;       // code points
  std::size_t max_title = 80;       // code points
  std::size_t max_text = 500;       // code points
  std::size_t max_free_text = 280;  // code points
  std::size_t max_list = 16;        // purposes, recipients, categories, ...
  std::uint32_t max_responses = 4;
  std::size_t max_slots = 4;        // values filled into a template's prompt
  std::size_t max_slot_value = 80;  // code points
};

/// The unit of opt-in and opt-out.
enum class category : std::uint8_t {
  quality_feedback,
  spam_report,
  app_rating,
  content_reaction,
  support_navigation,
  ai_assist,
  consent,
};
inline constexpr std::size_t category_count = 7;
[[nodiscard]] std::string_view to_string(category c) noexcept;
[[nodiscard]] std::optional<category> category_from(std::string_view name) noexcept;

/// What an interaction is about: call, conference, dc-app (TS 26.114 DC application),
/// cat-item (TS 24.182), crs-item (TS 24.183), ivr-session.
enum class subject_type : std::uint8_t {
  call,
  conference,
  dc_app,
  cat_item,
  crs_item,
  ivr_session
};
[[nodiscard]] std::string_view to_string(subject_type t) noexcept;
[[nodiscard]] std::optional<subject_type> subject_type_from(std::string_view name) noexcept;

enum class action_type : std::uint8_t {
  rating,
  choice,
  multi,
  reaction,
  report,
  navigate,
  assist,
  consent
};
[[nodiscard]] std::string_view to_string(action_type t) noexcept;
[[nodiscard]] std::optional<action_type> action_type_from(std::string_view name) noexcept;

/// Rating scales: acr5 1..5 (ITU-T P.800 ACR), stars5 1..5, nps11 0..10.
enum class rating_scale : std::uint8_t { acr5, stars5, nps11 };
[[nodiscard]] std::string_view to_string(rating_scale s) noexcept;
[[nodiscard]] std::optional<rating_scale> rating_scale_from(std::string_view name) noexcept;
[[nodiscard]] std::int64_t scale_min(rating_scale s) noexcept;
[[nodiscard]] std::int64_t scale_max(rating_scale s) noexcept;

/// The option ids a fixed-vocabulary action type allows (reaction, report, assist, consent);
/// empty for the types whose options the offer names freely (choice, multi, navigate).
[[nodiscard]] std::vector<std::string_view> vocabulary(action_type t);

struct option {
  std::string oid;
  std::optional<std::string> label;
  std::optional<std::string> dtmf;    // navigate: RFC 4733 digits [0-9*#A-D]{1,16}
  std::optional<std::string> intent;  // navigate: an intent name instead of DTMF
  friend bool operator==(option const&, option const&) = default;
};

struct action {
  std::string aid;
  action_type type = action_type::choice;
  std::optional<rating_scale> scale;  // rating only
  std::optional<std::uint32_t> max;   // multi only: at most this many values
  std::vector<option> options;        // every type but rating
  friend bool operator==(action const&, action const&) = default;
};

struct subject {
  subject_type type = subject_type::call;
  std::string ref;  // opaque reference the home network maps internally (never an identity)
  friend bool operator==(subject const&, subject const&) = default;
};

struct prompt {
  std::string lang;  // BCP 47
  std::string title;
  std::optional<std::string> text;
  friend bool operator==(prompt const&, prompt const&) = default;
};

/// Values for a template's typed slots, by slot name ("slots": {"caller": "+4930..."}); sorted,
/// as RFC 8785 writes them.
using slot_values = std::map<std::string, std::string>;

/// kind "offer" (HN -> UE): an interaction opportunity.
struct offer {
  std::string id;
  time_point ts{};
  std::string iss;  // the issuing (home) network
  category cat = category::quality_feedback;
  std::optional<std::string> template_ref;  // "<id>@<version>" of a registered template
  struct subject subject;
  struct prompt prompt;  // the template's, with the slot values filled in
  slot_values slots;
  std::vector<action> actions;
  time_point expires{};
  std::uint32_t max_responses = 1;
  bool free_text = false;
  std::optional<std::string> consent_purpose;  // "consent": {"purpose", "required"}
  bool consent_required = false;
  std::string charging_class = "free";
  std::string token;               // HS256 JWS compact (the response path)
  std::optional<std::string> sig;  // detached EdDSA JWS over the canonical offer without "sig"
  friend bool operator==(offer const&, offer const&) = default;
};

struct answer {
  std::string aid;
  std::optional<std::int64_t> rating;  // "value" as an integer (rating)
  std::optional<std::string> choice;   // "value" as an option id
  std::vector<std::string> values;     // "values" (multi)
  friend bool operator==(answer const&, answer const&) = default;
};

/// kind "response" (UE -> HN).
struct response {
  std::string id;
  time_point ts{};
  std::string offer_id;  // "offer"
  std::string token;     // echoed
  std::vector<answer> answers;
  std::optional<std::string> text;  // free text, only where the offer allows it
  friend bool operator==(response const&, response const&) = default;
};

/// The coarse status a UE sees (rule 9). The detailed errc stays in the network.
enum class ack_status : std::uint8_t {
  accepted,
  duplicate,
  expired,
  invalid,
  rate_limited,
  consent_missing
};
[[nodiscard]] std::string_view to_string(ack_status s) noexcept;
[[nodiscard]] std::optional<ack_status> ack_status_from(std::string_view name) noexcept;
/// The status a UE sees for an error code (design table 13.7); invalid for non-UI codes.
[[nodiscard]] ack_status status_of(errc code) noexcept;

/// kind "ack" (HN -> UE).
struct ack {
  std::string id;
  time_point ts{};
  std::string re;  // the response id
  std::string offer_id;
  ack_status status = ack_status::accepted;
  std::uint32_t retry_after = 0;  // seconds
  friend bool operator==(ack const&, ack const&) = default;
};

enum class withdraw_reason : std::uint8_t { session_ended, opted_out, superseded, policy };
[[nodiscard]] std::string_view to_string(withdraw_reason r) noexcept;
[[nodiscard]] std::optional<withdraw_reason> withdraw_reason_from(std::string_view name) noexcept;

/// kind "withdraw" (HN -> UE).
struct withdraw {
  std::string id;
  time_point ts{};
  std::string offer_id;
  withdraw_reason reason = withdraw_reason::session_ended;
  friend bool operator==(withdraw const&, withdraw const&) = default;
};

/// kind "solicit" (UE -> HN): "I want to report the last call"; the HN may answer with an
/// offer, so every interaction stays network-initiated (rule 2).
struct solicit {
  std::string id;
  time_point ts{};
  category cat = category::spam_report;
  struct subject subject;
  friend bool operator==(solicit const&, solicit const&) = default;
};

enum class opt : std::uint8_t { in, out };

/// kind "preferences" (UE <-> HN): opt-in/opt-out per category and per third party.
struct preferences {
  std::string id;
  time_point ts{};
  std::uint64_t version = 1;
  std::vector<std::pair<category, opt>> categories;        // sorted by category, unique
  std::vector<std::pair<std::string, opt>> third_parties;  // sorted by id, unique
  std::optional<std::uint32_t> max_offers_per_day;
  friend bool operator==(preferences const&, preferences const&) = default;
};

enum class consent_state : std::uint8_t { given, withdrawn, expired, refused };
[[nodiscard]] std::string_view to_string(consent_state s) noexcept;
[[nodiscard]] std::optional<consent_state> consent_state_from(std::string_view name) noexcept;

struct recipient {
  std::string id;
  std::string role;  // "controller", "processor", "third-party"
  friend bool operator==(recipient const&, recipient const&) = default;
};

/// kind "consent": a record, an ISO/IEC TS 27560-aligned subset (Kantara CR v1.1 fields).
struct consent_record {
  std::string id;
  time_point ts{};
  std::string record_id;
  std::uint64_t version = 1;
  std::string subject;  // a pseudonym, never an identity
  std::string controller;
  std::vector<std::string> purposes;
  std::vector<std::string> data_categories;
  std::vector<recipient> recipients;
  std::string legal_basis = "consent";  // consent, contract, legal-obligation, legitimate-interest
  consent_state state = consent_state::given;
  time_point given{};
  std::optional<time_point> expires;
  std::optional<time_point> withdrawn;
  std::string method;        // how it was collected ("dc-ui", "web", ...)
  std::string jurisdiction;  // ISO 3166-1 alpha-2
  std::optional<std::string> notice_ref;
  bool free_text = false;  // explicit consent to expose free text
  friend bool operator==(consent_record const&, consent_record const&) = default;
};

enum class charged_party_kind : std::uint8_t { subscriber, operator_, third_party };

/// kind "charging-record" (HN -> caller, rule 23; a TS 32.290 one-time event, IEC).
struct charging_record {
  std::string id;
  time_point ts{};
  std::string record_id;  // hash(offer id, response id): stable across retransmissions
  std::uint64_t seq = 0;
  std::string event;  // "response", "exposure", "proposal"
  category cat = category::quality_feedback;
  std::string template_ref;
  std::string charged_party;  // "subscriber", "operator" or "tp:<id>"
  std::string served_user_ref;
  std::optional<std::string> icid_ref;
  std::string home_network;
  std::string serving_network;
  std::uint32_t rating_group = 0;
  bool retransmission = false;
  friend bool operator==(charging_record const&, charging_record const&) = default;
};

enum class result_form : std::uint8_t { aggregate, individual };

/// kind "proposal" (third party -> HN, rule 4): the third party asks the home network to make
/// offers of one of its templates to an audience; the HN issues them under its own keys.
struct proposal {
  std::string id;
  time_point ts{};
  std::string third_party;
  std::string template_ref;
  slot_values slots;                                // for the template's slots
  subject_type audience_type = subject_type::call;  // who is asked: the subjects of this type
  std::string audience_ref;                         // and this reference (a campaign, a number)
  std::string purpose;
  result_form results = result_form::aggregate;
  time_point window_from{}, window_until{};
  std::uint32_t max_offers = 1;
  friend bool operator==(proposal const&, proposal const&) = default;
};

using message = std::variant<offer, response, ack, withdraw, solicit, preferences, consent_record,
                             charging_record, proposal>;

/// The "kind" of a message ("offer", "charging-record", ...).
[[nodiscard]] std::string_view kind_of(message const& m) noexcept;

/// Reads any message. Errors: json_* and limit_exceeded with the pointer, ui_version,
/// ui_unknown_kind (/kind), ui_limit (an array or string over a limit).
[[nodiscard]] result<message> read(std::string_view json_text, limits const& bounds = {});
/// The RFC 8785 canonical form (members sorted, no whitespace).
[[nodiscard]] std::string write(message const& m);

/// Checks an id against ^[a-z0-9][a-z0-9._-]{0,31}$.
[[nodiscard]] bool valid_id(std::string_view id) noexcept;
/// Checks a template reference "<id>@<version>" (version: 1..9 digits).
[[nodiscard]] bool valid_template_ref(std::string_view ref) noexcept;

}  // namespace imsdp::user_interaction
