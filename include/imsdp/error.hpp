// Errors and diagnostics (DESIGN.md section 3).
//
// An imsdp::error says what went wrong (a stable errc), where (byte offset, 1-based line
// and column, length of the offending span), and in which rule, attribute or JSON member.
// A diagnostic is the same information with a severity; parsers return diagnostics beside
// the value for every tolerated deviation and unknown element.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>

namespace imsdp {

/// Stable error codes. The numeric values are part of the API: never renumber, only add.
/// Each area owns a range of one hundred codes.
enum class errc : std::uint16_t {
  ok = 0,

  // 1..99: general
  limit_exceeded = 1,    // a configured limit (options.hpp) was hit
  invalid_argument = 2,  // the caller passed something unusable
  io_error = 3,          // reading a file or stream failed (CLI, helpers)
  not_found = 4,         // a looked-up element does not exist
  unsupported = 5,       // valid but not supported by this library
  invalid_utf8 = 6,      // text that must be UTF-8 is not
  json_syntax = 10,      // JSON text is malformed
  json_type = 11,        // a JSON member has the wrong type
  json_missing_member = 12,
  json_unknown_member = 13,
  json_duplicate_key = 14,
  json_value_out_of_range = 15,
  json_too_deep = 16,

  // 100..199: SDP core (RFC 8866)
  syntax = 100,               // the value does not match its ABNF rule
  invalid_line = 101,         // not of the form <type>=<value>
  unknown_line_type = 102,    // a type letter RFC 8866 does not define
  line_order = 103,           // a line out of the order of RFC 8866 section 5
  missing_line = 104,         // a required line (v=, o=, s=, t=) is absent
  duplicate_line = 105,       // a line that may appear once appears again
  value_out_of_range = 106,   // a number outside its allowed range
  nul_byte = 107,             // a NUL byte in the input
  bare_lf = 108,              // LF without CR (RFC 8866 section 5 allows parsers to accept it)
  bare_cr = 109,              // CR not followed by LF
  missing_final_eol = 110,    // the last line has no line ending
  blank_line = 111,           // an empty or whitespace-only line
  trailing_whitespace = 112,  // spaces or tabs before the line ending
  empty_value = 113,          // "x=" with nothing after it
  unknown_attribute = 114,    // an a= name with no typed parser (kept as is)
  malformed_attribute = 115,  // a known attribute whose value fails its grammar (kept raw)
  attribute_level = 116,      // an attribute at a level where its spec does not allow it
  duplicate_attribute = 117,  // an attribute that may appear once per level appears again
  nonstandard_syntax = 118,   // a common non-RFC form accepted by a tolerance
  inconsistent_value = 119,   // values that contradict each other (e.g. rtpmap vs m= fmt)
  version_not_zero = 120,     // v= other than 0
  edit_conflict = 121,        // an edit that would produce an invalid description

  // 200..299: data channels (RFC 8841, RFC 8864, TS 26.114)
  dc_legacy_form = 200,          // a pre-RFC 8841 form (a=sctpmap, "a=sctp-port 5000")
  dc_option_repeated = 201,      // a dcmap option given twice
  dc_conflicting_options = 202,  // max-retr together with max-time
  dc_duplicate_stream_id = 203,  // two channels on one SCTP stream
  dc_dcsa_without_dcmap = 204,   // a=dcsa for a stream no a=dcmap declares
  dc_not_a_datachannel = 205,    // data-channel attributes on an m-line that is not one
  dc_transport = 206,            // proto or fmt wrong for a data channel (TS 26.114 6.2.10)
  dc_bootstrap = 207,            // bootstrap channel rules (streams 0, 10, 100, 110: http)
  dc_stream_plan = 208,          // a stream id outside the 3GPP plan (bootstrap or >= 1000)
  dc_unknown_reference = 209,    // 3gpp-req-app or 3gpp-bdc-used-by naming no channel
  feature_tag_syntax = 210,      // a malformed media feature tag parameter (RFC 3840)

  // 300..399: AI/ML split configurations (DESIGN.md section 5)
  split_parameter_repeated = 300,      // a 3gpp-aiml-split parameter given twice
  split_duplicate_cfg_id = 301,        // two configurations with one cfg-id on a control channel
  split_not_on_control_channel = 302,  // not scoped by dcsa to a 3gpp-aiml channel
  split_idc_missing = 303,             // idc names no channel of the m-section
  split_idc_subprotocol = 304,         // idc channel is not 3gpp-aiml-idata
  split_unknown_step = 305,            // steps= names a cfg-id not offered
  split_self_step = 306,               // a seq configuration that names itself
  split_steps_misplaced = 307,         // steps= on a placement other than seq, or seq without steps
  split_answer_added = 308,            // an answer with a cfg-id the offer did not have
  split_answer_changed = 309,          // an answer that changes placement, task, model, part, ...
  split_answer_widened = 310,          // an answer that raises ul/dl, lowers lat or adds cmp
  split_answer_incomplete = 311,       // an accepted seq whose steps are not all accepted
  split_answer_idc = 312,              // an accepted split whose idc channel is not accepted
  // 400..499: AI/ML model descriptors and model files
  // 500..599: AI/ML intermediate data frames (AIDF)
  // 600..699: negotiation (RFC 3264, RFC 3261/3262/3311/6337/6141, DESIGN.md section 8)
  invalid_state = 600,           // an event the state machine does not allow now (changes nothing)
  answer_media_count = 601,      // an answer with another number of m-lines than its offer
  answer_media_changed = 602,    // an answer m-line with another media type or proto
  answer_rejected_stream = 603,  // an answer accepting a stream the offer rejected (port 0)
  answer_formats = 604,          // answer formats that are not a subset of the offer's
  answer_direction = 605,        // an answer direction that does not mirror the offer
  answer_datachannel = 606,      // an answer dcmap not offered, or changed
  origin_changed = 607,          // o= username, session id or address changed in a dialog
  origin_version = 608,          // o= version not incremented by one on change (or on no change)
  offer_media_removed = 609,     // a new offer with fewer m-lines than the session
  offer_media_replaced = 610,    // a new offer changing the media type of an active m-line
  missing_body = 611,            // a message that must carry an offer or answer has none
  unexpected_body = 612,         // a body where none may be, or a second, different answer
  capabilities_invalid = 613,    // local capabilities that cannot be used
  script_invalid = 614,          // an event script that cannot be run
  // 700..799: AI/ML control messages
  // 800..899: interworking
  // 900..999: user interaction
};

/// The name of a code as written in vectors and JSON ("line_order"); "unknown" if none.
[[nodiscard]] std::string_view to_string(errc code) noexcept;

/// A short English description of a code ("a line out of RFC 8866 order").
[[nodiscard]] std::string_view describe(errc code) noexcept;

/// std::error_code integration: make_error_code(errc) and the category "imsdp".
[[nodiscard]] std::error_category const& error_category() noexcept;
[[nodiscard]] inline std::error_code make_error_code(errc e) noexcept {
  return {static_cast<int>(e), error_category()};
}

/// Where something is in a text input. Offsets are bytes from the start; line and
/// column are 1-based (column counts bytes). A zero line means "no text position"
/// (binary inputs give only the offset; negotiation gives none).
struct position {
  std::size_t offset = 0;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  friend bool operator==(position const&, position const&) = default;
};

enum class severity : std::uint8_t { note, warning, error };
[[nodiscard]] std::string_view to_string(severity s) noexcept;

/// A failure: code, position, span length, rule or attribute name, and for JSON inputs
/// the JSON pointer of the offending member.
struct error {
  errc code = errc::ok;
  position where{};
  std::uint32_t length = 0;
  std::string_view rule;  // ABNF rule, attribute or field name; static or owned by the input
  std::string path;       // JSON pointer ("/inputs/0/dtype") where the input is JSON
  std::string detail;     // extra words for the message, may be empty

  /// "line_order: a line out of RFC 8866 order (in rule 'attribute-field')"
  [[nodiscard]] std::string message() const;
  [[nodiscard]] std::error_code error_code() const noexcept { return make_error_code(code); }
};

/// A diagnostic kept beside a parsed value. No allocation: `subject` views the input or
/// static text (an attribute name, a rule name).
struct diagnostic {
  errc code = errc::ok;
  imsdp::severity severity = severity::note;
  position where{};
  std::uint32_t length = 0;
  std::string_view subject;

  [[nodiscard]] std::string message() const;
  friend bool operator==(diagnostic const&, diagnostic const&) = default;
};

}  // namespace imsdp

template <>
struct std::is_error_code_enum<imsdp::errc> : std::true_type {};
