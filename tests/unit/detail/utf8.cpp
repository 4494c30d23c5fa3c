#include <doctest/doctest.h>

#include <imsdp/detail/utf8.hpp>
#include <string>

using imsdp::detail::first_invalid_utf8;

TEST_SUITE("detail.utf8") {
  TEST_CASE("first_invalid_utf8 finds the first bad byte at every offset of the word scans") {
    // RFC 3629 section 4: a stray continuation byte, an overlong form, a surrogate, a code
    // point above U+10FFFF and a truncated sequence are not UTF-8.
    for (std::string const bad :
         {"\x80", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe2\x82"}) {
      for (std::size_t at = 0; at < 70; ++at) {
        auto const text = std::string(at, 'a') + bad + std::string(at % 37, 'b');
        CAPTURE(at);
        auto const found = first_invalid_utf8(text);
        REQUIRE(found.has_value());
        CHECK(*found == at);
      }
    }
    for (std::size_t at = 0; at < 70; ++at) {
      // Well-formed sequences of two, three and four bytes, anywhere in ASCII.
      auto const text =
          std::string(at, 'a') + "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80" + std::string(at % 41, 'b');
      CAPTURE(at);
      CHECK_FALSE(first_invalid_utf8(text).has_value());
    }
    CHECK_FALSE(first_invalid_utf8("").has_value());
  }
}
