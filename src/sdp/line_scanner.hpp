// Finding line ends fast: the first CR, LF or NUL from a position, and the number of LF
// bytes in a buffer. SSE2 (baseline on x86-64) 16 bytes at a time, with a portable loop
// elsewhere. NUL is found in the same pass because RFC 8866 never allows it.
#pragma once

#include <cstddef>
#include <cstring>

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

/// The number of '\n' bytes in [at, end).
inline std::size_t count_newlines(char const* at, char const* end) noexcept {
  std::size_t count = 0;
#if defined(__SSE2__)
  // Per-byte counters (a match is -1, subtracted), summed with SAD before they overflow.
  __m128i const lf = _mm_set1_epi8('\n');
  __m128i const zero = _mm_setzero_si128();
  while (end - at >= 16) {
    __m128i counters = zero;
    for (int round = 0; round < 255 && end - at >= 16; ++round, at += 16) {
      __m128i const chunk = _mm_loadu_si128(reinterpret_cast<__m128i const*>(at));
      counters = _mm_sub_epi8(counters, _mm_cmpeq_epi8(chunk, lf));
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

}  // namespace imsdp::sdp::detail
