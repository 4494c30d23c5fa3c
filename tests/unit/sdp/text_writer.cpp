// The canonical writers' output buffer (include/imsdp/detail/append.hpp): whatever the
// lengths of the pieces and where the stack buffer fills, the string receives exactly
// what std::string appends would give.
#include <doctest/doctest.h>

#include <imsdp/detail/append.hpp>
#include <string>
#include <string_view>

TEST_SUITE("sdp text_writer") {
  TEST_CASE("pieces of every length across flushes give the appended text") {
    std::string source(3000, ' ');
    for (std::size_t i = 0; i < source.size(); ++i)
      source[i] = static_cast<char>('a' + i % 26);
    for (std::size_t step = 0; step < 1100; step += 7) {
      std::string written = "kept ";
      std::string expected = written;
      imsdp::detail::text_writer out(written);
      std::size_t n = 0;
      for (std::size_t at = 0; at + 40 < source.size(); at += n + 1) {
        std::string_view const piece(source.data() + at, n);
        out += piece;
        expected += piece;
        out += ';';
        expected += ';';
        imsdp::detail::append_number(out, at * 1000003u);
        expected += std::to_string(at * 1000003u);
        n = (n + step + 1) % 41;  // 0 to 40 bytes: the short copies and the long path
      }
      out += std::string_view(source);  // longer than the buffer: appended directly
      expected += source;
      out += std::string_view();
      out.flush();
      REQUIRE(written == expected);
    }
  }
}
