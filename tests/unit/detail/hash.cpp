#include "detail/hash.hpp"
// The header under test first; then what the tests use.
#include <doctest/doctest.h>

#include <string>

using namespace imsdp::detail;

TEST_SUITE("detail.hash") {
  TEST_CASE("fnv1a: the published FNV-1a 64 test values") {
    // Landon Curt Noll's FNV test suite: "" and "a".
    CHECK(fnv1a("") == 0xcbf29ce484222325ull);
    CHECK(fnv1a("a") == 0xaf63dc4c8601ec8cull);
    CHECK(fnv1a("foobar") == 0x85944171f73967e8ull);
  }

  TEST_CASE("text_hash: words read little-endian on every platform, the tail byte-wise") {
    // "abcdefgh" is one word, 0x6867666564636261, then nothing.
    std::uint64_t const word = 0x6867666564636261ull;
    CHECK(text_hash("abcdefgh") == mix((fnv_offset_basis ^ word) * fnv_prime));
    CHECK(text_hash("abcdefghij") == mix(fnv1a("ij", (fnv_offset_basis ^ word) * fnv_prime)));
    CHECK(text_hash("") == mix(fnv_offset_basis));
    CHECK(text_hash("abc") == mix(fnv1a("abc")));
  }

  TEST_CASE("text_hash: one changed byte anywhere changes the hash") {
    std::string text(203, 'x');
    auto const base = text_hash(text);
    for (std::size_t i = 0; i < text.size(); ++i) {
      auto changed = text;
      changed[i] = 'y';
      CAPTURE(i);
      CHECK(text_hash(changed) != base);
      CHECK((text_hash(changed) >> 2) != (base >> 2));  // the bits an o= session id keeps
    }
  }
}
