// A reference row of the peer comparison: the least work a parse of imsdp's design does.
// It copies the text as sdp::parse does, splits it into lines, stores a field record per
// line (with the parse's allocator, which reuses the thread's spare block) and runs the
// library's own value grammar of every line and registered attribute, and nothing else: no
// line order, no limits, no uniqueness or level checks, no diagnostics. imsdp's time minus
// this row's is what the parser's checks and structure cost; the fastest peer's time over
// this row's is the most this design could reach against it (bench/README.md, Ratios).
#include <cstring>
#include <imsdp/options.hpp>
#include <memory>
#include <string_view>
#include <vector>

#include "peers.hpp"
#include "sdp/line_parser.hpp"
#include "sdp/line_scanner.hpp"
#include "sdp/parsers.hpp"

namespace imsdp::bench {

int typed_floor(std::string_view text) {
  using namespace imsdp::sdp;
  using namespace imsdp::sdp::detail;
  auto const source = std::make_unique_for_overwrite<char[]>(text.size());
  std::memcpy(source.get(), text.data(), text.size());
  char const* at = source.get();
  char const* const end = at + text.size();

  field_vector fields;
  fields.reserve(count_newlines(at, end) + 1);
  std::vector<diagnostic> diagnostics;
  value_context context(profile::lenient().tolerances, &diagnostics, limits{}.max_diagnostics);
  std::uint32_t line = 0;
  int media = 0;
  while (at != end) {
    char const* const line_end = find_line_end(at, end);
    std::size_t eol = 0;
    if (line_end != end)
      eol = *line_end == '\r' && line_end + 1 != end && line_end[1] == '\n' ? 2 : 1;
    std::string_view const content(at, static_cast<std::size_t>(line_end - at));
    context.at_line(at, ++line, static_cast<std::size_t>(at - source.get()));
    field& f = fields.emplace_back();
    f.type = content.size() >= 2 ? content[0] : 0;
    f.line = line;
    f.offset = static_cast<std::uint32_t>(at - source.get());
    f.text = content;
    f.eol = std::string_view(line_end, eol);
    if (f.type == 'a') {
      // Values that fail are kept untyped, as the lenient profile keeps them.
      auto& a = f.value.emplace<attribute>();
      std::string_view const value = content.substr(2);
      std::size_t const colon = find_colon(value);
      a.name = value.substr(0, colon);
      a.has_value = colon < value.size();
      a.value = a.has_value ? value.substr(colon + 1) : std::string_view{};
      if (auto const* entry = find_attribute(a.name))
        if (!entry->parse(entry->name, a.value, a.has_value, a.typed, context))
          context.clear_failure();
    } else if (f.type != 0) {
      if (!parse_line_value(f.type, content, f.value, context)) context.clear_failure();
      media += f.type == 'm' ? 1 : 0;
    }
    at = line_end + eol;  // at the end, eol is 0: the loop ends
  }
  return media;
}

}  // namespace imsdp::bench
