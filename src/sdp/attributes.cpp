// Helpers of the attribute types that are not inline.
#include <charconv>
#include <imsdp/datachannel/attributes.hpp>
#include <imsdp/sdp/attribute.hpp>

#include "detail/ascii.hpp"

namespace imsdp::sdp {
namespace {

// Without spaces and tabs at either end. A plain loop: find_first_not_of(" \t") scans
// the two-character set per byte, and parameters are read per codec per answer.
std::string_view trim(std::string_view s) noexcept {
  auto const blank = [](char c) { return c == ' ' || c == '\t'; };
  while (!s.empty() && blank(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && blank(s.back()))
    s.remove_suffix(1);
  return s;
}

}  // namespace

format_parameter split_parameter(std::string_view part) noexcept {
  auto const eq = part.find('=');
  if (eq == std::string_view::npos) return {trim(part), {}};
  return {trim(part.substr(0, eq)), trim(part.substr(eq + 1))};
}

std::optional<std::string_view> fmtp::parameter(std::string_view parameter_name) const {
  for (auto part : parameter_list()) {
    auto const p = split_parameter(part);
    if (imsdp::detail::iequals(p.name, parameter_name)) return p.value;
  }
  return std::nullopt;
}

double decimal_value::value() const noexcept {
  double v = 0;
  std::from_chars(text.data(), text.data() + text.size(), v);
  return v;
}

std::optional<std::string_view> candidate::extension(std::string_view extension_name) const {
  auto parts = detail::split(extensions, ' ');
  for (auto it = parts.begin(); it != parts.end(); ++it) {
    auto const name_part = *it;
    if (++it == parts.end()) break;
    if (name_part == extension_name) return *it;
  }
  return std::nullopt;
}

}  // namespace imsdp::sdp

namespace imsdp::datachannel {

std::string quoted_value::decoded() const {
  // escaped-char = "%" HEXDIG HEXDIG (RFC 8864 section 5.1); the grammar has checked them.
  auto const hex = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace imsdp::datachannel
