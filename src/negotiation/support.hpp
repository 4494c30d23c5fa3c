// What the negotiation state machines share: the seeded generator of retry delays, and
// applying an event all or nothing.
#pragma once

#include <cstdint>
#include <utility>

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

/// Applies an event to a copy of `machine` with `apply` and keeps the copy only when that
/// succeeds, so that a refused event leaves the machine untouched (DESIGN.md section 8).
/// The step gets the state the machine is in afterwards.
template <class Machine, class Apply>
auto all_or_nothing(Machine& machine, Apply apply) {
  auto next = machine;
  auto r = apply(next);
  if (r) {
    r->state = next.state();
    machine = std::move(next);
  }
  return r;
}

}  // namespace imsdp::negotiation::detail
