// Non-cryptographic hashes for keys and identifiers derived from an input: FNV-1a 64 (the
// guard's keys and record ids), a final mix that spreads similar keys over a table, and a
// hash of a whole text read a word at a time (the guard's response contents, an answer's
// o= session id). The guard saves these values, so each gives the same value on every
// platform and in every build.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace imsdp::detail {

inline constexpr std::uint64_t fnv_offset_basis = 0xcbf29ce484222325ull;
inline constexpr std::uint64_t fnv_prime = 0x100000001b3ull;

/// FNV-1a 64 of `text`, continuing from `h`.
[[nodiscard]] constexpr std::uint64_t fnv1a(std::string_view text,
                                            std::uint64_t h = fnv_offset_basis) noexcept {
  for (char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= fnv_prime;
  }
  return h;
}

/// A final mix of a 64-bit key (MurmurHash3's fmix64 first half), so that table positions
/// spread even for similar keys.
[[nodiscard]] constexpr std::uint64_t mix(std::uint64_t h) noexcept {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  return h;
}

/// The little-endian value of the `n` (at most 8) bytes at `p`.
[[nodiscard]] inline std::uint64_t load_le(char const* p, std::size_t n) noexcept {
  std::uint64_t w = 0;
  std::memcpy(&w, p, n);
  if constexpr (std::endian::native == std::endian::big) w = __builtin_bswap64(w);
  return w;
}

/// One word into a content_hash() lane: a multiply-rotate.
[[nodiscard]] constexpr std::uint64_t absorb(std::uint64_t h, std::uint64_t w) noexcept {
  h ^= w * 0xff51afd7ed558ccdull;
  return std::rotl(h, 29) * 0x9fb21c651e98df25ull;
}

/// A hash of a whole text: little-endian words in four independent lanes (32 bytes a step,
/// so that the multiplies overlap); the lanes, then the remaining words and bytes, fold
/// into one, and a final mix.
[[nodiscard]] inline std::uint64_t content_hash(std::string_view s) noexcept {
  std::uint64_t lane[4] = {0x9e3779b97f4a7c15ull ^ s.size(), 0x6a09e667f3bcc908ull,
                           0xbb67ae8584caa73bull, 0x3c6ef372fe94f82bull};
  std::size_t i = 0;
  for (; i + 32 <= s.size(); i += 32)
    for (std::size_t k = 0; k < 4; ++k)
      lane[k] = absorb(lane[k], load_le(s.data() + i + 8 * k, 8));
  auto h = lane[0];
  for (std::size_t k = 1; k < 4; ++k)
    h = absorb(h, lane[k]);
  for (; i + 8 <= s.size(); i += 8)
    h = absorb(h, load_le(s.data() + i, 8));
  h ^= load_le(s.data() + i, s.size() - i) * 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 32;
  h *= 0xd6e8feb86659fd93ull;
  return h ^ (h >> 32);
}

}  // namespace imsdp::detail
