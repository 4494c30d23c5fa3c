// The per-call state of the interworking function (DESIGN.md section 12, decision A1): an
// immutable value the caller keeps per call (JSON form in json.hpp). A translation takes
// the state and returns the next one, which the caller commits only once the output is
// sent, so a failed transaction keeps the old state (RFC 3261 14.1).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace imsdp::interworking {

/// The largest SDP a translation takes (and so the state holds): real offers are a few KiB;
/// the bound keeps the call state's JSON small (larger input: limit_exceeded).
inline constexpr std::size_t max_sdp_bytes = 256u << 10;
/// The most m-lines a translation takes (RFC 8866 sets none; limits::max_media is 1000).
inline constexpr std::size_t max_media = 1000;

/// The two legs: the WebRTC network and the IMS network (the IBCF at the NNI).
enum class side : std::uint8_t { webrtc, ims };

[[nodiscard]] constexpr std::string_view to_string(side s) noexcept {
  return s == side::webrtc ? "webrtc" : "ims";
}

/// What the media function allocated for the streams an offer opens (decision A3: the
/// library invents no port, credential, certificate or session id; required_resources()
/// says what to allocate).
struct media_resources {
  // WebRTC leg: the transport of its first m-line, which carries every m-line once bundled
  // (RFC 9143).
  std::string webrtc_address;
  std::uint16_t webrtc_port = 0;
  // The ports of the next m-lines where each needs its own (required_resources() says how
  // many): the IWF's offers under webrtc.bundle group (RFC 9143 7.2.1: unique address:port)
  // and every exchange under none. Each gets a host candidate of webrtc_address.
  std::vector<std::uint16_t> webrtc_ports;
  std::vector<std::string> candidates;  // a=candidate values; empty: one host candidate of
                                        // webrtc_address:webrtc_port
  std::string ice_ufrag;                // RFC 8839 5.4: 4..256 characters
  std::string ice_pwd;                  // 22..256 characters
  std::string webrtc_fingerprint;       // "sha-256 AB:CD:..."
  std::string tls_id;                   // RFC 8842; empty: none
  // IMS leg: an RTP port per m-line (even; RTCP on port + 1, RFC 3550 11).
  std::string ims_address;
  std::vector<std::uint16_t> ims_ports;
  std::string ims_fingerprint;   // DTLS of an IMS data-channel m-line (TS 26.114 6.2.10)
  std::uint64_t session_id = 0;  // o= sess-id of a leg this offer creates (RFC 8866 5.2)

  friend bool operator==(media_resources const&, media_resources const&) = default;
};

/// One stream across the IWF: the m-line it has on each leg (none where it is not carried).
struct medium {
  std::string kind;  // "audio", "video", "application"
  std::optional<std::size_t> webrtc_index;
  std::optional<std::size_t> ims_index;

  friend bool operator==(medium const&, medium const&) = default;
};

/// The offer/answer exchange in progress.
struct pending_exchange {
  side from = side::webrtc;  // the side that offered
  std::string input;         // its offer, as received
  std::string output;        // the offer the IWF sent to the other side
  media_resources resources;
  std::vector<medium> media;

  friend bool operator==(pending_exchange const&, pending_exchange const&) = default;
};

/// One leg's negotiated session: what the IWF last sent to it and received from it.
struct leg_state {
  std::string local;
  std::string remote;
  bool local_offer = false;  // the IWF's description was the offer of this exchange
  friend bool operator==(leg_state const&, leg_state const&) = default;
};

struct call_state {
  std::optional<side> originator;  // who sent the first offer
  leg_state webrtc;
  leg_state ims;
  media_resources resources;  // those of the negotiated session
  std::vector<medium> media;  // of the negotiated session
  std::optional<pending_exchange> pending;

  friend bool operator==(call_state const&, call_state const&) = default;
};

}  // namespace imsdp::interworking
