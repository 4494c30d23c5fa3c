// The seeded generator of retry delays shared by the negotiation state machines.
#pragma once

#include <cstdint>

namespace imsdp::negotiation::detail {

/// A number drawn from low..high (inclusive) by SplitMix64 (Steele, Lea, Flood 2014) on
/// `state`, which the caller seeds: the same seed gives the same draws.
inline std::uint32_t draw(std::uint64_t& state, std::uint32_t low, std::uint32_t high) noexcept {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z ^= z >> 31;
  return low + static_cast<std::uint32_t>(z % (std::uint64_t{high} - low + 1));
}

}  // namespace imsdp::negotiation::detail
