// The SIMD line scanners against plain loops, on buffers long enough to reach every path
// (the 64-byte steps, the counter flush every 63 steps, the tails).
#include "sdp/line_scanner.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <string>

namespace {

std::string random_text(std::mt19937& rng, std::size_t size, int newline_per_mille) {
  std::uniform_int_distribution<int> byte(0x20, 0x7E);
  std::uniform_int_distribution<int> chance(0, 999);
  std::string s(size, ' ');
  for (auto& ch : s) {
    int const roll = chance(rng);
    ch = roll < newline_per_mille ? '\n' : roll < newline_per_mille + 5 ? '\r' : char(byte(rng));
  }
  return s;
}

}  // namespace

TEST_SUITE("sdp line scanner") {
  TEST_CASE("count_newlines equals a plain count at every size and density") {
    std::mt19937 rng(7);
    for (int density : {0, 10, 250, 1000}) {
      for (std::size_t size : {0u, 1u, 15u, 16u, 63u, 64u, 65u, 4031u, 4032u, 4033u, 20000u}) {
        auto const s = random_text(rng, size, density);
        auto const expected = static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n'));
        CHECK(imsdp::sdp::detail::count_newlines(s.data(), s.data() + s.size()) == expected);
      }
    }
  }

  TEST_CASE("find_line_end stops at the first CR, LF or NUL") {
    std::mt19937 rng(11);
    for (std::size_t size : {0u, 5u, 16u, 17u, 100u, 1000u}) {
      auto s = random_text(rng, size, 3);
      if (size > 40) s[size - 20] = '\0';
      char const* const end = s.data() + s.size();
      for (std::size_t from = 0; from <= size; from += 7) {
        char const* expected = s.data() + from;
        while (expected != end && *expected != '\r' && *expected != '\n' && *expected != '\0')
          ++expected;
        CHECK(imsdp::sdp::detail::find_line_end(s.data() + from, end) == expected);
      }
    }
  }

  TEST_CASE("find_colon finds the first ':' or the size") {
    using imsdp::sdp::detail::find_colon;
    CHECK(find_colon("rtpmap:96 VP8/90000") == 6);
    CHECK(find_colon("extmap-allow-mixed") == 18);
    CHECK(find_colon("a-name-longer-than-16:value") == 21);
    CHECK(find_colon("") == 0);
  }
}
