// Profiles, tolerances and limits (DESIGN.md section 3).
//
// A tolerance is one named deviation from RFC 8866 that a parser may accept; a profile is
// a named set of tolerances. Every deviation accepted under a tolerance is recorded as a
// diagnostic, so nothing is normalised silently. Limits bound memory and time on hostile
// input; hitting one is errc::limit_exceeded with the position where it was hit.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace imsdp {

/// Named tolerances, a bit each. Values are stable (vectors name them by string).
enum class tolerance : std::uint32_t {
  none = 0,
  bare_lf = 1u << 0,                 // lines ended by LF alone (RFC 8866 section 5: SHOULD accept)
  bare_cr = 1u << 1,                 // lines ended by CR alone
  missing_final_eol = 1u << 2,       // no line ending after the last line
  blank_lines = 1u << 3,             // empty or whitespace-only lines
  trailing_whitespace = 1u << 4,     // spaces or tabs before the line ending
  empty_session_name = 1u << 5,      // "s=" with no text (RFC 8866 asks for "s= ")
  missing_session_name = 1u << 6,    // no s= line
  missing_origin = 1u << 7,          // no o= line
  missing_timing = 1u << 8,          // no t= line
  field_order = 1u << 9,             // session-level lines out of RFC 8866 order
  lax_tokens = 1u << 10,             // bytes outside token-char in media, proto and fmt
  free_form_contact = 1u << 11,      // e= and p= values that are not addresses ("e=NONE")
  malformed_attributes = 1u << 12,   // a known attribute with a bad value is kept raw
  legacy_sctp = 1u << 13,            // a=sctpmap and "a=sctp-port 5000" (pre-RFC 8841 drafts)
  dcmap_space_separator = 1u << 14,  // RFC 8864 dcmap options separated by spaces
  unknown_line_types = 1u << 15,     // type letters RFC 8866 does not define (kept in place)
  misplaced_attributes = 1u << 16,   // an attribute at a level its spec does not allow
  value_leading_space = 1u << 17,    // spaces after "a=name:" ("a=tls-id: abc", TS 26.114 A.17)
  missing_connection = 1u << 18,     // a media description without c= and none at session level
};

[[nodiscard]] constexpr tolerance operator|(tolerance a, tolerance b) noexcept {
  return static_cast<tolerance>(static_cast<std::uint32_t>(a) | static_cast<std::uint32_t>(b));
}
[[nodiscard]] constexpr tolerance operator&(tolerance a, tolerance b) noexcept {
  return static_cast<tolerance>(static_cast<std::uint32_t>(a) & static_cast<std::uint32_t>(b));
}
[[nodiscard]] constexpr tolerance operator~(tolerance a) noexcept {
  return static_cast<tolerance>(~static_cast<std::uint32_t>(a));
}
[[nodiscard]] constexpr bool any(tolerance t) noexcept {
  return t != tolerance::none;
}

/// The spelling of one tolerance ("bare_lf"); empty for combinations.
[[nodiscard]] std::string_view to_string(tolerance t) noexcept;
/// Parses one tolerance name.
[[nodiscard]] std::optional<tolerance> tolerance_from_string(std::string_view name) noexcept;

/// A named set of tolerances.
struct profile {
  std::string_view name;
  tolerance tolerances = tolerance::none;

  /// RFC 8866 ABNF and line order; bare LF is accepted as RFC 8866 section 5 asks.
  static constexpr profile strict() noexcept { return {"strict", tolerance::bare_lf}; }
  /// What browsers emit (RFC 9429): strict plus a missing final line ending and the
  /// legacy data-channel forms older browsers still send.
  static constexpr profile jsep() noexcept {
    return {"jsep", tolerance::bare_lf | tolerance::missing_final_eol | tolerance::legacy_sctp};
  }
  /// What IMS/VoLTE stacks and 3GPP examples emit: strict plus a missing final line
  /// ending, trailing whitespace, an empty s= and a space after "a=name:" (TS 26.114 A.17).
  static constexpr profile ims() noexcept {
    return {"ims", tolerance::bare_lf | tolerance::missing_final_eol |
                       tolerance::trailing_whitespace | tolerance::empty_session_name |
                       tolerance::value_leading_space};
  }
  /// Real-world input of any origin: every tolerance except unknown line types, which
  /// RFC 8866 section 5 says must reject the whole description.
  static constexpr profile lenient() noexcept {
    return {"lenient", ~tolerance::none & ~tolerance::unknown_line_types};
  }

  [[nodiscard]] constexpr bool allows(tolerance t) const noexcept { return any(tolerances & t); }
};

/// The profile with that name (strict, jsep, ims, lenient).
[[nodiscard]] std::optional<profile> profile_from_string(std::string_view name) noexcept;

/// Run-time limits with safe defaults. Every limit is checked before memory is committed.
struct limits {
  std::size_t max_input_bytes = 4u << 20;  // whole SDP
  std::size_t max_line_length = 1u << 20;  // one line, without its ending
  std::size_t max_lines = 65536;           // lines in one SDP
  std::size_t max_media = 1000;            // m-sections
  std::size_t max_attributes = 10000;      // a= lines in one section (session or media)
  std::size_t max_formats = 1024;          // fmt entries on one m= line
  std::size_t max_diagnostics = 1000;      // diagnostics kept; later ones are counted
  std::size_t max_json_bytes = 4u << 20;   // JSON documents read
  std::size_t max_json_depth = 64;         // JSON nesting
};

/// Everything a parser takes besides its input.
struct parse_options {
  imsdp::profile profile = imsdp::profile::strict();
  imsdp::limits limits{};
  /// Keep parsing after an error to report every error of the input (lint); the result
  /// is still a failure carrying the first error.
  bool collect_all_errors = false;
};

}  // namespace imsdp
