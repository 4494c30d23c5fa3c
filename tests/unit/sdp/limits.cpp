// Hostile input of the foundation issue: each yields an error or a limit error at the
// right position, never a crash. (Linearity is measured in bench/, not here.)
#include <doctest/doctest.h>

#include <imsdp/sdp/builder.hpp>
#include <imsdp/sdp/parse.hpp>
#include <imsdp/sdp/serialize.hpp>
#include <string>

using namespace imsdp;

namespace {
std::string const head =
    "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n";
}

TEST_SUITE("sdp.limits") {
  TEST_CASE("a 1 MB single line hits max_line_length at the byte past the limit") {
    std::string text = head + "a=x-long:" + std::string(1u << 20, 'x') + "\r\n";
    auto const doc = sdp::parse(text);
    REQUIRE_FALSE(doc);
    CHECK(doc.error().code == errc::limit_exceeded);
    CHECK(doc.error().rule == "max_line_length");
    CHECK(doc.error().where.line == 6);
    CHECK(doc.error().where.column == (1u << 20) + 1);
    parse_options big;
    big.limits.max_line_length = 2u << 20;
    CHECK(sdp::parse(text, big));
  }

  TEST_CASE("100 000 lines hit max_lines") {
    std::string text = head;
    for (int i = 0; i < 100000; ++i)
      text += i % 5000 == 0 ? "m=audio 9 RTP/AVP 0\r\n" : "a=x\r\n";
    auto const doc = sdp::parse(text);
    REQUIRE_FALSE(doc);
    CHECK(doc.error().code == errc::limit_exceeded);
    CHECK(doc.error().where.line == 65537);
  }

  TEST_CASE("10 000 attributes in one section are within the default limit; one more is not") {
    std::string text = head + "m=audio 9 RTP/AVP 0\r\n";
    for (int i = 0; i < 10000; ++i)
      text += "a=ssrc:" + std::to_string(i) + " cname:x\r\n";
    CHECK(sdp::parse(text));
    text += "a=ssrc:1 cname:y\r\n";
    auto const doc = sdp::parse(text);
    REQUIRE_FALSE(doc);
    CHECK(doc.error().rule == "max_attributes");
    CHECK(doc.error().where.line == 10007);
  }

  TEST_CASE("too many m-sections, formats or bytes") {
    std::string text = head;
    for (int i = 0; i < 4; ++i)
      text += "m=audio 9 RTP/AVP 0 8 9\r\n";
    parse_options o;
    o.limits.max_media = 3;
    auto doc = sdp::parse(text, o);
    REQUIRE_FALSE(doc);
    CHECK(doc.error().rule == "max_media");
    CHECK(doc.error().where.line == 9);
    o = {};
    o.limits.max_formats = 2;
    doc = sdp::parse(text, o);
    REQUIRE_FALSE(doc);
    CHECK(doc.error().rule == "max_formats");
    CHECK(doc.error().where.column == 19);
    o = {};
    o.limits.max_input_bytes = 10;
    doc = sdp::parse(text, o);
    REQUIRE_FALSE(doc);
    CHECK(doc.error().rule == "max_input_bytes");
  }

  TEST_CASE("add_media keeps to the caller's max_media, else to the default") {
    sdp::media_field const video{"video", 0, {}, "RTP/AVP", "96"};
    parse_options o;
    o.limits.max_media = 2;
    auto doc = sdp::parse(head + "m=audio 9 RTP/AVP 0\r\n", o);
    REQUIRE(doc);
    CHECK(doc->limits().max_media == 2);
    auto const added = doc->add_media(video);
    REQUIRE(added);
    CHECK(*added == 1);
    auto const before = sdp::serialize_exact(*doc);
    auto const refused = doc->add_media(video);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == errc::limit_exceeded);
    CHECK(refused.error().rule == "max_media");
    CHECK(sdp::serialize_exact(*doc) == before);
    auto copy = doc->clone();
    REQUIRE(copy);
    CHECK_FALSE(copy->add_media(video));

    auto built = sdp::builder()
                     .origin({"-", 1, 1, "IN", "IP4", "192.0.2.1"})
                     .session_name("-")
                     .connection({"IN", "IP4", "192.0.2.1", {}, {}})
                     .timing({0, 0})
                     .media({"audio", 9, {}, "RTP/AVP", "0"})
                     .build(o);
    REQUIRE(built);
    REQUIRE(built->add_media(video));
    CHECK_FALSE(built->add_media(video));

    auto plain = sdp::parse(head);
    REQUIRE(plain);
    for (std::size_t i = 0; i < limits{}.max_media; ++i)
      REQUIRE(plain->add_media(video));
    auto const over = plain->add_media(video);
    REQUIRE_FALSE(over);
    CHECK(over.error().rule == "max_media");
    CHECK(plain->media_count() == limits{}.max_media);
  }

  TEST_CASE("edits keep to max_line_length, max_lines and max_attributes") {
    parse_options o;
    o.limits.max_attributes = 2;
    o.limits.max_line_length = 40;
    o.limits.max_lines = 9;
    auto doc = sdp::parse(head + "m=audio 9 RTP/AVP 0\r\na=sendrecv\r\n", o);  // 7 lines
    REQUIRE(doc);
    auto const media = sdp::scope::media(0);
    REQUIRE(doc->add_attribute(media, "ptime", "20"));
    auto const third = doc->add_attribute(media, "maxptime", "40");
    REQUIRE_FALSE(third);
    CHECK(third.error().rule == "max_attributes");
    auto const long_line = doc->add_attribute(sdp::scope::session(), "tool", std::string(40, 'x'));
    REQUIRE_FALSE(long_line);
    CHECK(long_line.error().rule == "max_line_length");
    REQUIRE(doc->add_attribute(sdp::scope::session(), "tool", "imsdp"));  // line 9
    auto const tenth = doc->add_attribute(sdp::scope::session(), "recvonly", std::nullopt);
    REQUIRE_FALSE(tenth);
    CHECK(tenth.error().rule == "max_lines");
    // What the edits left parses again under the same limits.
    CHECK(sdp::parse(sdp::serialize_exact(*doc), o));
  }

  TEST_CASE("clone() takes a text that edits grew past max_input_bytes") {
    parse_options o;
    o.limits.max_input_bytes = head.size();
    auto doc = sdp::parse(head, o);
    REQUIRE(doc);
    for (int i = 0; i < 100; ++i)
      REQUIRE(doc->add_attribute(sdp::scope::session(), "x-note", std::string(60, 'n')));
    auto const copy = doc->clone();
    REQUIRE(copy);
    CHECK(sdp::serialize_exact(*copy) == sdp::serialize_exact(*doc));
    CHECK(copy->limits().max_input_bytes == head.size());
  }

  TEST_CASE("truncated lines and bad numbers") {
    struct bad {
      char const* tail;
      errc code;
      std::uint32_t column;
    };
    for (auto const& b : {bad{"m=audio", errc::syntax, 8}, bad{"m=audio 9", errc::syntax, 10},
                          bad{"m=audio 9 RTP/AVP", errc::syntax, 18},
                          bad{"m=audio 99999 RTP/AVP 0", errc::value_out_of_range, 9},
                          bad{"m=audio -1 RTP/AVP 0", errc::syntax, 9},
                          bad{"m", errc::invalid_line, 1}, bad{"m=", errc::empty_value, 3}}) {
      CAPTURE(b.tail);
      auto const doc = sdp::parse(head + b.tail + "\r\n");
      REQUIRE_FALSE(doc);
      CHECK(doc.error().code == b.code);
      CHECK(doc.error().where.line == 6);
      CHECK(doc.error().where.column == b.column);
    }
  }
}
