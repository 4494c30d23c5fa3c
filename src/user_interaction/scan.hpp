// A strict JSON scanner that allocates nothing (RFC 8259): the response path of the guard
// reads responses and token claims with it. Values are views of the input; strings are checked
// (UTF-8, escapes, no control characters) and measured in code points, not decoded.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace imsdp::user_interaction::scan {

struct cursor {
  char const* p;
  char const* end;
  unsigned depth = 0;
  unsigned max_depth = 8;
};

inline void ws(cursor& c) noexcept {
  while (c.p < c.end && (*c.p == ' ' || *c.p == '\t' || *c.p == '\n' || *c.p == '\r'))
    ++c.p;
}

inline bool consume(cursor& c, char ch) noexcept {
  ws(c);
  if (c.p < c.end && *c.p == ch) {
    ++c.p;
    return true;
  }
  return false;
}

inline bool hex4(cursor& c, std::uint32_t& v) noexcept {
  if (c.end - c.p < 4) return false;
  v = 0;
  for (int i = 0; i < 4; ++i, ++c.p) {
    char const h = *c.p;
    int const d = h >= '0' && h <= '9'   ? h - '0'
                  : h >= 'a' && h <= 'f' ? h - 'a' + 10
                  : h >= 'A' && h <= 'F' ? h - 'A' + 10
                                         : -1;
    if (d < 0) return false;
    v = v << 4 | static_cast<std::uint32_t>(d);
  }
  return true;
}

struct string_info {
  std::string_view raw;  // between the quotes
  bool escaped = false;
  std::size_t code_points = 0;
};

/// True when one of the 8 bytes of `w` is a quote, a backslash, a control character or not
/// ASCII: the string scan then looks at bytes one by one (the classic SWAR tests).
constexpr bool special_byte(std::uint64_t w) noexcept {
  constexpr std::uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
  auto const has_zero = [](std::uint64_t x) { return (x - ones) & ~x & highs; };
  auto const has_less_than_space = (w - ones * 0x20) & ~w & highs;  // exact as a whole-word test
  return ((w & highs) | has_less_than_space | has_zero(w ^ (ones * '"')) |
          has_zero(w ^ (ones * '\\'))) != 0;
}

/// A string at the cursor (after whitespace).
inline bool string(cursor& c, string_info& out) noexcept {
  ws(c);
  if (c.p >= c.end || *c.p != '"') return false;
  char const* const begin = ++c.p;
  out.escaped = false;
  out.code_points = 0;
  while (c.p < c.end) {
    if (c.end - c.p >= 8) {  // a run of plain ASCII, eight bytes a step
      std::uint64_t w = 0;
      std::memcpy(&w, c.p, 8);
      if (!special_byte(w)) {
        c.p += 8;
        out.code_points += 8;
        continue;
      }
    }
    auto const b = static_cast<unsigned char>(*c.p);
    if (b == '"') {
      out.raw = {begin, static_cast<std::size_t>(c.p - begin)};
      ++c.p;
      return true;
    }
    ++out.code_points;
    if (b < 0x20) return false;
    if (b == '\\') {
      out.escaped = true;
      if (++c.p >= c.end) return false;
      char const e = *c.p++;
      if (e == 'u') {
        std::uint32_t v = 0;
        if (!hex4(c, v)) return false;
        if (v >= 0xD800 && v <= 0xDBFF) {  // a high surrogate needs its low half
          std::uint32_t low = 0;
          if (c.end - c.p < 2 || c.p[0] != '\\' || c.p[1] != 'u') return false;
          c.p += 2;
          if (!hex4(c, low) || low < 0xDC00 || low > 0xDFFF) return false;
        } else if (v >= 0xDC00 && v <= 0xDFFF) {
          return false;
        }
      } else if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' &&
                 e != 'r' && e != 't') {
        return false;
      }
      continue;
    }
    if (b < 0x80) {
      ++c.p;
      continue;
    }
    // UTF-8 (RFC 3629 section 4): the second byte's range depends on the first.
    int n = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (b >= 0xC2 && b <= 0xDF)
      n = 1;
    else if (b == 0xE0)
      n = 2, lo = 0xA0;
    else if (b >= 0xE1 && b <= 0xEC)
      n = 2;
    else if (b == 0xED)
      n = 2, hi = 0x9F;
    else if (b >= 0xEE && b <= 0xEF)
      n = 2;
    else if (b == 0xF0)
      n = 3, lo = 0x90;
    else if (b >= 0xF1 && b <= 0xF3)
      n = 3;
    else if (b == 0xF4)
      n = 3, hi = 0x8F;
    else
      return false;
    if (c.end - c.p <= n) return false;
    auto const second = static_cast<unsigned char>(c.p[1]);
    if (second < lo || second > hi) return false;
    for (int i = 2; i <= n; ++i)
      if ((static_cast<unsigned char>(c.p[i]) & 0xC0) != 0x80) return false;
    c.p += n + 1;
  }
  return false;
}

/// An integer without fraction or exponent (a float is refused, decision B5).
inline bool integer(cursor& c, std::int64_t& v) noexcept {
  ws(c);
  bool const negative = c.p < c.end && *c.p == '-';
  if (negative) ++c.p;
  if (c.p >= c.end || *c.p < '0' || *c.p > '9') return false;
  if (*c.p == '0' && c.p + 1 < c.end && c.p[1] >= '0' && c.p[1] <= '9') return false;
  std::uint64_t u = 0;
  while (c.p < c.end && *c.p >= '0' && *c.p <= '9') {
    if (u > (std::uint64_t{1} << 53)) return false;
    u = u * 10 + static_cast<std::uint64_t>(*c.p++ - '0');
  }
  if (c.p < c.end && (*c.p == '.' || *c.p == 'e' || *c.p == 'E')) return false;
  if (u > (std::uint64_t{1} << 53)) return false;
  v = negative ? -static_cast<std::int64_t>(u) : static_cast<std::int64_t>(u);
  return true;
}

inline bool literal(cursor& c, std::string_view word) noexcept {
  ws(c);
  if (static_cast<std::size_t>(c.end - c.p) < word.size() ||
      std::string_view(c.p, word.size()) != word)
    return false;
  c.p += word.size();
  return true;
}

bool skip(cursor& c) noexcept;

/// `text == literal` with the length known at compile time, so the comparison is inlined
/// (member-name dispatch runs for every member of every response).
template <std::size_t N>
constexpr bool is(std::string_view text, char const (&literal)[N]) noexcept {
  return text.size() == N - 1 && __builtin_memcmp(text.data(), literal, N - 1) == 0;
}

/// An object: member(key, cursor) reads each value. Keys with escapes, repeated keys and more
/// than 32 members are refused.
template <class Member>
bool object(cursor& c, Member&& member) noexcept {
  if (!consume(c, '{') || ++c.depth > c.max_depth) return false;
  std::array<std::string_view, 32> seen{};
  std::size_t count = 0;
  if (!consume(c, '}')) {
    do {
      string_info key;
      if (!string(c, key) || key.escaped || count == seen.size()) return false;
      for (std::size_t i = 0; i < count; ++i)  // member names are short: size and first byte first
        if (seen[i].size() == key.raw.size() && !key.raw.empty() && seen[i][0] == key.raw[0] &&
            seen[i] == key.raw)
          return false;
      seen[count++] = key.raw;
      if (!consume(c, ':') || !member(key.raw, c)) return false;
    } while (consume(c, ','));
    if (!consume(c, '}')) return false;
  }
  --c.depth;
  return true;
}

/// An array: element(index, cursor) reads each item.
template <class Element>
bool array(cursor& c, Element&& element) noexcept {
  if (!consume(c, '[') || ++c.depth > c.max_depth) return false;
  std::size_t i = 0;
  if (!consume(c, ']')) {
    do {
      if (!element(i++, c)) return false;
    } while (consume(c, ','));
    if (!consume(c, ']')) return false;
  }
  --c.depth;
  return true;
}

inline bool skip(cursor& c) noexcept {
  ws(c);
  if (c.p >= c.end) return false;
  switch (*c.p) {
    case '{':
      return object(c, [](std::string_view, cursor& in) { return skip(in); });
    case '[':
      return array(c, [](std::size_t, cursor& in) { return skip(in); });
    case '"': {
      string_info s;
      return string(c, s);
    }
    case 't':
      return literal(c, "true");
    case 'f':
      return literal(c, "false");
    case 'n':
      return literal(c, "null");
    default: {
      std::int64_t v = 0;
      return integer(c, v);
    }
  }
}

/// The whole input is one object read by `member`, with only whitespace after it.
template <class Member>
bool document(std::string_view text, unsigned max_depth, Member&& member) noexcept {
  cursor c{text.data(), text.data() + text.size(), 0, max_depth};
  if (!object(c, member)) return false;
  ws(c);
  return c.p == c.end;
}

}  // namespace imsdp::user_interaction::scan
