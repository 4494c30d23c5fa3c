// Spellings of tolerances and profiles, as used by vectors, JSON and the command line.
#include <array>
#include <imsdp/options.hpp>

namespace imsdp {
namespace {

struct tolerance_name {
  tolerance flag;
  std::string_view name;
};

constexpr std::array tolerance_names{
    tolerance_name{tolerance::bare_lf, "bare_lf"},
    tolerance_name{tolerance::bare_cr, "bare_cr"},
    tolerance_name{tolerance::missing_final_eol, "missing_final_eol"},
    tolerance_name{tolerance::blank_lines, "blank_lines"},
    tolerance_name{tolerance::trailing_whitespace, "trailing_whitespace"},
    tolerance_name{tolerance::empty_session_name, "empty_session_name"},
    tolerance_name{tolerance::missing_session_name, "missing_session_name"},
    tolerance_name{tolerance::missing_origin, "missing_origin"},
    tolerance_name{tolerance::missing_timing, "missing_timing"},
    tolerance_name{tolerance::field_order, "field_order"},
    tolerance_name{tolerance::lax_tokens, "lax_tokens"},
    tolerance_name{tolerance::free_form_contact, "free_form_contact"},
    tolerance_name{tolerance::malformed_attributes, "malformed_attributes"},
    tolerance_name{tolerance::legacy_sctp, "legacy_sctp"},
    tolerance_name{tolerance::dcmap_space_separator, "dcmap_space_separator"},
    tolerance_name{tolerance::unknown_line_types, "unknown_line_types"},
    tolerance_name{tolerance::misplaced_attributes, "misplaced_attributes"},
    tolerance_name{tolerance::value_leading_space, "value_leading_space"},
    tolerance_name{tolerance::missing_connection, "missing_connection"},
};

}  // namespace

std::string_view to_string(tolerance t) noexcept {
  for (auto const& row : tolerance_names)
    if (row.flag == t) return row.name;
  return {};
}

std::optional<tolerance> tolerance_from_string(std::string_view name) noexcept {
  for (auto const& row : tolerance_names)
    if (row.name == name) return row.flag;
  return std::nullopt;
}

std::optional<profile> profile_from_string(std::string_view name) noexcept {
  for (auto const& p : {profile::strict(), profile::jsep(), profile::ims(), profile::lenient()})
    if (p.name == name) return p;
  return std::nullopt;
}

}  // namespace imsdp
