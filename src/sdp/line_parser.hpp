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

/// The rank of a line type in RFC 8866 section 5 order at session level (v=0 ... a=13),
/// or -1 for a type that has none there.
constexpr int session_rank(char type) noexcept {
  switch (type) {
    case 'v':
      return 0;
    case 'o':
      return 1;
    case 's':
      return 2;
    case 'i':
      return 3;
    case 'u':
      return 4;
    case 'e':
      return 5;
    case 'p':
      return 6;
    case 'c':
      return 7;
    case 'b':
      return 8;
    case 't':
      return 9;
    case 'r':
      return 10;
    case 'z':
      return 11;
    case 'k':
      return 12;
    case 'a':
      return 13;
    default:
      return -1;
  }
}

/// The rank of a line type in a media description (m=0 i=1 c=2 b=3 k=4 a=5), or -1.
constexpr int media_rank(char type) noexcept {
  switch (type) {
    case 'm':
      return 0;
    case 'i':
      return 1;
    case 'c':
      return 2;
    case 'b':
      return 3;
    case 'k':
      return 4;
    case 'a':
      return 5;
    default:
      return -1;
  }
}

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
