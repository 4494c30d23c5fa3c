// Writing a session_description back to text.
//
// serialize_exact() gives back the parsed bytes, with edited lines re-rendered in place:
// serialize_exact(parse(x)) == x for every accepted x.
// serialize() writes the canonical form: CRLF, the line order of RFC 8866 section 5,
// canonical spacing, typed values re-rendered; blank lines dropped; a missing or empty s=
// becomes "s= " and a missing t= becomes "t=0 0" (RFC 8866 sections 5.3 and 5.9).
// serialize(parse(serialize(d))) == serialize(d).
#pragma once

#include <imsdp/sdp/session_description.hpp>
#include <string>

namespace imsdp::sdp {

void serialize_exact(session_description const& doc, std::string& out);
[[nodiscard]] std::string serialize_exact(session_description const& doc);

void serialize(session_description const& doc, std::string& out);
[[nodiscard]] std::string serialize(session_description const& doc);

/// One line in canonical form, without its line ending ("a=rtpmap:96 opus/48000/2").
void append_line(std::string& out, field const& f);

}  // namespace imsdp::sdp
