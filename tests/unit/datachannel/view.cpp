#include <doctest/doctest.h>

#include <algorithm>
#include <imsdp/datachannel/feature_tags.hpp>
#include <imsdp/datachannel/view.hpp>
#include <imsdp/sdp/parse.hpp>
#include <imsdp/sdp/serialize.hpp>

using namespace imsdp;

namespace {
constexpr auto offer =
    "v=0\r\no=- 1 1 IN IP6 2001:db8::10\r\ns=-\r\nc=IN IP6 2001:db8::10\r\nt=0 0\r\n"
    "m=audio 49152 RTP/AVP 96\r\na=rtpmap:96 EVS/16000\r\n"
    "m=application 52718 UDP/DTLS/SCTP webrtc-datachannel\r\n"
    "a=sctp-port:5000\r\na=setup:actpass\r\n"
    "a=dcmap:0 subprotocol=\"http\"\r\n"
    "a=dcmap:1000 label=\"ar%20call\";subprotocol=\"webrtc-ar\";max-retr=2;priority=256\r\n"
    "a=dcsa:1000 sendonly\r\n"
    "a=dcsa:1000 accept-types:application/json\r\n";
}  // namespace

TEST_SUITE("datachannel") {
  TEST_CASE("the view lists channels, defaults and scoped attributes") {
    auto const doc = sdp::parse(offer);
    REQUIRE(doc);
    auto const all = datachannel::associations(*doc);
    REQUIRE(all.size() == 1);
    auto const& a = all[0];
    CHECK(a.media_index == 1);
    CHECK(a.sctp_port == 5000);
    CHECK(a.max_message_size == 65536);  // RFC 8841 default
    CHECK_FALSE(a.max_message_size_given);
    REQUIRE(a.channels.size() == 2);
    CHECK(a.channels[0].kind == datachannel::channel_kind::bootstrap);
    auto const* app = a.find(1000);
    REQUIRE(app);
    CHECK(app->kind == datachannel::channel_kind::application);
    CHECK(app->map->label->decoded() == "ar call");
    CHECK(app->map->max_retr == 2);
    CHECK_FALSE(app->map->reliable());
    REQUIRE(app->scoped.size() == 2);
    auto const* direction = app->scoped[0]->get<sdp::direction>();
    REQUIRE(direction);  // "a=dcsa:1 sendonly" yields a typed direction
    CHECK(direction->value == sdp::media_direction::sendonly);
    CHECK(datachannel::validate(*doc).empty());
  }

  TEST_CASE("validation rules are diagnostics at the offending value") {
    std::string text = offer;
    text +=
        "a=dcmap:1000 subprotocol=\"x\"\r\na=dcsa:7 sendonly\r\na=dcmap:10 "
        "subprotocol=\"t140\"\r\n";
    auto const doc = sdp::parse(text);
    REQUIRE(doc);
    auto const problems = datachannel::validate(*doc);
    auto const has = [&](errc code, std::uint32_t line, std::uint32_t column) {
      return std::any_of(problems.begin(), problems.end(), [&](diagnostic const& d) {
        return d.code == code && d.where.line == line && d.where.column == column;
      });
    };
    CHECK(has(errc::dc_duplicate_stream_id, 15, 9));
    CHECK(has(errc::dc_dcsa_without_dcmap, 16, 8));
    CHECK(has(errc::dc_bootstrap, 17, 9));
  }

  TEST_CASE("legacy forms need the legacy_sctp tolerance") {
    std::string const legacy =
        "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
        "m=application 9 DTLS/SCTP 5000\r\na=sctpmap:5000 webrtc-datachannel 1024\r\n";
    auto const strict = sdp::parse(legacy);
    REQUIRE_FALSE(strict);
    CHECK(strict.error().code == errc::dc_legacy_form);
    auto const jsep = sdp::parse(legacy, profile::jsep());
    REQUIRE(jsep);
    auto const a = datachannel::view(*jsep, 0);
    CHECK(a.legacy);
    CHECK(a.sctp_port == 5000);
    std::string const space_form =
        "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
        "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=sctp-port 5000\r\n";
    CHECK_FALSE(sdp::parse(space_form));
    auto const tolerated = sdp::parse(space_form, profile::jsep());
    REQUIRE(tolerated);
    CHECK(sdp::serialize(*tolerated).find("a=sctp-port:5000\r\n") != std::string::npos);
  }

  TEST_CASE("a scoped attribute equals its canonical form") {
    // Found by fuzz_attr_datachannel: the canonical form writes the typed inner attribute
    // ("3gpp-aiml-split:1 split"), so equality compares that, not the text as written.
    auto const written = sdp::parse_attribute("dcsa", "0 3gpp-aiml-split:01 split");
    REQUIRE(written);
    std::string canonical;
    sdp::append_value(canonical, *written);
    CHECK(canonical == "0 3gpp-aiml-split:1 split");
    auto const again = sdp::parse_attribute("dcsa", canonical);
    REQUIRE(again);
    CHECK(again->typed == written->typed);
    // Untyped inner attributes compare as written.
    auto const json = sdp::parse_attribute("dcsa", "0 accept-types:application/json");
    auto const text = sdp::parse_attribute("dcsa", "0 accept-types:text/plain");
    REQUIRE(json);
    REQUIRE(text);
    CHECK_FALSE(json->typed == text->typed);
  }

  TEST_CASE("feature tags are read from and written to Contact parameters") {
    auto const f = datachannel::parse_feature_tags(
        ";+sip.app-subtype=\"webrtc-datachannel\";+g.3gpp.dc-mux;expires=600;"
        "+sip.3gpp-aiml-support=\"split,remote\"");
    REQUIRE(f);
    CHECK(f->webrtc_datachannel);
    CHECK(f->dc_mux);
    CHECK(f->aiml_support == std::vector<std::string>{"split", "remote"});
    CHECK(f->tags.size() == 3);
    CHECK(datachannel::format_feature_tags(*f) ==
          ";+sip.app-subtype=\"webrtc-datachannel\";+g.3gpp.dc-mux;+g.3gpp.aiml-support=\"split,"
          "remote\"");
    auto const again = datachannel::parse_feature_tags(datachannel::format_feature_tags(*f));
    REQUIRE(again);
    CHECK(again->aiml_support == f->aiml_support);
    auto const bad = datachannel::parse_feature_tags(";+g.3gpp.aiml-support=\"local");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().code == errc::feature_tag_syntax);
    CHECK(bad.error().where.offset == 1);
  }
}
