#include <doctest/doctest.h>

#include <imsdp/sdp/parse.hpp>
#include <imsdp/sdp/serialize.hpp>

using namespace imsdp;

TEST_SUITE("sdp.edit") {
  TEST_CASE("edits re-emit only the lines they touch") {
    std::string const text =
        "v=0\n"
        "o=- 1 1 IN IP4 192.0.2.1\n"
        "s=x\n"
        "t=0 0\n"
        "m=audio 49170 RTP/AVP 0 8\n"
        "a=rtpmap:0 PCMU/8000\n"
        "a=sendrecv\n"
        "a=x-keep:   odd   spacing  \n";
    auto doc = sdp::parse(text, profile::lenient());
    REQUIRE(doc);
    REQUIRE(doc->set_direction(sdp::scope::media(0), sdp::media_direction::sendonly));
    auto origin = *doc->origin();
    origin.session_version = 2;
    REQUIRE(doc->set_origin(origin));
    REQUIRE(doc->add_attribute(sdp::scope::media(0), sdp::ptime{{"20"}}));
    CHECK(sdp::serialize_exact(*doc) ==
          "v=0\n"
          "o=- 1 2 IN IP4 192.0.2.1\n"
          "s=x\n"
          "t=0 0\n"
          "m=audio 49170 RTP/AVP 0 8\n"
          "a=rtpmap:0 PCMU/8000\n"
          "a=sendonly\n"
          "a=x-keep:   odd   spacing  \n"
          "a=ptime:20\n");
    CHECK(doc->media(0).direction() == sdp::media_direction::sendonly);
  }

  TEST_CASE("verbatim: the lines are the parsed text until an edit adds, changes or drops one") {
    std::string const text =
        "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\n"
        "a=ptime:20\r\na=sendrecv";  // the last line without its ending
    auto const parsed = [&] {
      auto doc = sdp::parse(text, profile::lenient());
      REQUIRE(doc);
      return std::move(*doc);
    };
    auto doc = parsed();
    CHECK(doc.verbatim());
    CHECK(sdp::serialize_exact(doc) == text);
    CHECK(sdp::session_description{}.verbatim());  // no lines, no source

    REQUIRE(doc.add_attribute(sdp::scope::media(0), "rtcp-mux"));
    CHECK_FALSE(doc.verbatim());

    auto removed = parsed();  // a gap in the source
    CHECK(removed.remove_attributes(sdp::scope::media(0), "ptime") == 1);
    CHECK_FALSE(removed.verbatim());
    CHECK(sdp::serialize_exact(removed) ==
          "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\n"
          "a=sendrecv");

    auto last = parsed();  // the last line dropped: source left over
    CHECK(last.remove_attributes(sdp::scope::media(0), "sendrecv") == 1);
    CHECK_FALSE(last.verbatim());

    auto changed = parsed();  // a line re-rendered in place
    REQUIRE(changed.set_direction(sdp::scope::media(0), sdp::media_direction::sendonly));
    CHECK_FALSE(changed.verbatim());
    CHECK(sdp::serialize_exact(changed).ends_with("a=ptime:20\r\na=sendonly\r\n"));
  }

  TEST_CASE("an invalid edit changes nothing") {
    auto doc = sdp::parse(
        "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 9 "
        "RTP/AVP 0\r\n");
    REQUIRE(doc);
    auto const before = sdp::serialize_exact(*doc);
    auto const r = doc->add_attribute(sdp::scope::media(0), "rtpmap", "not a map");
    CHECK_FALSE(r);
    CHECK(sdp::serialize_exact(*doc) == before);
    CHECK_FALSE(doc->add_attribute(sdp::scope::media(3), "x-y"));
  }

  TEST_CASE("media descriptions can be added, ports set to zero, attributes removed") {
    auto doc = sdp::parse(
        "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 9 "
        "RTP/AVP 0\r\na=rtpmap:0 "
        "PCMU/8000\r\n");
    REQUIRE(doc);
    auto const index = doc->add_media(sdp::media_field{"video", 0, {}, "RTP/AVP", "96"});
    REQUIRE(index);
    CHECK(*index == 1);
    auto m = doc->media(0).m();
    m.port = 0;
    REQUIRE(doc->set_media(0, m));
    CHECK(doc->remove_attributes(sdp::scope::media(0), "rtpmap") == 1);
    CHECK(sdp::serialize_exact(*doc) ==
          "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
          "m=audio 0 RTP/AVP 0\r\nm=video 0 RTP/AVP 96\r\n");
    auto const copy = doc->clone();
    REQUIRE(copy);
    CHECK(copy->media_count() == 2);
  }
}

#include <imsdp/sdp/builder.hpp>

TEST_SUITE("sdp.builder") {
  TEST_CASE("a builder writes canonical lines and parses them") {
    auto const doc = sdp::builder()
                         .origin({"-", 42, 1, "IN", "IP4", "192.0.2.1"})
                         .session_name("-")
                         .timing({0, 0})
                         .attribute(sdp::group{"BUNDLE", "a"})
                         .media({"audio", 49170, {}, "RTP/AVP", "0 101"})
                         .connection({"IN", "IP4", "192.0.2.1", {}, {}})
                         .attribute(sdp::mid{"a"})
                         .attribute(sdp::rtpmap{0, "PCMU", 8000, {}})
                         .attribute(sdp::rtpmap{101, "telephone-event", 8000, {}})
                         .attribute("fmtp", "101 0-15")
                         .attribute(sdp::direction{sdp::media_direction::recvonly})
                         .build();
    REQUIRE(doc);
    CHECK(sdp::serialize_exact(*doc) ==
          "v=0\r\no=- 42 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE a\r\n"
          "m=audio 49170 RTP/AVP 0 101\r\nc=IN IP4 192.0.2.1\r\na=mid:a\r\n"
          "a=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\n"
          "a=recvonly\r\n");
    CHECK(doc->media(0).direction() == sdp::media_direction::recvonly);
  }

  TEST_CASE("a builder used out of order fails at build") {
    auto const doc = sdp::builder()
                         .session_name("-")
                         .origin({"-", 1, 1, "IN", "IP4", "192.0.2.1"})
                         .timing({0, 0})
                         .build();
    REQUIRE_FALSE(doc);
    CHECK(doc.error().code == errc::line_order);
    CHECK(doc.error().where.line == 3);
  }
}
