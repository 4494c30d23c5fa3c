// Lower-case hexadecimal, the one spelling the library writes (digests, nonces, hashes) and
// reads back (nonces and saved hashes: exact length, lower case only).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace imsdp::detail {

inline constexpr char hex_digits[] = "0123456789abcdef";

/// Two hex digits per byte appended to `out`.
inline void append_hex(std::string& out, std::span<unsigned char const> bytes) {
  out.reserve(out.size() + 2 * bytes.size());
  for (auto b : bytes) {
    out += hex_digits[b >> 4];
    out += hex_digits[b & 15];
  }
}

[[nodiscard]] inline std::string to_hex(std::span<unsigned char const> bytes) {
  std::string out;
  append_hex(out, bytes);
  return out;
}

/// The 16 digits of `v`, most significant first, into `out` (no allocation).
inline void write_hex64(std::uint64_t v, std::span<char, 16> out) noexcept {
  for (std::size_t i = 0; i < 16; ++i)
    out[i] = hex_digits[(v >> (60 - 4 * i)) & 15];
}

/// Decodes exactly 2 * out.size() lower-case digits; false for any other text.
[[nodiscard]] inline bool decode_hex(std::string_view text, std::span<unsigned char> out) noexcept {
  if (text.size() != 2 * out.size()) return false;
  auto const digit = [](char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
  };
  for (std::size_t i = 0; i < out.size(); ++i) {
    int const hi = digit(text[2 * i]), lo = digit(text[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    out[i] = static_cast<unsigned char>(hi << 4 | lo);
  }
  return true;
}

}  // namespace imsdp::detail
