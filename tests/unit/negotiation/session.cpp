#include <imsdp/negotiation/session.hpp>
// The header under test first; then what the tests use.
#include <doctest/doctest.h>

#include <imsdp/sdp/parse.hpp>

using namespace imsdp;

namespace {

sdp::session_description doc(std::string const& origin, std::string const& body) {
  auto d = sdp::parse("v=0\r\no=" + origin + "\r\ns=-\r\nt=0 0\r\n" + body, profile::lenient());
  REQUIRE(d);
  return std::move(*d);
}

std::string const fingerprint =
    "a=fingerprint:sha-256 0A:3C:55:E1:92:7B:D4:18:6F:C2:A9:30:84:EB:17:5D:C6:2E:F8:41:9A:07:"
    "B3:6D:E0:52:1C:8F:74:A6:3B:D9\r\n";

// A WebRTC-shaped pair: audio and a data channel in one BUNDLE group.
std::string webrtc(std::string const& ufrag, std::string const& tls_id, std::string const& setup) {
  return "c=IN IP4 198.51.100.7\r\na=group:BUNDLE a d\r\n"
         "m=audio 50000 UDP/TLS/RTP/SAVPF 111\r\na=mid:a\r\na=ice-ufrag:" +
         ufrag + "\r\na=ice-pwd:0123456789abcdefghijklmn\r\n" + fingerprint + "a=setup:" + setup +
         "\r\na=tls-id:" + tls_id +
         "\r\na=rtcp-mux\r\na=rtpmap:111 opus/48000/2\r\n"
         "m=application 50000 UDP/DTLS/SCTP webrtc-datachannel\r\na=mid:d\r\n"
         "a=sctp-port:5001\r\na=max-message-size:1024\r\n"
         "a=dcmap:1000 label=\"ctrl\";subprotocol=\"3gpp-aiml\"\r\n"
         "a=dcsa:1000 3gpp-aiml-split:2 nw\r\na=dcsa:1000 3gpp-aiml-split:1 ue\r\n";
}

}  // namespace

TEST_SUITE("negotiation.session") {
  TEST_CASE("VoLTE: send with the peer's payload types, receive with ours (RFC 3264 5.1)") {
    auto const offer = doc("ue 1 1 IN IP4 192.0.2.1",
                           "c=IN IP4 192.0.2.1\r\nm=audio 49170 RTP/AVP 97 98\r\n"
                           "a=rtpmap:97 AMR-WB/16000\r\na=fmtp:97 octet-align=1\r\n"
                           "a=rtpmap:98 telephone-event/16000\r\na=ptime:20\r\n");
    auto const answer = doc("peer 2 1 IN IP4 198.51.100.2",
                            "c=IN IP4 198.51.100.2\r\nm=audio 50000 RTP/AVP 104 100\r\n"
                            "a=rtpmap:104 AMR-WB/16000\r\na=fmtp:104 octet-align=1;mode-set=2\r\n"
                            "a=rtpmap:100 telephone-event/16000\r\na=ptime:40\r\n"
                            "a=rtcp:50011\r\na=recvonly\r\n");
    auto const s = negotiation::negotiated(offer, answer, true);
    CHECK(s.local_offerer);
    REQUIRE(s.streams.size() == 1);
    auto const& a = s.streams[0];
    CHECK(a.active);
    CHECK(a.direction == sdp::media_direction::sendonly);  // the peer only receives
    REQUIRE(a.send);
    CHECK(a.send->payload_type == 104);
    CHECK(a.send->name == "AMR-WB");
    CHECK(a.send->fmtp == "octet-align=1;mode-set=2");  // the receiver's parameters
    REQUIRE(a.receive.size() == 2);
    CHECK(a.receive[0].payload_type == 97);
    CHECK(a.receive[1].name == "telephone-event");
    REQUIRE(a.send_telephone_events.size() == 1);
    CHECK(a.send_telephone_events[0].payload_type == 100);
    CHECK(a.ptime == 40u);
    CHECK(a.remote_rtp == negotiation::endpoint{"198.51.100.2", 50000});
    REQUIRE(a.remote_rtcp);
    CHECK(a.remote_rtcp->port == 50011);
    CHECK_FALSE(a.rtcp_mux);
    CHECK_FALSE(a.dtls_role);
    // The answerer's view of the same exchange.
    auto const theirs = negotiation::negotiated(answer, offer, false);
    CHECK(theirs.streams[0].send->payload_type == 97);
    CHECK(theirs.streams[0].direction == sdp::media_direction::recvonly);
    CHECK(theirs.streams[0].remote_rtcp->port == 49171);  // the next port (RFC 3605)
  }

  TEST_CASE("a rejected m-line is inactive and says nothing else") {
    auto const offer = doc("ue 1 1 IN IP4 192.0.2.1",
                           "c=IN IP4 192.0.2.1\r\nm=audio 49170 RTP/AVP 0\r\n"
                           "m=video 49172 RTP/AVP 96\r\na=rtpmap:96 VP8/90000\r\n");
    auto const answer = doc("peer 2 1 IN IP4 198.51.100.2",
                            "c=IN IP4 198.51.100.2\r\nm=audio 50000 RTP/AVP 0\r\n"
                            "m=video 0 RTP/AVP 96\r\n");
    auto const s = negotiation::negotiated(offer, answer, true);
    CHECK(s.streams[0].active);
    CHECK_FALSE(s.streams[1].active);
    CHECK_FALSE(s.streams[1].send);
  }

  TEST_CASE("BUNDLE, DTLS role, data channels and the split configuration") {
    auto const offer =
        doc("ue 1 1 IN IP4 192.0.2.1", webrtc("loc1", "L0000000000000000000000", "actpass"));
    auto const answer =
        doc("peer 2 1 IN IP4 198.51.100.7", webrtc("rem1", "R0000000000000000000000", "active"));
    auto const s = negotiation::negotiated(offer, answer, true);
    REQUIRE(s.streams.size() == 2);
    auto const& dc = s.streams[1];
    CHECK(dc.transport == 0);
    CHECK(dc.bundle_group == "a d");
    CHECK(dc.dtls_role == sdp::setup_role::passive);  // actpass, and the peer is active
    CHECK(dc.remote_sctp_port == 5001u);
    CHECK(dc.remote_max_message_size == 1024u);
    REQUIRE(dc.channels.size() == 1);
    CHECK(dc.channels[0].subprotocol == "3gpp-aiml");
    CHECK(dc.active_split_configuration == 2u);  // the first answered
    CHECK(s.streams[0].rtcp_mux);
    CHECK_FALSE(s.streams[0].remote_rtcp);
    CHECK(s.streams[0].new_dtls_association);  // no session before
  }

  TEST_CASE("against the previous session: ICE restart and a new DTLS association") {
    auto const offer =
        doc("ue 1 1 IN IP4 192.0.2.1", webrtc("loc1", "L0000000000000000000000", "actpass"));
    auto const first = negotiation::negotiated(
        offer,
        doc("peer 2 1 IN IP4 198.51.100.7", webrtc("rem1", "R0000000000000000000000", "active")),
        true);
    // Same tls-id, new ufrag: ICE restarts, the association stays (RFC 8842 5.4).
    auto const restart = negotiation::negotiated(
        offer,
        doc("peer 2 2 IN IP4 198.51.100.7", webrtc("rem2", "R0000000000000000000000", "active")),
        true, &first);
    CHECK(restart.streams[0].ice_restart);
    CHECK_FALSE(restart.streams[0].new_dtls_association);
    // A new tls-id: a new association, without an ICE restart.
    auto const rekey = negotiation::negotiated(
        offer,
        doc("peer 2 3 IN IP4 198.51.100.7", webrtc("rem2", "R1111111111111111111111", "active")),
        true, &restart);
    CHECK_FALSE(rekey.streams[0].ice_restart);
    CHECK(rekey.streams[0].new_dtls_association);
  }

  TEST_CASE("RFC 3312 section 8: preconditions are met when each segment covers its des") {
    std::string const qos =
        "m=audio 49170 RTP/AVP 0\r\na=des:qos mandatory local sendrecv\r\n"
        "a=des:qos mandatory remote sendrecv\r\n";
    auto const ours = [&](std::string const& local) {
      return doc("ue 1 1 IN IP4 192.0.2.1", "c=IN IP4 192.0.2.1\r\n" + qos + "a=curr:qos local " +
                                                local + "\r\na=curr:qos remote none\r\n");
    };
    auto const theirs = [&](std::string const& local) {
      return doc("peer 2 1 IN IP4 198.51.100.2", "c=IN IP4 198.51.100.2\r\n" + qos +
                                                     "a=curr:qos local " + local +
                                                     "\r\na=curr:qos remote none\r\n");
    };
    CHECK(
        negotiation::negotiated(ours("none"), theirs("none"), true).streams[0].preconditions_met ==
        false);
    CHECK(negotiation::negotiated(ours("sendrecv"), theirs("send"), true)
              .streams[0]
              .preconditions_met == false);
    CHECK(negotiation::negotiated(ours("sendrecv"), theirs("sendrecv"), true)
              .streams[0]
              .preconditions_met == true);
    auto const plain =
        doc("ue 1 1 IN IP4 192.0.2.1", "c=IN IP4 192.0.2.1\r\nm=audio 9 RTP/AVP 0\r\n");
    CHECK_FALSE(negotiation::negotiated(plain, plain, true).streams[0].preconditions_met);
  }
}
