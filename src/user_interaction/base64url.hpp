// base64url without padding (RFC 4648 section 5), into caller buffers: the JWS code and the
// allocation-free token check of the guard share it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace imsdp::user_interaction::b64 {

inline constexpr char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// The 6-bit value of a base64url character, or -1.
constexpr int value(char c) noexcept {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

/// Bytes `text` decodes to; nullopt when its length cannot be unpadded base64url.
constexpr std::optional<std::size_t> decoded_size(std::size_t text_size) noexcept {
  if (text_size % 4 == 1) return std::nullopt;
  return text_size / 4 * 3 + (text_size % 4 == 0 ? 0 : text_size % 4 - 1);
}

/// The 6-bit values of all bytes (255: not in the alphabet).
inline constexpr auto values = [] {
  std::array<unsigned char, 256> t{};
  for (auto& v : t)
    v = 255;
  for (int c = 0; c < 256; ++c)
    if (value(static_cast<char>(c)) >= 0)
      t[static_cast<std::size_t>(c)] = static_cast<unsigned char>(value(static_cast<char>(c)));
  return t;
}();

/// Decodes into `out` (at least decoded_size bytes); the decoded size, or nullopt for a
/// character outside the alphabet, a bad length or non-zero unused bits (a canonical
/// encoding only, so one token has one spelling). Four characters a step, by table.
inline std::optional<std::size_t> decode_into(std::string_view text,
                                              std::span<unsigned char> out) noexcept {
  auto const size = decoded_size(text.size());
  if (!size || *size > out.size()) return std::nullopt;
  auto const at = [&](std::size_t i) { return values[static_cast<unsigned char>(text[i])]; };
  std::size_t i = 0, n = 0;
  for (; i + 4 <= text.size(); i += 4) {
    unsigned const a = at(i), b = at(i + 1), c = at(i + 2), d = at(i + 3);
    if ((a | b | c | d) & 0xC0) return std::nullopt;  // 255 has the high bits set
    std::uint32_t const v = a << 18 | b << 12 | c << 6 | d;
    out[n++] = static_cast<unsigned char>(v >> 16);
    out[n++] = static_cast<unsigned char>(v >> 8);
    out[n++] = static_cast<unsigned char>(v);
  }
  auto const rest = text.size() - i;  // 0, 2 or 3
  if (rest >= 2) {
    unsigned const a = at(i), b = at(i + 1), c = rest == 3 ? at(i + 2) : 0u;
    if ((a | b | c) & 0xC0) return std::nullopt;
    std::uint32_t const v = a << 18 | b << 12 | c << 6;
    out[n++] = static_cast<unsigned char>(v >> 16);
    if (rest == 3) out[n++] = static_cast<unsigned char>(v >> 8);
    if ((v & (rest == 3 ? 0xFFu : 0xFFFFu)) != 0) return std::nullopt;  // unused bits are zero
  }
  return n;
}

}  // namespace imsdp::user_interaction::b64
