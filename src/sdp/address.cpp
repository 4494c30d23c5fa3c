#include "sdp/address.hpp"

namespace imsdp::sdp::detail {

std::optional<std::uint32_t> parse_ip4(std::string_view text) noexcept {
  // IP4-address = b1 3("." decimal-uchar): 7 to 15 bytes; decimal-uchar has no leading
  // zero and is at most 255. One pass, each byte read once.
  if (text.size() < 7 || text.size() > 15) return std::nullopt;
  char const* at = text.data();
  char const* const end = at + text.size();
  auto const digit = [&]() -> unsigned {
    return at == end ? 10u : static_cast<unsigned char>(*at - '0');
  };
  std::uint32_t address = 0;
  for (int octet = 0; octet < 4; ++octet) {
    if (octet > 0) {
      if (at == end || *at != '.') return std::nullopt;
      ++at;
    }
    unsigned value = digit();
    if (value > 9) return std::nullopt;
    ++at;
    for (int more = 0; more < 2; ++more) {
      unsigned const d = digit();
      if (d > 9) break;
      if (value == 0) return std::nullopt;  // a leading zero
      value = value * 10 + d;
      ++at;
    }
    if (value > 255) return std::nullopt;
    address = (address << 8) | value;
  }
  if (at != end) return std::nullopt;
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
