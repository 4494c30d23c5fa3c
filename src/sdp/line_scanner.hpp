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
    __m128i const hits = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(chunk, cr), _mm_cmpeq_epi8(chunk, lf)),
                                      _mm_cmpeq_epi8(chunk, nul));
    int const mask = _mm_movemask_epi8(hits);
    if (mask != 0) return at + __builtin_ctz(static_cast<unsigned>(mask));
    at += 16;
  }
#endif
  while (at != end && *at != '\r' && *at != '\n' && *at != '\0') ++at;
  return at;
}

/// The number of '\n' bytes in [at, end).
inline std::size_t count_newlines(char const* at, char const* end) noexcept {
  std::size_t count = 0;
#if defined(__SSE2__)
  __m128i const lf = _mm_set1_epi8('\n');
  while (end - at >= 16) {
    __m128i const chunk = _mm_loadu_si128(reinterpret_cast<__m128i const*>(at));
    count += static_cast<std::size_t>(
        __builtin_popcount(static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(chunk, lf)))));
    at += 16;
  }
#endif
  for (; at != end; ++at) count += *at == '\n' ? 1 : 0;
  return count;
}

}  // namespace imsdp::sdp::detail
