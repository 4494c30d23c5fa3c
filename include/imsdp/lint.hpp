// Every finding on one SDP text, across the areas: what `imsdp lint` prints and imsdp_lint
// returns. It sits above the areas, so the SDP core does not need to know them.
#pragma once

#include <imsdp/error.hpp>
#include <imsdp/options.hpp>
#include <string_view>
#include <vector>

namespace imsdp {

/// The parse's diagnostics and the cross-line rules of the SDP core (sdp::validate) and the
/// data-channel area (datachannel::validate), in text order. For a text that does not parse,
/// every error line instead (sdp::lint goes on past each). Subjects view `text` or static
/// text.
[[nodiscard]] std::vector<diagnostic> lint_all(std::string_view text, parse_options const& options);

}  // namespace imsdp
