// Answer and offer generation from local capabilities (DESIGN.md section 8).
//
// create_answer() writes the answer to an offer with the builder API (never by pasting
// strings) and re-parses it under the strict profile, so every answer it returns obeys
// RFC 8866 and the RFC 3264 rules of rules.hpp against its offer:
//  - one m-line per offered m-line, same order, media and proto; unknown media, media
//    without capabilities and media that needs what the capabilities lack (ICE
//    credentials, a DTLS fingerprint, SDES keys) are rejected with port 0;
//  - audio and video: the offered formats this side supports, in the offer's order, with
//    the offer's payload types; AMR/AMR-WB (mode-set, octet-align), EVS (br, bw) and
//    H.264 (profile-level-id, packetization-mode) are matched on their parameters; rtx,
//    red, ulpfec and telephone-event follow the codecs they refer to; the direction is
//    the offer's mirrored and limited by the local one;
//  - data channels: the channels whose subprotocol and stream id fit, refused ones
//    dropped with their dcsa lines, the whole m-section rejected when no channel is left;
//    AI/ML split configurations through aiml::split::answer();
//  - o=: the local username, a session id (given, or derived from the offer), version 1,
//    or the previous local description's identity with the version incremented when the
//    content changes.
//
// Each accepted or refused codec, channel and configuration is a `decision`, the lines of
// `imsdp answer --explain`.
#pragma once

#include <cstdint>
#include <imsdp/negotiation/capabilities.hpp>
#include <imsdp/negotiation/rules.hpp>
#include <imsdp/result.hpp>
#include <string>
#include <vector>

namespace imsdp::negotiation {

/// Why something was accepted or refused.
struct decision {
  std::size_t media_index = 0;
  std::string subject;  // "m-line", "opus/48000/2 (pt 111)", "channel 1000", "cfg 4"
  bool accepted = false;
  std::string reason;
};

[[nodiscard]] std::string to_string(decision const& d);

struct generated {
  description sdp;
  std::vector<decision> decisions;
};

/// The answer to `offer` under `local`. `previous` is the last description this side
/// sent in the dialog, or null: its o= identity is kept, and as RFC 9429 5.3.2 asks of a
/// subsequent answer its ICE credentials (unless the offer restarts ICE against
/// `previous_offer`, the peer's previous offer), its DTLS fingerprint, setup role and
/// tls-id.
[[nodiscard]] result<generated> create_answer(sdp::session_description const& offer,
                                              capabilities const& local,
                                              description const& previous = {},
                                              description const& previous_offer = {});

/// An initial offer from the capabilities: audio, video and a data-channel m-section for
/// those present, the channels and split configurations of `local.data_channel`.
[[nodiscard]] result<generated> create_offer(capabilities const& local);

// Re-offers (RFC 3264 section 8): each starts from the current local description (the
// negotiated one), changes one thing, keeps its BUNDLE groups as RFC 9143 section 7.5 asks
// (one address, the transport in the tagged m= section, port-0 sections out of the group),
// and sets the o= version after `last_sent`, the last description this side sent
// (signalling_machine::last_local(), which may be a refused offer newer than `current`):
// one more when the content differs from it. Without `last_sent`, after `current`.
// m-lines are never removed.

/// Puts the media on hold: sendrecv -> sendonly, recvonly -> inactive (RFC 6337 5.3).
[[nodiscard]] result<description> hold(sdp::session_description const& current,
                                       description const& last_sent = {});
/// Takes the media off hold: sendonly -> sendrecv, inactive -> recvonly.
[[nodiscard]] result<description> resume(sdp::session_description const& current,
                                         description const& last_sent = {});
/// Sets the port of an m-line to 0 (the stream is removed; the m-line stays).
[[nodiscard]] result<description> disable_media(sdp::session_description const& current,
                                                std::size_t media_index,
                                                description const& last_sent = {});
/// Adds an audio or video m-line from `local` (an upgrade to video, RFC 3264 8.3): in the
/// first rejected slot (port 0), else at the end; with payload types, extension ids and a
/// mid the description does not use yet, and into its BUNDLE group.
[[nodiscard]] result<description> add_media(sdp::session_description const& current,
                                            capabilities const& local, std::string_view kind,
                                            description const& last_sent = {});
/// The VoLTE UPDATE of RFC 3312 section 8 / TS 24.229 6.1.1: the qos current status of
/// every m-line with preconditions, this side's segment now `reserved` (from the host's
/// resource reservation), the peer's as its latest description `remote` states it; an
/// e2e m-line states `reserved` end to end. a=conf lines are dropped.
[[nodiscard]] result<description> update_preconditions(sdp::session_description const& current,
                                                       sdp::precondition_direction reserved,
                                                       description const& remote,
                                                       description const& last_sent = {});
/// Restarts ICE: the new credentials in every section that has ICE (RFC 8839 4.4.1.1.1).
/// The host supplies them; the library invents none.
[[nodiscard]] result<description> restart_ice(sdp::session_description const& current,
                                              std::string_view ufrag, std::string_view pwd,
                                              description const& last_sent = {});
/// Adds a data channel to a data-channel m-section.
[[nodiscard]] result<description> add_channel(sdp::session_description const& current,
                                              std::size_t media_index, channel_spec const& channel,
                                              description const& last_sent = {});
/// Removes a data channel (its dcmap and every dcsa scoped to it).
[[nodiscard]] result<description> remove_channel(sdp::session_description const& current,
                                                 std::size_t media_index, std::uint16_t stream_id,
                                                 description const& last_sent = {});
/// Adds a split configuration on a control channel.
[[nodiscard]] result<description> add_split_configuration(
    sdp::session_description const& current, std::size_t media_index, std::uint16_t control_stream,
    aiml::split::configuration const& configuration, description const& last_sent = {});
/// Removes a split configuration from a control channel.
[[nodiscard]] result<description> remove_split_configuration(
    sdp::session_description const& current, std::size_t media_index, std::uint16_t control_stream,
    std::uint8_t cfg_id, description const& last_sent = {});

}  // namespace imsdp::negotiation
