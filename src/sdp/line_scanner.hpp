// Finding line ends fast: the first CR, LF or NUL from a position, and the number of LF
// bytes in a buffer. SSE2 (baseline on x86-64) 16 bytes at a time, with a portable loop
// elsewhere. NUL is found in the same pass because RFC 8866 never allows it.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <imsdp/error.hpp>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace imsdp::sdp::detail {

/// The first '\r', '\n' or '\0' in [at, end), or end.
inline char const* find_line_end(char const* at, char const* end) noexcept {
#if defined(__SSE2__)
  __m128i const cr = _mm_set1_epi8('\r');
  __m128i const lf = _mm_set1_epi8('\n');
  __m128i const nul = _mm_setzero_si128();
  while (end - at >= 16) {
    __m128i const chunk = _mm_loadu_si128(reinterpret_cast<__m128i const*>(at));
    __m128i const hits =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(chunk, cr), _mm_cmpeq_epi8(chunk, lf)),
                     _mm_cmpeq_epi8(chunk, nul));
    int const mask = _mm_movemask_epi8(hits);
    if (mask != 0) return at + __builtin_ctz(static_cast<unsigned>(mask));
    at += 16;
  }
#endif
  while (at != end && *at != '\r' && *at != '\n' && *at != '\0')
    ++at;
  return at;
}

/// The position of the first ':' in `text`, or its size: the end of an attribute-name.
inline std::size_t find_colon(std::string_view text) noexcept {
#if defined(__SSE2__)
  if (text.size() >= 16) {
    // Names are short: the first 16 bytes nearly always hold the colon.
    __m128i const chunk = _mm_loadu_si128(reinterpret_cast<__m128i const*>(text.data()));
    int const mask = _mm_movemask_epi8(_mm_cmpeq_epi8(chunk, _mm_set1_epi8(':')));
    if (mask != 0) return static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
#endif
  return std::min(text.find(':'), text.size());
}

/// The number of '\n' bytes in [at, end).
inline std::size_t count_newlines(char const* at, char const* end) noexcept {
  std::size_t count = 0;
#if defined(__SSE2__)
  // Per-byte counters (a match is -1, subtracted), 64 bytes a step, summed with SAD
  // before they overflow (63 steps add at most 252 to a counter).
  __m128i const lf = _mm_set1_epi8('\n');
  __m128i const zero = _mm_setzero_si128();
  auto const matches = [&](char const* p) {
    return _mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<__m128i const*>(p)), lf);
  };
  while (end - at >= 64) {
    __m128i counters = zero;
    for (int round = 0; round < 63 && end - at >= 64; ++round, at += 64) {
      counters =
          _mm_sub_epi8(counters, _mm_add_epi8(_mm_add_epi8(matches(at), matches(at + 16)),
                                              _mm_add_epi8(matches(at + 32), matches(at + 48))));
    }
    __m128i const sums = _mm_sad_epu8(counters, zero);
    count += static_cast<std::size_t>(_mm_cvtsi128_si32(sums)) +
             static_cast<std::size_t>(_mm_extract_epi16(sums, 4));
  }
#endif
  for (; at != end; ++at)
    count += *at == '\n' ? 1 : 0;
  return count;
}

/// The position of byte `offset` of `text`, lines ending as the parser ends them (LF, CRLF
/// or a lone CR). Linear in `offset`: for error paths.
inline position position_at(std::string_view text, std::size_t offset) noexcept {
  offset = std::min(offset, text.size());
  char const* const begin = text.data();
  char const* const end = begin + text.size();
  char const* line = begin;
  std::uint32_t number = 1;
  for (;;) {
    char const* line_end = find_line_end(line, end);
    while (line_end != end && *line_end == '\0')
      line_end = find_line_end(line_end + 1, end);
    if (line_end == end || static_cast<std::size_t>(line_end - begin) >= offset) break;
    char const* next =
        line_end + (*line_end == '\r' && line_end + 1 != end && line_end[1] == '\n' ? 2 : 1);
    if (static_cast<std::size_t>(next - begin) > offset) break;
    line = next;
    ++number;
  }
  return {offset, number, static_cast<std::uint32_t>(begin + offset - line + 1)};
}

}  // namespace imsdp::sdp::detail
