// The default interworking policy (policy.hpp; table 12.3 of the design).
#include <imsdp/interworking/policy.hpp>

namespace imsdp::interworking {
namespace {

negotiation::codec named(std::string name, std::uint32_t clock_rate, std::uint32_t channels) {
  negotiation::codec c;
  c.name = std::move(name);
  c.clock_rate = clock_rate;
  c.channels = channels;
  return c;
}

}  // namespace

bool is_passable(std::string_view name) noexcept {
  constexpr std::string_view written[] = {"rtpmap",      "fmtp",
                                          "ptime",       "maxptime",
                                          "sendrecv",    "sendonly",
                                          "recvonly",    "inactive",
                                          "mid",         "group",
                                          "ice-ufrag",   "ice-pwd",
                                          "ice-options", "ice-lite",
                                          "candidate",   "end-of-candidates",
                                          "fingerprint", "setup",
                                          "tls-id",      "rtcp",
                                          "rtcp-mux",    "rtcp-mux-only",
                                          "rtcp-rsize",  "rtcp-fb",
                                          "extmap",      "extmap-allow-mixed",
                                          "msid",        "msid-semantic",
                                          "ssrc",        "ssrc-group",
                                          "rid",         "simulcast",
                                          "crypto",      "key-mgmt",
                                          "curr",        "des",
                                          "conf",        "dcmap",
                                          "dcsa",        "sctp-port",
                                          "sctpmap",     "max-message-size",
                                          "tcap",        "pcfg",
                                          "acfg",        "acap",
                                          "bundle-only"};
  if (name.empty()) return false;
  for (auto const w : written)
    if (w == name) return false;
  return true;
}

policy default_policy() {
  policy p;
  // TS 26.114 5.2.1.2: EVS, AMR-WB and AMR for MTSI speech; G.711 where peers have it.
  p.ims.codecs = {named("EVS", 16000, 1), named("AMR-WB", 16000, 1), named("AMR", 8000, 1),
                  named("PCMA", 8000, 1), named("PCMU", 8000, 1)};
  // RFC 7874 3: browsers have opus and G.711.
  p.webrtc.codecs = {named("opus", 48000, 2), named("PCMA", 8000, 1), named("PCMU", 8000, 1)};
  p.media_function.codecs = {named("opus", 48000, 2), named("AMR-WB", 16000, 1),
                             named("AMR", 8000, 1), named("PCMA", 8000, 1), named("PCMU", 8000, 1)};
  // RFC 6184 / TS 26.114 5.2.2: H.264, any profile, packetization modes 0 and 1.
  p.video_codecs = {named("H264", 90000, 0)};
  return p;
}

}  // namespace imsdp::interworking
