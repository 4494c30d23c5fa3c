// A strict JSON scanner that allocates nothing (RFC 8259): the response path of the guard
// reads responses and token claims with it. Values are views of the input; strings are checked
// (UTF-8, escapes, no control characters) and measured in code points, not decoded.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

#if defined(__SSE2__)
/// Bit i set when byte i of the 16 at `p` is a quote, a backslash, a control character or not
/// ASCII (a signed compare with 0x20 catches both of the last two).
inline unsigned special_mask16(char const* p) noexcept {
  auto const v = _mm_loadu_si128(reinterpret_cast<__m128i const*>(p));
  auto const special = _mm_or_si128(
      _mm_cmplt_epi8(v, _mm_set1_epi8(0x20)),
      _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
  return static_cast<unsigned>(_mm_movemask_epi8(special));
}
#endif

/// The length of the run of plain ASCII (no quote, backslash, control or non-ASCII byte) at
/// `p`: 16 bytes a step with SSE2 (every x86-64 has it), else 8 with the SWAR test. A tail
/// shorter than a step is left to the byte loop.
inline std::size_t plain_run(char const* p, char const* end) noexcept {
  char const* const begin = p;
#if defined(__SSE2__)
  while (end - p >= 16) {
    if (auto const mask = special_mask16(p); mask != 0)
      return static_cast<std::size_t>(p - begin) + static_cast<std::size_t>(std::countr_zero(mask));
    p += 16;
  }
#endif
  while (end - p >= 8) {
    std::uint64_t w = 0;
    std::memcpy(&w, p, 8);
    if (special_byte(w)) break;
    p += 8;
  }
  return static_cast<std::size_t>(p - begin);
}

/// The rest of a string from `c.p` on, `begin` being its first byte: escapes, UTF-8 and runs
/// longer than one step. Out of line, so that string() inlines.
[[gnu::noinline]] inline bool string_rest(cursor& c, string_info& out, char const* begin) noexcept {
  out.escaped = false;
  out.code_points = static_cast<std::size_t>(c.p - begin);
  while (c.p < c.end) {
    auto const run = plain_run(c.p, c.end);
    c.p += run;
    out.code_points += run;
    if (c.p >= c.end) break;
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

/// A string at the cursor (after whitespace). Most strings of the guard's path (member names,
/// ids, short values) are plain ASCII ending within 16 bytes: that case is one step here.
inline bool string(cursor& c, string_info& out) noexcept {
  ws(c);
  if (c.p >= c.end || *c.p != '"') return false;
  char const* const begin = ++c.p;
#if defined(__SSE2__)
  if (c.end - c.p >= 16) {
    if (auto const mask = special_mask16(c.p); mask != 0) {
      auto const n = static_cast<std::size_t>(std::countr_zero(mask));
      if (c.p[n] == '"') {
        out = {{begin, n}, false, n};
        c.p += n + 1;
        return true;
      }
      c.p += n;  // an escape, a control or a non-ASCII byte: the general loop takes it
    } else {
      c.p += 16;
    }
  }
#endif
  return string_rest(c, out, begin);
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

/// A bit of a 64-bit filter of member names: from the size, the first and the last byte.
constexpr unsigned key_bit(std::string_view k) noexcept {
  if (k.empty()) return 0;
  return (static_cast<unsigned>(k.size()) * 13u + static_cast<unsigned char>(k.front()) +
          7u * static_cast<unsigned char>(k.back())) &
         63u;
}

/// An object: member(key, cursor) reads each value. Keys with escapes, repeated keys and more
/// than 32 members are refused.
template <class Member>
bool object(cursor& c, Member&& member) noexcept {
  if (!consume(c, '{') || ++c.depth > c.max_depth) return false;
  // Repeated keys: a 64-bit filter on (size, first byte, last byte) skips the comparisons
  // for all but the keys that may repeat one seen; only seen[0, count) is ever read.
  std::array<char const*, 32> seen;
  std::array<std::uint32_t, 32> seen_size;
  std::uint64_t filter = 0;
  std::size_t count = 0;
  if (!consume(c, '}')) {
    do {
      string_info key;
      if (!string(c, key) || key.escaped || count == seen.size()) return false;
      auto const& k = key.raw;
      auto const bit = std::uint64_t{1} << key_bit(k);
      if ((filter & bit) != 0)
        for (std::size_t i = 0; i < count; ++i)
          if (seen_size[i] == k.size() && std::memcmp(seen[i], k.data(), k.size()) == 0)
            return false;
      filter |= bit;
      seen[count] = k.data();
      seen_size[count++] = static_cast<std::uint32_t>(k.size());
      if (!consume(c, ':') || !member(k, c)) return false;
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
