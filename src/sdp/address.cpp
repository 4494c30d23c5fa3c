#include "sdp/address.hpp"

namespace imsdp::sdp::detail {

std::optional<std::uint32_t> parse_ip4(std::string_view text) noexcept {
  std::uint32_t address = 0;
  std::size_t i = 0;
  for (int octet = 0; octet < 4; ++octet) {
    if (octet > 0) {
      if (i >= text.size() || text[i] != '.') return std::nullopt;
      ++i;
    }
    std::size_t const start = i;
    unsigned value = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9' && i - start < 3) {
      value = value * 10 + static_cast<unsigned>(text[i] - '0');
      ++i;
    }
    std::size_t const digits = i - start;
    // decimal-uchar: no leading zeros, at most 255
    if (digits == 0 || value > 255 || (digits > 1 && text[start] == '0')) return std::nullopt;
    address = (address << 8) | value;
  }
  if (i != text.size()) return std::nullopt;
  return address;
}

bool looks_like_ip4(std::string_view text) noexcept {
  if (text.empty()) return false;
  for (char c : text)
    if (c != '.' && (c < '0' || c > '9')) return false;
  return true;
}

bool is_ip6(std::string_view text) noexcept {
  // Count 16-bit groups on each side of an optional "::"; a trailing IPv4 counts as two.
  int groups = 0;
  bool compressed = false;
  std::size_t i = 0;
  if (text.size() >= 2 && text[0] == ':' && text[1] == ':') {
    compressed = true;
    i = 2;
    if (i == text.size()) return true;
  } else if (!text.empty() && text[0] == ':') {
    return false;
  }
  while (i < text.size()) {
    std::size_t const start = i;
    while (i < text.size() && i - start < 5 &&
           ((text[i] >= '0' && text[i] <= '9') || (text[i] >= 'a' && text[i] <= 'f') ||
            (text[i] >= 'A' && text[i] <= 'F')))
      ++i;
    std::size_t const digits = i - start;
    if (i < text.size() && text[i] == '.') {
      // embedded IPv4 must be last
      if (!parse_ip4(text.substr(start))) return false;
      groups += 2;
      i = text.size();
      break;
    }
    if (digits == 0 || digits > 4) return false;
    ++groups;
    if (i == text.size()) break;
    if (text[i] != ':') return false;
    ++i;
    if (i < text.size() && text[i] == ':') {
      if (compressed) return false;
      compressed = true;
      ++i;
      if (i == text.size()) break;
    } else if (i == text.size()) {
      return false;  // trailing single ':'
    }
  }
  return compressed ? groups < 8 : groups == 8;
}

}  // namespace imsdp::sdp::detail
