// What the interworking tests share: the examples, the resources and the IMS UE they run a
// call with, and a browser's answer to the IWF's WebRTC offer.
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <imsdp/interworking/json.hpp>
#include <imsdp/interworking/translate.hpp>
#include <imsdp/negotiation/json.hpp>
#include <imsdp/sdp/parse.hpp>
#include <imsdp/sdp/serialize.hpp>
#include <string>

#include "support/files.hpp"
#include "support/why.hpp"

namespace imsdp::test::iwf {

inline sdp::session_description parsed(std::string const& text) {
  auto doc = sdp::parse(text, profile::lenient());
  REQUIRE_MESSAGE(doc, test::why(doc));
  return std::move(*doc);
}

inline sdp::session_description example(char const* name) {
  return parsed(test::read_file(test::source_dir() / "examples" / name));
}

inline interworking::media_resources resources() {
  auto r = interworking::resources_from_json(
      test::read_file(test::source_dir() / "examples/iwf/resources.json"));
  REQUIRE(r);
  return *r;
}

inline negotiation::capabilities ims_ue() {
  auto caps = negotiation::capabilities_from_json(
      test::read_file(test::source_dir() / "examples/caps-ims-ue.json"));
  REQUIRE(caps);
  return *caps;
}

// The SDP text of a translation.
inline std::string text(interworking::translation const& t) {
  return sdp::serialize(*t.sdp);
}

inline bool has_action(interworking::planned_medium const& m, std::string const& action) {
  return std::find(m.actions.begin(), m.actions.end(), action) != m.actions.end();
}

// A browser's answer to the IWF's WebRTC offer, choosing `pt` (one of the offer's).
inline std::string browser_answer(sdp::session_description const& offer, unsigned pt,
                                  std::string const& setup = "active") {
  auto const m = offer.media(0);
  auto const* map = m.find<sdp::rtpmap>(pt);
  REQUIRE(map != nullptr);
  auto const n = std::to_string(pt);
  return "v=0\r\no=- 99 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n"
         "m=audio 9 UDP/TLS/RTP/SAVPF " +
         n +
         "\r\nc=IN IP4 0.0.0.0\r\na=ice-ufrag:QbM8\r\na=ice-pwd:g+8fGKnRBeurUHZWfDpnVUjb\r\n"
         "a=fingerprint:sha-256 10:27:55:CB:18:22:0D:20:26:9A:96:CF:A5:2B:A4:4A:96:EA:15:23:FB:"
         "3B:A4:9C:95:2C:5C:B3:76:19:1F:B0\r\na=setup:" +
         setup + "\r\na=mid:" + std::string(m.find<sdp::mid>()->value) +
         "\r\na=sendrecv\r\na=rtcp-mux\r\na=rtpmap:" + n + " " + std::string(map->encoding_name) +
         "/" + std::to_string(map->clock_rate) +
         (map->encoding_parameters.empty() ? "" : "/" + std::string(map->encoding_parameters)) +
         "\r\n";
}

}  // namespace imsdp::test::iwf
