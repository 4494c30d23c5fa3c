// A final mix of a 64-bit key, so that table positions spread even for similar keys: the
// guard's buckets and replay window, and the sets of its token cache.
#pragma once

#include <cstdint>

namespace imsdp::user_interaction {

constexpr std::uint64_t mix(std::uint64_t h) noexcept {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  return h;
}

}  // namespace imsdp::user_interaction
