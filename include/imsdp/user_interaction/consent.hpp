// The consent gate (design section 13.5, rule 15; GDPR Art. 6, 7): the caller keeps the
// records in its own store and lends them through consent_source.
#pragma once

#include <imsdp/user_interaction/message.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace imsdp::user_interaction {

class consent_source {
 public:
  virtual ~consent_source() = default;
  /// The consent records of one pseudonymous subject (any order, any state).
  [[nodiscard]] virtual std::span<consent_record const> records(std::string_view subject) const = 0;
};

/// Whether the record itself is in force for the purpose at `now`: given, not withdrawn, not
/// expired, the purpose listed. check_consent adds the recipient and data categories.
[[nodiscard]] bool in_force(consent_record const& r, std::string_view purpose,
                            time_point now) noexcept;

/// Rule 15: errc::ok when one record is `given`, lists the purpose, lists the recipient (or
/// the recipient is its controller), has not expired at `now`, and covers every data category
/// asked for; ui_consent_missing otherwise. No allocation.
[[nodiscard]] errc check_consent(std::span<consent_record const> records, std::string_view purpose,
                                 std::string_view recipient, time_point now,
                                 std::span<std::string_view const> data_categories = {}) noexcept;

/// Rule 20: AI assistance on a conference processes every participant's media, so it runs
/// only while every participant (pseudonyms) has valid consent for the purpose "ai-assist" to
/// the controller. A participant joining without consent, or any withdrawal, gives stop.
struct assist_decision {
  bool go = false;
  std::vector<std::string> missing;  // participants without valid consent
};
[[nodiscard]] assist_decision assist_gate(std::span<std::string const> participants,
                                          consent_source const& consents,
                                          std::string_view controller, time_point now);

}  // namespace imsdp::user_interaction
