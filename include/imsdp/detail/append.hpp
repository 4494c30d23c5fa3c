// Appending numbers and text to a std::string for the serializers: std::to_chars into a
// stack buffer, no locale, no allocation beyond the string's own growth.
#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

namespace imsdp::detail {

template <class Unsigned>
requires std::is_unsigned_v<Unsigned>
inline void append_number(std::string& out, Unsigned value) {
  char buffer[24];
  auto const r = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, r.ptr);
}

inline void append_signed(std::string& out, std::int64_t value) {
  char buffer[24];
  auto const r = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, r.ptr);
}

}  // namespace imsdp::detail
