// ASCII case folding for protocol tokens (encoding names, hash functions, fmtp parameter
// names): RFC 5234 section 2.3 strings match without regard to ASCII case. No locale, so
// bytes >= 0x80 compare as they are.
#pragma once

#include <algorithm>
#include <string_view>

namespace imsdp::detail {

[[nodiscard]] constexpr char ascii_lower(char c) noexcept {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

/// ASCII case-insensitive equality.
[[nodiscard]] constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

}  // namespace imsdp::detail
