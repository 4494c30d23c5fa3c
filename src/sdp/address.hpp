// Address checks shared by c=, o=, a=rtcp and a=candidate (RFC 8866 section 9: IP4-address,
// IP6-address; RFC 4291 section 2.2 text forms). Hand-written: these are small and hot.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace imsdp::sdp::detail {

/// The four octets of a dotted-quad IPv4 address (no leading zeros beyond "0"), or nullopt.
[[nodiscard]] std::optional<std::uint32_t> parse_ip4(std::string_view text) noexcept;

/// True for an IPv6 address in any RFC 4291 text form, including "::" compression and a
/// trailing dotted-quad.
[[nodiscard]] bool is_ip6(std::string_view text) noexcept;

/// True when `text` has only digits and dots (so it must be an IPv4 address).
[[nodiscard]] bool looks_like_ip4(std::string_view text) noexcept;

}  // namespace imsdp::sdp::detail
