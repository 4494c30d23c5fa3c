// Cross-line rules of the SDP core: what no single line's grammar can check, because it
// relates lines to each other (a group to the mids, an fmtp to the m= formats, an
// ssrc-group to the ssrc lines). docs/sdp-profiles.md lists the rules.
#pragma once

#include <imsdp/error.hpp>
#include <imsdp/sdp/session_description.hpp>
#include <vector>

namespace imsdp::sdp {

/// Checks the cross-line rules of RFC 8866, RFC 5888, RFC 5576, RFC 8839, RFC 8843 and
/// RFC 8858 on a parsed description. Returns one diagnostic per violation, in line order,
/// positioned at the value that breaks the rule: an error where the RFC says MUST, a
/// warning where it says SHOULD or tells the receiver to ignore the line. Parsing does not
/// run these rules: `imsdp lint` does, beside datachannel::validate.
[[nodiscard]] std::vector<diagnostic> validate(session_description const& doc);

}  // namespace imsdp::sdp
