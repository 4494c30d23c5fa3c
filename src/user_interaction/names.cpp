// Names of the user interaction enumerations, RFC 3339 times and id syntax (message.hpp).
#include <array>
#include <cstdio>
#include <imsdp/user_interaction/message.hpp>
#include <imsdp/user_interaction/policy.hpp>
#include <imsdp/user_interaction/ue.hpp>

namespace imsdp::user_interaction {
namespace {

template <class E, std::size_t N>
std::string_view name_of(std::array<std::string_view, N> const& names, E value) noexcept {
  auto const i = static_cast<std::size_t>(value);
  return i < N ? names[i] : std::string_view("unknown");
}

template <class E, std::size_t N>
std::optional<E> value_of(std::array<std::string_view, N> const& names,
                          std::string_view name) noexcept {
  for (std::size_t i = 0; i < N; ++i)
    if (names[i] == name) return static_cast<E>(i);
  return std::nullopt;
}

constexpr std::array<std::string_view, category_count> category_names{
    "quality-feedback",   "spam-report", "app-rating", "content-reaction",
    "support-navigation", "ai-assist",   "consent"};
constexpr std::array<std::string_view, 6> subject_names{"call",     "conference", "dc-app",
                                                        "cat-item", "crs-item",   "ivr-session"};
constexpr std::array<std::string_view, 8> action_names{"rating", "choice",   "multi",  "reaction",
                                                       "report", "navigate", "assist", "consent"};
constexpr std::array<std::string_view, 3> scale_names{"acr5", "stars5", "nps11"};
constexpr std::array<std::string_view, 6> status_names{
    "accepted", "duplicate", "expired", "invalid", "rate-limited", "consent-missing"};
constexpr std::array<std::string_view, 4> withdraw_names{"session-ended", "opted-out", "superseded",
                                                         "policy"};
constexpr std::array<std::string_view, 5> ue_state_names{"presented", "responded", "acknowledged",
                                                         "expired", "withdrawn"};
constexpr std::array<std::string_view, 5> slot_type_names{"text", "e164", "integer", "date",
                                                          "choice"};
constexpr std::array<std::string_view, 4> consent_state_names{"given", "withdrawn", "expired",
                                                              "refused"};

// Reads exactly `n` decimal digits at `s[at]`.
bool digits(std::string_view s, std::size_t at, std::size_t n, int& out) noexcept {
  if (at + n > s.size()) return false;
  out = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

}  // namespace

std::string_view to_string(category c) noexcept {
  return name_of(category_names, c);
}
std::optional<category> category_from(std::string_view name) noexcept {
  return value_of<category>(category_names, name);
}
std::string_view to_string(subject_type t) noexcept {
  return name_of(subject_names, t);
}
std::optional<subject_type> subject_type_from(std::string_view name) noexcept {
  return value_of<subject_type>(subject_names, name);
}
std::string_view to_string(action_type t) noexcept {
  return name_of(action_names, t);
}
std::optional<action_type> action_type_from(std::string_view name) noexcept {
  return value_of<action_type>(action_names, name);
}
std::string_view to_string(rating_scale s) noexcept {
  return name_of(scale_names, s);
}
std::optional<rating_scale> rating_scale_from(std::string_view name) noexcept {
  return value_of<rating_scale>(scale_names, name);
}
std::string_view to_string(slot_type t) noexcept {
  return name_of(slot_type_names, t);
}
std::optional<slot_type> slot_type_from(std::string_view name) noexcept {
  return value_of<slot_type>(slot_type_names, name);
}
std::string_view to_string(ue_state s) noexcept {
  return name_of(ue_state_names, s);
}
std::string_view to_string(ack_status s) noexcept {
  return name_of(status_names, s);
}
std::optional<ack_status> ack_status_from(std::string_view name) noexcept {
  return value_of<ack_status>(status_names, name);
}
std::string_view to_string(withdraw_reason r) noexcept {
  return name_of(withdraw_names, r);
}
std::optional<withdraw_reason> withdraw_reason_from(std::string_view name) noexcept {
  return value_of<withdraw_reason>(withdraw_names, name);
}
std::string_view to_string(consent_state s) noexcept {
  return name_of(consent_state_names, s);
}
std::optional<consent_state> consent_state_from(std::string_view name) noexcept {
  return value_of<consent_state>(consent_state_names, name);
}

std::int64_t scale_min(rating_scale s) noexcept {
  return s == rating_scale::nps11 ? 0 : 1;
}
std::int64_t scale_max(rating_scale s) noexcept {
  return s == rating_scale::nps11 ? 10 : 5;
}

std::vector<std::string_view> vocabulary(action_type t) {
  switch (t) {
    case action_type::reaction:  // on CAT, subscribe is the TS 22.182 copy function
      return {"like", "dislike", "subscribe", "unsubscribe"};
    case action_type::report:  // unwanted-call is the user's 607 (RFC 8197); blocks: TS 22.173
      return {"unwanted-call",   "robocall", "spoofed-caller-id", "fraud",
              "abusive-content", "block-7d", "block-30d"};
    case action_type::assist:
      return {"summarize", "translate", "take-notes"};
    case action_type::consent:
      return {"grant", "withdraw"};
    default:
      return {};
  }
}

ack_status status_of(errc code) noexcept {
  switch (code) {
    case errc::ui_expired:
    case errc::ui_withdrawn:
    case errc::ui_max_responses:
    case errc::ui_opted_out:
      return ack_status::expired;
    case errc::ui_duplicate:
      return ack_status::duplicate;
    case errc::ui_consent_missing:
      return ack_status::consent_missing;
    case errc::ui_rate_limited:
    case errc::ui_window_full:
      return ack_status::rate_limited;
    default:
      return ack_status::invalid;
  }
}

std::optional<std::chrono::year_month_day> parse_date(std::string_view s) noexcept {
  int year = 0, month = 0, day = 0;
  if (s.size() != 10 || !digits(s, 0, 4, year) || s[4] != '-' || !digits(s, 5, 2, month) ||
      s[7] != '-' || !digits(s, 8, 2, day))
    return std::nullopt;
  std::chrono::year_month_day const date{std::chrono::year{year},
                                         std::chrono::month{static_cast<unsigned>(month)},
                                         std::chrono::day{static_cast<unsigned>(day)}};
  if (!date.ok()) return std::nullopt;
  return date;
}

std::optional<time_point> parse_time(std::string_view s) noexcept {
  // YYYY-MM-DDTHH:MM:SS[.f{1,3}]Z
  int hour = 0, minute = 0, second = 0;
  if (s.size() < 20) return std::nullopt;
  auto const date = parse_date(s.substr(0, 10));
  if (!date || s[10] != 'T' || !digits(s, 11, 2, hour) || s[13] != ':' ||
      !digits(s, 14, 2, minute) || s[16] != ':' || !digits(s, 17, 2, second))
    return std::nullopt;
  int millis = 0;
  std::size_t at = 19;
  if (s[at] == '.') {
    std::size_t n = 0;
    while (at + 1 + n < s.size() && s[at + 1 + n] >= '0' && s[at + 1 + n] <= '9')
      ++n;
    if (n < 1 || n > 3 || !digits(s, at + 1, n, millis)) return std::nullopt;
    for (std::size_t i = n; i < 3; ++i)
      millis *= 10;
    at += 1 + n;
  }
  if (at + 1 != s.size() || s[at] != 'Z') return std::nullopt;
  // Leap seconds (second 60) are not representable in sys_time; RFC 3339 allows them rarely.
  if (hour > 23 || minute > 59 || second > 59) return std::nullopt;
  using namespace std::chrono;
  return time_point{sys_days{*date}} + hours{hour} + minutes{minute} + seconds{second} +
         milliseconds{millis};
}

std::string format_time(time_point t) {
  using namespace std::chrono;
  auto const day = floor<days>(t);
  year_month_day const date{day};
  hh_mm_ss const clock{t - day};
  char out[32];
  auto const ms = static_cast<int>(clock.subseconds().count());
  int const n = std::snprintf(
      out, sizeof out, "%04d-%02u-%02uT%02d:%02d:%02d", int(date.year()), unsigned(date.month()),
      unsigned(date.day()), static_cast<int>(clock.hours().count()),
      static_cast<int>(clock.minutes().count()), static_cast<int>(clock.seconds().count()));
  std::string text(out, static_cast<std::size_t>(n));
  if (ms != 0) {
    std::snprintf(out, sizeof out, ".%03d", ms);
    text += out;
  }
  text += 'Z';
  return text;
}

bool valid_id(std::string_view id) noexcept {
  if (id.empty() || id.size() > 32) return false;
  auto const lower_or_digit = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  };
  if (!lower_or_digit(id[0])) return false;
  for (char c : id)
    if (!lower_or_digit(c) && c != '.' && c != '_' && c != '-') return false;
  return true;
}

bool valid_template_ref(std::string_view ref) noexcept {
  auto const at = ref.find('@');
  if (at == std::string_view::npos || !valid_id(ref.substr(0, at))) return false;
  auto const version = ref.substr(at + 1);
  if (version.empty() || version.size() > 9) return false;
  for (char c : version)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace imsdp::user_interaction
