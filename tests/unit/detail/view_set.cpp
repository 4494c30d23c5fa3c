#include "detail/view_set.hpp"
// The header under test first; then what the tests use.
#include <doctest/doctest.h>

#include <imsdp/sdp/parse.hpp>
#include <string>
#include <vector>

using imsdp::detail::view_set;

TEST_CASE("view_set: a repeat is found in the buffer, in the set past it, and across them") {
  std::vector<std::string> names;
  for (int i = 0; i < 10; ++i)
    names.push_back("n" + std::to_string(i));
  view_set<4> set;
  for (auto const& n : names)
    CHECK(set.insert(n));
  CHECK_FALSE(set.insert(std::string("n1")));  // in the fixed buffer, equal text
  CHECK_FALSE(set.insert(std::string("n7")));  // in the hash set
  CHECK(set.insert("n10"));
  CHECK_FALSE(set.insert("n10"));
  CHECK(set.insert(""));
  CHECK_FALSE(set.insert(""));
}

TEST_CASE("a mid repeated past the first 16 sections is refused (RFC 5888 section 4)") {
  std::string text = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n";
  auto const section = [&](std::string const& mid) {
    text += "m=audio 9 RTP/AVP 0\r\nc=IN IP4 192.0.2.1\r\na=mid:" + mid + "\r\n";
  };
  for (int i = 0; i < 20; ++i)
    section(std::to_string(i));
  CHECK(imsdp::sdp::parse(text).has_value());
  section("18");
  auto const repeated = imsdp::sdp::parse(text);
  REQUIRE_FALSE(repeated.has_value());
  CHECK(repeated.error().code == imsdp::errc::inconsistent_value);
  CHECK(repeated.error().where.line == 67);  // the 21st section's a=mid
  CHECK(repeated.error().detail == "mid '18' names an earlier m= section too");
}
