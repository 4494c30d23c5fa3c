// The hand-written layer of the SDP parser: splits the text into lines, runs the
// line-order automaton of RFC 8866 section 5 and dispatches each value to its grammar.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <imsdp/options.hpp>
#include <imsdp/sdp/session_description.hpp>
#include <string_view>
#include <vector>

#include "sdp/value_context.hpp"

namespace imsdp::sdp::detail {

/// The line types of a session-level and of a media description, in RFC 8866 section 5
/// order.
inline constexpr std::string_view session_order = "vosiuepcbtrzka";
inline constexpr std::string_view media_order = "micbka";

/// The position of each byte in `order`, or -1.
constexpr std::array<std::int8_t, 256> rank_table(std::string_view order) {
  std::array<std::int8_t, 256> table{};
  table.fill(-1);
  for (std::size_t i = 0; i < order.size(); ++i)
    table[static_cast<unsigned char>(order[i])] = static_cast<std::int8_t>(i);
  return table;
}

inline constexpr auto session_ranks = rank_table(session_order);
inline constexpr auto media_ranks = rank_table(media_order);

/// The rank of a line type at session level (v=0 ... a=13), or -1 for a type that has
/// none there.
constexpr int session_rank(char type) noexcept {
  return session_ranks[static_cast<unsigned char>(type)];
}

/// The rank of a line type in a media description (m=0 i=1 c=2 b=3 k=4 a=5), or -1.
constexpr int media_rank(char type) noexcept {
  return media_ranks[static_cast<unsigned char>(type)];
}

/// What parsing a text produces. Views point into the parsed text.
struct parse_output {
  field_vector fields;
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
