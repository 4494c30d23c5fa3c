// Non-cryptographic hashes for keys and identifiers derived from an input: FNV-1a 64 (the
// guard's keys and record ids, whose values are saved), a final mix that spreads similar
// keys over a table, and a hash of a long text a multiply per 8 bytes (an answer's o=
// session id). All three give the same value on every platform.
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

/// FNV-1a over the little-endian 8-byte words of `text` (then its last bytes one by one),
/// mixed: for identifiers derived from a whole description, where byte-wise FNV-1a costs a
/// multiply per byte.
[[nodiscard]] inline std::uint64_t text_hash(std::string_view text) noexcept {
  std::uint64_t h = fnv_offset_basis;
  std::size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, text.data() + i, sizeof word);
    if constexpr (std::endian::native == std::endian::big) word = __builtin_bswap64(word);
    h = (h ^ word) * fnv_prime;
  }
  return mix(fnv1a(text.substr(i), h));
}

}  // namespace imsdp::detail
