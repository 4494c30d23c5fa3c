// The bytes of a fuzz input read as a script of choices, front to back.
#pragma once

#include <cstdint>
#include <span>

namespace imsdp::fuzz {

// Takes bytes from the front of the input; zeros once it is used up.
struct script {
  std::span<std::uint8_t const> in;
  std::uint32_t take(unsigned bytes) {
    std::uint32_t v = 0;
    for (unsigned i = 0; i < bytes; ++i) {
      v = (v << 8) | (in.empty() ? 0u : in.front());
      if (!in.empty()) in = in.subspan(1);
    }
    return v;
  }
  /// A value in [low, high] from one byte (high - low < 256).
  std::uint32_t pick(std::uint32_t low, std::uint32_t high) {
    return low + take(1) % (high - low + 1);
  }
  [[nodiscard]] bool empty() const noexcept { return in.empty(); }
};

}  // namespace imsdp::fuzz
