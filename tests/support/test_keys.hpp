// A key source for tests and fuzzing: deterministic bytes 1, 2, 3, ... (wrapping), never
// a real key, so that answers and traces repeat from run to run.
#pragma once

#include <cstdint>
#include <imsdp/negotiation/capabilities.hpp>
#include <memory>
#include <span>

namespace imsdp::test {

inline negotiation::key_source counting_keys() {
  auto next = std::make_shared<std::uint8_t>(0);
  return [next](std::span<std::uint8_t> out) {
    for (auto& b : out)
      b = ++*next;
    return true;
  };
}

}  // namespace imsdp::test
