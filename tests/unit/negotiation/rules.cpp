#include <imsdp/negotiation/rules.hpp>
// The header under test first; then what the tests use.
#include <doctest/doctest.h>

#include <imsdp/sdp/parse.hpp>

using namespace imsdp;

namespace {

sdp::session_description doc(std::string const& body, std::string const& origin = "- 1 1") {
  auto d = sdp::parse("v=0\r\no=" + origin + " IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n" + body,
                      profile::lenient());
  REQUIRE(d);
  return std::move(*d);
}

std::vector<std::string> codes(std::vector<error> const& errors) {
  std::vector<std::string> out;
  for (auto const& e : errors)
    out.emplace_back(to_string(e.code));
  return out;
}

std::string const two = "m=audio 9 RTP/AVP 0 8\r\nm=video 9 RTP/AVP 96\r\n";

}  // namespace

TEST_SUITE("negotiation.rules") {
  TEST_CASE("an answer keeps the offer's m-lines, formats, directions and rejections") {
    auto const offer = doc(two + "a=sendonly\r\n");
    CHECK(negotiation::check_answer(offer, doc("m=audio 9 RTP/AVP 8\r\nm=video 0 RTP/AVP 96\r\n"))
              .empty());
    CHECK(codes(negotiation::check_answer(offer, doc("m=audio 9 RTP/AVP 8\r\n"))) ==
          std::vector<std::string>{"answer_media_count"});
    CHECK(codes(negotiation::check_answer(
              offer, doc("m=video 9 RTP/AVP 96\r\nm=audio 9 RTP/AVP 0\r\n"))) ==
          std::vector<std::string>{"answer_media_changed", "answer_media_changed"});
    CHECK(codes(negotiation::check_answer(
              offer, doc("m=audio 9 RTP/SAVP 0\r\nm=video 0 RTP/AVP 96\r\n"))) ==
          std::vector<std::string>{"answer_media_changed"});
    CHECK(codes(negotiation::check_answer(
              offer, doc("m=audio 9 RTP/AVP 18\r\nm=video 9 RTP/AVP 96\r\na=sendonly\r\n"))) ==
          std::vector<std::string>{"answer_formats", "answer_direction"});
    auto const rejected = doc("m=audio 0 RTP/AVP 0\r\n");
    CHECK(codes(negotiation::check_answer(rejected, doc("m=audio 9 RTP/AVP 0\r\n"))) ==
          std::vector<std::string>{"answer_rejected_stream"});
  }

  TEST_CASE("issue 20 defect 1: other payload types for the offered codecs, and extra formats") {
    // RFC 3264 6.1: the same PT for a codec is a SHOULD; the answer MUST have one offered
    // format and MAY add others.
    auto const offer =
        doc("m=audio 9 RTP/AVP 97 98\r\na=rtpmap:97 AMR-WB/16000\r\n"
            "a=rtpmap:98 telephone-event/16000\r\n");
    CHECK(negotiation::check_answer(offer, doc("m=audio 9 RTP/AVP 104 100\r\n"
                                               "a=rtpmap:104 AMR-WB/16000\r\n"
                                               "a=rtpmap:100 telephone-event/16000\r\n"))
              .empty());
    CHECK(negotiation::check_answer(offer,
                                    doc("m=audio 9 RTP/AVP 97 0\r\na=rtpmap:97 AMR-WB/16000\r\n"))
              .empty());
    CHECK(codes(negotiation::check_answer(
              offer, doc("m=audio 9 RTP/AVP 97\r\na=rtpmap:97 AMR/8000\r\n"))) ==
          std::vector<std::string>{"answer_formats"});
    // Other media keep the subset rule.
    auto const dc = doc("m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n");
    CHECK(codes(negotiation::check_answer(
              dc, doc("m=application 9 UDP/DTLS/SCTP webrtc-datachannel other\r\n"))) ==
          std::vector<std::string>{"answer_formats"});
  }

  TEST_CASE("issue 20 defect 2: a bundle-only m-line offered with port 0 may be accepted") {
    auto const offer =
        doc("a=group:BUNDLE a v\r\nm=audio 9 RTP/AVP 0\r\na=mid:a\r\n"
            "m=video 0 RTP/AVP 96\r\na=mid:v\r\na=bundle-only\r\na=rtpmap:96 VP8/90000\r\n");
    CHECK(negotiation::check_answer(offer, doc("a=group:BUNDLE a v\r\nm=audio 9 RTP/AVP 0\r\n"
                                               "a=mid:a\r\nm=video 9 RTP/AVP 96\r\na=mid:v\r\n"
                                               "a=rtpmap:96 VP8/90000\r\n"))
              .empty());
  }

  TEST_CASE("issue 19: an answer may not drop the offer's mandatory preconditions") {
    auto const offer =
        doc("m=audio 9 RTP/AVP 0\r\na=curr:qos local none\r\na=curr:qos remote none\r\n"
            "a=des:qos mandatory local sendrecv\r\na=des:qos none remote sendrecv\r\n");
    CHECK(codes(negotiation::check_answer(offer, doc("m=audio 9 RTP/AVP 0\r\n"))) ==
          std::vector<std::string>{"answer_preconditions"});
    CHECK(negotiation::check_answer(
              offer, doc("m=audio 9 RTP/AVP 0\r\na=curr:qos local none\r\n"
                         "a=curr:qos remote none\r\na=des:qos mandatory local sendrecv\r\n"
                         "a=des:qos mandatory remote sendrecv\r\n"))
              .empty());
  }

  TEST_CASE("direction of a section: its own, else the session's, else sendrecv") {
    auto const d =
        doc("a=recvonly\r\nm=audio 9 RTP/AVP 0\r\nm=audio 9 RTP/AVP 0\r\na=inactive\r\n");
    CHECK(negotiation::direction_of(d, 0) == sdp::media_direction::recvonly);
    CHECK(negotiation::direction_of(d, 1) == sdp::media_direction::inactive);
    CHECK(negotiation::direction_of(doc(two), 0) == sdp::media_direction::sendrecv);
  }

  TEST_CASE("a new offer never removes m-lines and changes a type only through port 0") {
    auto const session = doc(two);
    CHECK(negotiation::check_offer(session, session, doc(two + "m=text 9 RTP/AVP 98\r\n")).empty());
    CHECK(codes(negotiation::check_offer(session, session, doc("m=audio 9 RTP/AVP 0\r\n"))) ==
          std::vector<std::string>{"offer_media_removed"});
    CHECK(codes(negotiation::check_offer(session, session,
                                         doc("m=audio 9 RTP/AVP 0\r\nm=text 9 RTP/AVP 98\r\n"))) ==
          std::vector<std::string>{"offer_media_replaced"});
    // A rejected slot is reused for another media (RFC 3264 8.3).
    auto const with_rejected = doc("m=audio 9 RTP/AVP 0\r\nm=video 0 RTP/AVP 96\r\n");
    CHECK(negotiation::check_offer(with_rejected, session,
                                   doc("m=audio 9 RTP/AVP 0\r\nm=text 9 RTP/AVP 98\r\n"))
              .empty());
    // Issue 20 defect 5: rejected by the answer, not by the offerer's own description.
    CHECK(negotiation::check_offer(session, with_rejected,
                                   doc("m=audio 9 RTP/AVP 0\r\nm=audio 9 RTP/AVP 0\r\n"))
              .empty());
  }

  TEST_CASE("o=, lenient policy: a higher version or the same with a change; never lower") {
    auto const v2 = doc(two, "ue 5 2");
    auto const lenient = negotiation::origin_policy::lenient;
    CHECK(negotiation::check_origin(v2, doc(two + "a=sendonly\r\n", "ue 5 2"), lenient));
    CHECK(negotiation::check_origin(v2, doc(two + "a=sendonly\r\n", "ue 5 7"), lenient));
    CHECK(negotiation::check_origin(v2, doc(two, "ue 5 1"), lenient).error().code ==
          errc::origin_version);
    CHECK(negotiation::check_origin(v2, doc(two, "other 5 3"), lenient).error().code ==
          errc::origin_changed);
  }

  TEST_CASE("o=: same identity; one more version on change, the same or one more without") {
    auto const v1 = doc(two, "ue 5 1");
    CHECK(negotiation::check_origin(v1, doc(two, "ue 5 1")));
    CHECK(negotiation::check_origin(v1, doc(two + "a=sendonly\r\n", "ue 5 2")));
    CHECK(negotiation::check_origin(v1, doc(two + "a=sendonly\r\n", "ue 5 1")).error().code ==
          errc::origin_version);
    CHECK(negotiation::check_origin(v1, doc(two + "a=sendonly\r\n", "ue 5 3")).error().code ==
          errc::origin_version);
    // RFC 3264 section 8 does not forbid one more without a change (session refreshes).
    CHECK(negotiation::check_origin(v1, doc(two, "ue 5 2")));
    CHECK(negotiation::check_origin(v1, doc(two, "ue 5 3")).error().code == errc::origin_version);
    CHECK(negotiation::check_origin(v1, doc(two, "ue 6 2")).error().code == errc::origin_changed);
    CHECK(negotiation::same_content(v1, doc(two, "other 9 9")));
  }
}
