#include <algorithm>
#include <imsdp/datachannel/view.hpp>
#include <imsdp/lint.hpp>
#include <imsdp/sdp/parse.hpp>
#include <imsdp/sdp/validate.hpp>

namespace imsdp {

std::vector<diagnostic> lint_all(std::string_view text, parse_options const& options) {
  // A valid text's diagnostics are the parse's own; only an invalid one needs lint, which
  // goes on past each error line.
  auto const doc = sdp::parse(text, options);
  if (!doc) return sdp::lint(text, options);
  // The parsed document owns a copy of the text: move subjects that view it onto `text`.
  auto const rebase = [&](diagnostic d) {
    auto const source = doc->source();
    if (d.subject.data() >= source.data() && d.subject.data() < source.data() + source.size())
      d.subject =
          text.substr(static_cast<std::size_t>(d.subject.data() - source.data()), d.subject.size());
    return d;
  };
  std::vector<diagnostic> out;
  for (auto const& d : doc->diagnostics())
    out.push_back(rebase(d));
  // Cross-line rules of the SDP core, then of the data-channel area.
  for (auto&& more : {sdp::validate(*doc), datachannel::validate(*doc)})
    for (auto const& d : more)
      out.push_back(rebase(d));
  std::stable_sort(out.begin(), out.end(), [](diagnostic const& a, diagnostic const& b) {
    return a.where.offset < b.where.offset;
  });
  return out;
}

}  // namespace imsdp
