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

  TEST_CASE("content_hash: the same values in every build (the guard saves them)") {
    // Pinned when the guard's response hash became the shared one: empty, a tail alone,
    // one word, lanes and words and a tail, and many lane steps.
    CHECK(content_hash("") == 0xa24bbad05742ebd0ull);
    CHECK(content_hash("a") == 0xdbcd39db883d6aa5ull);
    CHECK(content_hash("abcdefgh") == 0x5d2c469e396311feull);
    CHECK(content_hash("abcdefghijklmnopqrstuvwxyz0123456789") == 0x2953ff92dec759f0ull);
    CHECK(content_hash(std::string(203, 'x')) == 0x36bfd9856c1940f4ull);
    // Words are read little-endian on every platform.
    CHECK(load_le("abcdefgh", 8) == 0x6867666564636261ull);
    CHECK(load_le("ab", 2) == 0x6261ull);
  }

  TEST_CASE("content_hash: one changed byte anywhere changes the hash") {
    std::string text(203, 'x');  // lanes, then words, then a tail
    auto const base = content_hash(text);
    for (std::size_t i = 0; i < text.size(); ++i) {
      auto changed = text;
      changed[i] = 'y';
      CAPTURE(i);
      CHECK(content_hash(changed) != base);
      CHECK((content_hash(changed) >> 2) != (base >> 2));  // the bits an o= session id keeps
    }
  }
}
