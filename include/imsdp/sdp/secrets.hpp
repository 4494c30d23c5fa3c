// Secrets in SDP text: the SRTP master keys of a=crypto (RFC 4568) and of an a=acap that
// carries one (RFC 5939), the key management data of a=key-mgmt (RFC 4567), and the k=
// field (RFC 8866 5.12). Every message, trace and JSON document the library prints shows
// them masked: each secret byte becomes '*', so columns and lengths stay as they were and
// a caret under the line still points at the right byte. The SDP a host sends is never
// masked; only what it prints about it.
#pragma once

#include <string>
#include <string_view>

namespace imsdp::sdp {

/// The value of an attribute named `name` with its secrets masked (the value itself when
/// it has none).
[[nodiscard]] std::string redact_attribute_value(std::string_view name, std::string_view value);

/// SDP text (a line or a whole description, any line endings) with its secrets masked.
/// Malformed lines are masked too: every key-info that could hold a key is.
[[nodiscard]] std::string redact_secrets(std::string_view text);

/// Whether an attribute of this name may carry a secret.
[[nodiscard]] bool may_carry_secret(std::string_view name) noexcept;

}  // namespace imsdp::sdp
