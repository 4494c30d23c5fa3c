// The capabilities of examples/caps-*.json and example offers, for the negotiation and
// interworking unit tests.
#pragma once

#include <doctest/doctest.h>

#include <imsdp/negotiation/json.hpp>
#include <string>

#include "support/files.hpp"

namespace imsdp::test {

inline negotiation::capabilities caps_file(std::string const& name) {
  auto c = negotiation::capabilities_from_json(read_file(source_dir() / "examples" / name));
  REQUIRE(c);
  return *c;
}

/// examples/webrtc-offer.sdp with the video m-line's own ice-ufrag and ice-pwd removed: its
/// ICE is then only the BUNDLE group's, in the tagged m-line (RFC 9143 7.1.3).
inline std::string chrome_offer_video_without_ice() {
  auto text = read_file(source_dir() / "examples/webrtc-offer.sdp");
  auto const video = text.find("m=video");
  for (auto const* line : {"a=ice-ufrag:", "a=ice-pwd:"}) {
    auto const at = text.find(line, video);
    text.erase(at, text.find('\n', at) + 1 - at);
  }
  return text;
}

}  // namespace imsdp::test
