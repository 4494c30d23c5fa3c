// The consent gate (consent.hpp; rule 15).
#include <algorithm>
#include <imsdp/user_interaction/consent.hpp>

namespace imsdp::user_interaction {

bool in_force(consent_record const& r, std::string_view purpose, time_point now) noexcept {
  return r.state == consent_state::given && !r.withdrawn && (!r.expires || now < *r.expires) &&
         std::find(r.purposes.begin(), r.purposes.end(), purpose) != r.purposes.end();
}

errc check_consent(std::span<consent_record const> records, std::string_view purpose,
                   std::string_view recipient, time_point now,
                   std::span<std::string_view const> data_categories) noexcept {
  auto const listed = [](auto const& list, std::string_view v) {
    return std::any_of(list.begin(), list.end(), [&](auto const& x) { return x == v; });
  };
  for (auto const& r : records) {
    if (!in_force(r, purpose, now)) continue;
    bool const to_controller = r.controller == recipient;
    if (!to_controller &&
        std::none_of(r.recipients.begin(), r.recipients.end(),
                     [&](struct recipient const& x) { return x.id == recipient; }))
      continue;
    if (std::all_of(data_categories.begin(), data_categories.end(),
                    [&](std::string_view c) { return listed(r.data_categories, c); }))
      return errc::ok;
  }
  return errc::ui_consent_missing;
}

assist_decision assist_gate(std::span<std::string const> participants,
                            consent_source const& consents, std::string_view controller,
                            time_point now) {
  assist_decision d;
  for (auto const& p : participants)
    if (check_consent(consents.records(p), "ai-assist", controller, now) != errc::ok)
      d.missing.push_back(p);
  d.go = !participants.empty() && d.missing.empty();
  return d;
}

}  // namespace imsdp::user_interaction
