// GCRA, the virtual-scheduling form of a token bucket (ITU-T I.371): one theoretical arrival
// time (TAT) per bucket in integer nanoseconds, so equal inputs give equal decisions (rule 11).
// A bucket whose TAT is not after now is full. The guard's tables and take() share it.
#pragma once

#include <algorithm>
#include <cstdint>
#include <imsdp/user_interaction/policy.hpp>

namespace imsdp::user_interaction {

/// The parameters of a bucket_spec: emission interval T and tolerance tau = T * (burst - 1).
struct gcra {
  std::int64_t interval;
  std::int64_t tolerance;
  explicit gcra(bucket_spec const& s) noexcept {
    constexpr std::int64_t never = std::int64_t{1} << 60;
    interval = s.rate == 0
                   ? never
                   : static_cast<std::int64_t>(std::uint64_t{s.per} * 1'000'000'000ull / s.rate);
    if (interval == 0) interval = 1;
    auto const burst = std::max<std::uint32_t>(s.burst, 1) - 1;
    tolerance = interval >= never / (std::int64_t{burst} + 1) ? never : interval * burst;
  }
  // Nanoseconds until one token is there; 0 when it is there now.
  [[nodiscard]] std::int64_t wait(std::int64_t tat, std::int64_t now) const noexcept {
    return std::max<std::int64_t>(0, tat - tolerance - now);
  }
  [[nodiscard]] std::int64_t after_take(std::int64_t tat, std::int64_t now) const noexcept {
    return std::max(tat, now) + interval;
  }
};

/// Nanoseconds since the epoch of a millisecond time point.
constexpr std::int64_t nanos(time_point t) noexcept {
  return t.time_since_epoch().count() * 1'000'000;
}

}  // namespace imsdp::user_interaction
