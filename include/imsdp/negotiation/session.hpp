// The negotiated session: what a completed offer/answer exchange means for the media of
// each m-line, typed, so that a host drives its media engine without re-parsing SDP (as
// pjmedia_stream_info_from_sdp does for pjsip, and libwebrtc's typed session description
// for browsers).
//
// Read from both descriptions of one exchange (RFC 3264):
//  - payload types: the offer's numbers say what its author receives with (section 5.1),
//    the answer's what the answerer receives with; so this side *sends* with the numbers
//    of the remote description and *receives* with its own;
//  - the send codec is the first codec of the remote list this side also lists (the
//    remote's preference); telephone-event is sent with the remote's number per clock rate;
//  - the remote address is the remote c= and port (RFC 8866 5.7), RTCP on a=rtcp (RFC
//    3605), the next port, or the same port when both sides have rtcp-mux (RFC 5761);
//  - bundled m-lines (a BUNDLE group of the answer, RFC 9143) use the transport of the
//    answer's tagged m-line;
//  - the DTLS role follows a=setup (RFC 8842 5): actpass leaves the role to the other side;
//  - against the previous session of the same dialog: whether ICE restarted (new remote
//    ufrag, RFC 8839 4.4.1.1.1) and whether DTLS needs a new association (new remote
//    tls-id or fingerprint, RFC 8842 5.4).
#pragma once

#include <cstddef>
#include <cstdint>
#include <imsdp/negotiation/rules.hpp>
#include <imsdp/sdp/attributes/dtls.hpp>
#include <optional>
#include <string>
#include <vector>

namespace imsdp::negotiation {

/// One payload type and its encoding.
struct negotiated_codec {
  std::uint8_t payload_type = 0;
  std::string name;  // encoding name as written ("opus", "AMR-WB", "telephone-event")
  std::uint32_t clock_rate = 0;
  std::uint32_t channels = 1;
  std::string fmtp;  // the parameters of that description's a=fmtp, empty if none
  friend bool operator==(negotiated_codec const&, negotiated_codec const&) = default;
};

/// A transport address.
struct endpoint {
  std::string address;  // c= of the m-line or the session; empty if none
  std::uint16_t port = 0;
  friend bool operator==(endpoint const&, endpoint const&) = default;
};

/// One data channel both sides agreed on (the answer's dcmap, RFC 8864).
struct negotiated_channel {
  std::uint16_t stream_id = 0;
  std::string label;
  std::string subprotocol;
  bool ordered = true;
  std::optional<std::uint16_t> max_retr;
  std::optional<std::uint16_t> max_time;
  std::optional<std::uint16_t> priority;
  friend bool operator==(negotiated_channel const&, negotiated_channel const&) = default;
};

/// SDES-SRTP of an m-line (RFC 4568): the crypto line the answer took. Each side's line
/// holds the key that side sends with (RFC 4568 6.1): this side encrypts with
/// `send_key_params` and decrypts with `receive_key_params`. They are secrets: the JSON
/// form leaves them out.
struct negotiated_srtp {
  std::uint32_t tag = 0;
  std::string suite;               // "AES_CM_128_HMAC_SHA1_80"
  std::string send_key_params;     // this side's key-params ("inline:<key||salt>|...")
  std::string receive_key_params;  // the peer's
  std::string session_params;      // the answer's ("KDR=..."), as written
  friend bool operator==(negotiated_srtp const&, negotiated_srtp const&) = default;
};

/// One m-line of the session.
struct negotiated_stream {
  std::size_t media_index = 0;
  std::string mid;    // empty without a=mid
  std::string media;  // "audio", "video", "application", ...
  std::string proto;
  bool active = false;                                              // a port on both sides
  sdp::media_direction direction = sdp::media_direction::inactive;  // this side's
  // RTP: what this side sends with (the remote's numbers) and receives with (its own).
  std::optional<negotiated_codec> send;
  std::vector<negotiated_codec> receive;
  std::vector<negotiated_codec> send_telephone_events;  // one per clock rate
  std::optional<std::uint32_t> ptime;                   // the remote's a=ptime
  std::optional<std::uint32_t> maxptime;                // the remote's a=maxptime
  // Transport.
  endpoint remote_rtp;
  std::optional<endpoint> remote_rtcp;  // none with rtcp-mux
  bool rtcp_mux = false;                // both sides
  std::size_t transport = 0;            // m-line whose transport this one uses (BUNDLE)
  std::string bundle_group;             // the answer's BUNDLE tags this m-line is in
  // ICE and DTLS (empty or nullopt where the m-line has none).
  std::string remote_ice_ufrag;
  bool ice_restart = false;
  std::optional<sdp::setup_role> dtls_role;  // this side's: active (client) or passive
  std::string remote_fingerprint;            // "sha-256 AB:CD:..."
  std::string remote_tls_id;
  bool new_dtls_association = false;
  std::optional<negotiated_srtp> srtp;  // SDES-SRTP (RTP/SAVP, RTP/SAVPF with a=crypto)
  // Data channels (RFC 8841, RFC 8864).
  std::optional<std::uint16_t> remote_sctp_port;
  std::optional<std::uint64_t> remote_max_message_size;  // 0: no limit
  std::vector<negotiated_channel> channels;
  std::optional<std::uint8_t> active_split_configuration;  // DESIGN.md 5: the first answered
  // RFC 3312 section 8: with mandatory qos preconditions, whether they are met (each
  // side's latest description states its own segment; e2e from either). Ringing or
  // alerting waits for it. nullopt: no mandatory precondition on this m-line.
  std::optional<bool> preconditions_met;
};

struct negotiated_session {
  bool local_offerer = false;
  std::vector<negotiated_stream> streams;  // one per m-line, in order
};

/// The session of a completed exchange: `local` and `remote` are this side's and the
/// peer's descriptions (the offer and the answer, `local_offerer` saying which is which).
/// `previous` is the session before it in the same dialog, or null, for ice_restart and
/// new_dtls_association (with none, a DTLS m-line needs a new association).
[[nodiscard]] negotiated_session negotiated(sdp::session_description const& local,
                                            sdp::session_description const& remote,
                                            bool local_offerer,
                                            negotiated_session const* previous = nullptr);

}  // namespace imsdp::negotiation
