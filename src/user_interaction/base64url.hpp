// base64url without padding (RFC 4648 section 5), into caller buffers: the JWS code and the
// allocation-free token check of the guard share it.
#pragma once

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

/// Decodes into `out` (at least decoded_size bytes); the decoded size, or nullopt for a
/// character outside the alphabet, a bad length or non-zero unused bits (a canonical
/// encoding only, so one token has one spelling).
inline std::optional<std::size_t> decode_into(std::string_view text,
                                              std::span<unsigned char> out) noexcept {
  auto const size = decoded_size(text.size());
  if (!size || *size > out.size()) return std::nullopt;
  std::uint32_t acc = 0;
  int bits = 0;
  std::size_t n = 0;
  for (char c : text) {
    int const v = value(c);
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = static_cast<unsigned char>(acc >> bits);
      acc &= (1u << bits) - 1;
    }
  }
  if (acc != 0) return std::nullopt;
  return n;
}

}  // namespace imsdp::user_interaction::b64
