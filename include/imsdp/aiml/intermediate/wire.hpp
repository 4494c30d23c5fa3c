// Little-endian loads and stores, checked 64-bit arithmetic and error construction shared
// by the AIDF codec (research/model-and-tensor.md 7.8: memcpy loads, no casts of packed
// structs, swap only on big-endian hosts, overflow builtins in u64).
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <imsdp/error.hpp>
#include <span>
#include <type_traits>

namespace imsdp::aiml::intermediate::wire {

template <class T>
[[nodiscard]] constexpr T byteswap(T v) noexcept {
  static_assert(std::is_unsigned_v<T>);
  T out = 0;
  for (std::size_t i = 0; i < sizeof(T); ++i) {
    out = static_cast<T>((out << 8) | (v & 0xFF));
    v = static_cast<T>(v >> 8);
  }
  return out;
}

/// Reads an unsigned little-endian integer at p.
template <class T>
[[nodiscard]] inline T load(std::byte const* p) noexcept {
  static_assert(std::is_unsigned_v<T>);
  T v;
  std::memcpy(&v, p, sizeof v);
  if constexpr (std::endian::native == std::endian::big) v = byteswap(v);
  return v;
}

/// Writes an unsigned little-endian integer at p.
template <class T>
inline void store(std::byte* p, T v) noexcept {
  static_assert(std::is_unsigned_v<T>);
  if constexpr (std::endian::native == std::endian::big) v = byteswap(v);
  std::memcpy(p, &v, sizeof v);
}

/// a + b and a * b in u64; false on overflow.
[[nodiscard]] inline bool checked_add(std::uint64_t a, std::uint64_t b,
                                      std::uint64_t& out) noexcept {
  return !__builtin_add_overflow(a, b, &out);
}
[[nodiscard]] inline bool checked_mul(std::uint64_t a, std::uint64_t b,
                                      std::uint64_t& out) noexcept {
  return !__builtin_mul_overflow(a, b, &out);
}

/// Rounds up to a multiple of a power of two; v must be below 2^63.
[[nodiscard]] constexpr std::uint64_t align_up(std::uint64_t v, std::uint64_t alignment) noexcept {
  return (v + alignment - 1) & ~(alignment - 1);
}

/// True when every byte of [p, p + n) is zero.
[[nodiscard]] inline bool all_zero(std::byte const* p, std::size_t n) noexcept {
  for (std::size_t i = 0; i < n; ++i)
    if (p[i] != std::byte{0}) return false;
  return true;
}

/// memcpy of a span that may be empty (memcpy's pointers must not be null).
inline void copy(std::byte* dst, std::span<std::byte const> src) noexcept {
  if (!src.empty()) std::memcpy(dst, src.data(), src.size());
}

/// An error at a byte offset of binary input (line 0: no text position); `rule` names the
/// field that failed and must be a static string.
[[nodiscard]] inline error fail(errc code, std::size_t offset, std::string_view rule) {
  error e = make_error(code, rule);
  e.where.offset = offset;
  return e;
}

}  // namespace imsdp::aiml::intermediate::wire
