// The hand-written layer of the SDP parser: splits the text into lines, runs the
// line-order automaton of RFC 8866 section 5 and dispatches each value to its grammar.
#pragma once

#include <cstdint>
#include <imsdp/options.hpp>
#include <imsdp/sdp/session_description.hpp>
#include <string_view>
#include <vector>

#include "sdp/value_context.hpp"

namespace imsdp::sdp::detail {

/// What parsing a text produces. Views point into the parsed text.
struct parse_output {
  std::vector<field> fields;
  std::vector<std::uint32_t> media_starts;
  std::vector<diagnostic> diagnostics;
  error first_error;
  bool failed = false;
};

/// Parses `text` (which must outlive the output) with the options. With
/// options.collect_all_errors every line error is also a diagnostic and parsing goes on.
void parse_text(std::string_view text, parse_options const& options, parse_output& out);

/// Parses the value of one line into `value`. `type` is the line's type letter and
/// `text` the whole line without its ending; used by parse_text and by edits.
bool parse_line_value(char type, std::string_view text, field_value& value, value_context& c);

}  // namespace imsdp::sdp::detail
