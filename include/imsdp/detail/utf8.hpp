// UTF-8 well-formedness (RFC 3629 section 4), shared by the library's JSON outputs (which
// must be UTF-8) and the CLI's terminal escaping.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

namespace imsdp::detail {

/// The length of the well-formed UTF-8 sequence at text[i] (1 for ASCII), or 0 when the
/// bytes there are not one: a stray continuation byte, a truncated sequence, an overlong
/// form, a surrogate or a code point above U+10FFFF.
[[nodiscard]] constexpr std::size_t utf8_sequence(std::string_view text, std::size_t i) noexcept {
  auto const c = static_cast<unsigned char>(text[i]);
  if (c < 0x80) return 1;
  std::size_t const n = c >= 0xc2 && c <= 0xdf   ? 1
                        : c >= 0xe0 && c <= 0xef ? 2
                        : c >= 0xf0 && c <= 0xf4 ? 3
                                                 : 0;
  if (n == 0 || i + n >= text.size()) return 0;
  std::uint32_t cp = n == 1 ? c & 0x1fu : n == 2 ? c & 0x0fu : c & 0x07u;
  for (std::size_t k = 1; k <= n; ++k) {
    auto const b = static_cast<unsigned char>(text[i + k]);
    if ((b & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3fu);
  }
  if (n == 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) return 0;
  if (n == 3 && (cp < 0x10000 || cp > 0x10ffff)) return 0;
  return n + 1;
}

/// The offset of the first byte that is not part of well-formed UTF-8, if any.
[[nodiscard]] inline std::optional<std::size_t> first_invalid_utf8(std::string_view text) noexcept {
  for (std::size_t i = 0; i < text.size();) {
    // ASCII, 32 and then eight bytes at a time: SDP is nearly all ASCII.
    while (i + 32 <= text.size()) {
      std::uint64_t words[4];
      std::memcpy(words, text.data() + i, 32);
      if (((words[0] | words[1] | words[2] | words[3]) & 0x8080808080808080u) != 0) break;
      i += 32;
    }
    while (i + 8 <= text.size()) {
      std::uint64_t word;
      std::memcpy(&word, text.data() + i, 8);
      if ((word & 0x8080808080808080u) != 0) break;
      i += 8;
    }
    if (i >= text.size()) break;
    auto const n = utf8_sequence(text, i);
    if (n == 0) return i;
    i += n;
  }
  return std::nullopt;
}

}  // namespace imsdp::detail
