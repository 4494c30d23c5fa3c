// Parsing SDP text (RFC 8866) into a session_description.
#pragma once

#include <imsdp/error.hpp>
#include <imsdp/options.hpp>
#include <imsdp/result.hpp>
#include <imsdp/sdp/session_description.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace imsdp::sdp {

/// Parses a whole session description. The text is copied into the result, which owns
/// it; every accepted deviation and unknown attribute is in diagnostics(). On failure the
/// error carries the code, position and rule of the first problem.
[[nodiscard]] result<session_description> parse(std::string_view text,
                                                parse_options const& options = {});

/// Same, under a profile with default limits.
[[nodiscard]] result<session_description> parse(std::string_view text, profile p);

/// Every diagnostic of a text, errors included (each error line is reported and parsing
/// goes on with the next line). Subjects view `text`, which must outlive the result.
[[nodiscard]] std::vector<diagnostic> lint(std::string_view text, parse_options options = {});

/// Parses one attribute with the registry: `name` without "a=", `value` the text after
/// ':' (nullopt for "a=name"). Positions in the error are relative to `value` (line 0).
[[nodiscard]] result<attribute> parse_attribute(std::string_view name,
                                                std::optional<std::string_view> value,
                                                parse_options const& options = {});

}  // namespace imsdp::sdp
