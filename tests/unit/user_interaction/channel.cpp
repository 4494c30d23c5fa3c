// The interaction data channel in an answer (design 13.2): accepted only network-initiated,
// on a reliable ordered stream >= 1000 with room for a whole message; refused alone otherwise.
#include <imsdp/user_interaction/channel.hpp>
// The header under test first; then what the tests use.
#include <doctest/doctest.h>

#include <imsdp/negotiation/answer.hpp>
#include <imsdp/negotiation/json.hpp>
#include <imsdp/sdp/parse.hpp>
#include <imsdp/sdp/serialize.hpp>

#include "support/files.hpp"
#include "support/why.hpp"

using namespace imsdp;

namespace {

std::string offer_with(std::string const& max_message_size, std::string const& ui_lines) {
  return "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
         "m=application 40002 UDP/DTLS/SCTP webrtc-datachannel\r\n"
         "a=sctp-port:5000\r\na=max-message-size:" +
         max_message_size +
         "\r\n"
         "a=setup:actpass\r\n"
         "a=fingerprint:SHA-256 "
         "3D:91:A8:0C:5E:F2:17:6B:C4:2A:E9:70:1F:8D:B3:56:0A:E7:94:2C:61:D8:3B:F5:0E:A9:47:C2:1D:"
         "86:5B:E3\r\n"
         "a=dcmap:0 subprotocol=\"http\"\r\n" +
         ui_lines;
}

struct answered {
  std::string sdp;
  std::vector<negotiation::decision> decisions;
};

answered answer(std::string const& offer) {
  auto doc = sdp::parse(offer, profile::lenient());
  REQUIRE_MESSAGE(doc, test::why(doc));
  auto caps = negotiation::capabilities_from_json(
      R"({"fingerprint":"sha-256 0A:3C:55:E1:92:7B:D4:18:6F:C2:A9:30:84:EB:17:5D:C6:2E:F8:41:9A:07:B3:6D:E0:52:1C:8F:74:A6:3B:D9",
    "dataChannel":{"subprotocols":["http","x-3gpp-ims-ui.v1"],"maxMessageSize":65536}})");
  REQUIRE_MESSAGE(caps, test::why(caps));
  auto a = negotiation::create_answer(*doc, *caps);
  REQUIRE_MESSAGE(a, test::why(a));
  return {sdp::serialize(*a->sdp), a->decisions};
}

std::string reason_for(answered const& a, std::string const& subject) {
  for (auto const& d : a.decisions)
    if (d.subject == subject) return (d.accepted ? "accepted: " : "refused: ") + d.reason;
  return "no decision";
}

}  // namespace

TEST_SUITE("user_interaction") {
  TEST_CASE("a network-initiated interaction channel is answered with its initiator") {
    auto const a =
        answer(offer_with("65536",
                          "a=dcmap:1000 label=\"ui\";subprotocol=\"x-3gpp-ims-ui.v1\"\r\n"
                          "a=dcsa:1000 x-ims-ui-initiator:network\r\n"));
    CHECK(a.sdp.find("a=dcmap:1000 label=\"ui\";subprotocol=\"x-3gpp-ims-ui.v1\"") !=
          std::string::npos);
    CHECK(a.sdp.find("a=dcsa:1000 x-ims-ui-initiator:network") != std::string::npos);
    CHECK(reason_for(a, "channel 1000") == "accepted: accepted: x-3gpp-ims-ui.v1");
  }

  TEST_CASE("the answer rule refuses the channel alone, with the reason") {
    struct bad {
      char const* max_message_size;
      char const* lines;
      char const* reason;
    };
    bad const cases[] = {
        {"65536", "a=dcmap:1000 subprotocol=\"x-3gpp-ims-ui.v1\"\r\n", "no x-ims-ui-initiator"},
        {"65536",
         "a=dcmap:1000 subprotocol=\"x-3gpp-ims-ui.v1\"\r\na=dcsa:1000 x-ims-ui-initiator:ue\r\n",
         "the initiator is not the network"},
        {"1024",
         "a=dcmap:1000 subprotocol=\"x-3gpp-ims-ui.v1\"\r\na=dcsa:1000 "
         "x-ims-ui-initiator:network\r\n",
         "max-message-size 1024 below"},
        {"65536",
         "a=dcmap:1000 subprotocol=\"x-3gpp-ims-ui.v1\";ordered=false\r\na=dcsa:1000 "
         "x-ims-ui-initiator:network\r\n",
         "ordered and reliable"},
        {"65536",
         "a=dcmap:1000 subprotocol=\"x-3gpp-ims-ui.v1\";max-retr=2\r\na=dcsa:1000 "
         "x-ims-ui-initiator:network\r\n",
         "ordered and reliable"},
        {"65536",
         "a=dcmap:1000 subprotocol=\"x-3gpp-ims-ui.v1\"\r\na=dcsa:1000 "
         "x-ims-ui-initiator:network\r\n"
         "a=dcsa:1000 x-ims-ui-initiator:network\r\n",
         "given twice"},
    };
    for (auto const& c : cases) {
      auto const a = answer(offer_with(c.max_message_size, c.lines));
      auto const why = reason_for(a, "channel 1000");
      CHECK_MESSAGE(why.find(std::string("refused: ")) == 0, c.lines);
      CHECK_MESSAGE(why.find(c.reason) != std::string::npos, why);
      // The bootstrap channel beside it is still accepted; no refused line leaks into the answer.
      CHECK(reason_for(a, "channel 0") == "accepted: accepted: http");
      CHECK(a.sdp.find("dcmap:1000") == std::string::npos);
      CHECK(a.sdp.find("x-ims-ui-initiator") == std::string::npos);
    }
  }

  TEST_CASE("SIP bodies: the content type, parameters and case ignored") {
    CHECK(user_interaction::is_interaction_body("application/vnd.imsdp.ims-ui+json"));
    CHECK(user_interaction::is_interaction_body(
        " Application/VND.imsdp.IMS-UI+JSON ; charset=utf-8"));
    CHECK(!user_interaction::is_interaction_body("application/json"));
    CHECK(!user_interaction::is_interaction_body("application/vnd.imsdp.ims-ui+jsonx"));
  }
}
