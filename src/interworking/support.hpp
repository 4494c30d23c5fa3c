// What the interworking translations share: the descriptions of the call state, codec
// lists (rules 9 to 11 of the design), the resources check and the capabilities each leg's
// SDP is written from.
#pragma once

#include <imsdp/interworking/translate.hpp>
#include <imsdp/negotiation/capabilities.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "negotiation/codecs.hpp"

namespace imsdp::interworking::detail {

using negotiation::detail::offered_format;

/// An error of a translation: the code, the design rule ("12.5.9") and the m-line.
[[nodiscard]] error iwf_error(errc code, std::string_view rule, std::optional<std::size_t> media,
                              std::string const& what);

/// A description the call state holds (it parsed once already: lenient is enough).
[[nodiscard]] result<sdp::session_description> parse_held(std::string const& text);
/// A held description as the engine takes it; null when there is none.
[[nodiscard]] negotiation::description held_description(std::string const& text);
/// The text kept in the call state: exactly the bytes received or sent.
[[nodiscard]] std::string held(sdp::session_description const& doc);

/// The codecs (not the helpers) of an m-line, in its order.
[[nodiscard]] std::vector<offered_format> codecs_of(sdp::media_description const& m);
/// The first telephone-event format of an m-line at `clock_rate` (0: any).
[[nodiscard]] std::optional<offered_format> telephone_event_of(sdp::media_description const& m,
                                                               std::uint32_t clock_rate = 0);
/// Whether `c` takes `f` (name, clock rate, channels and the parameter rules).
[[nodiscard]] bool accepts(negotiation::codec const& c, offered_format const& f);
/// Whether some codec of `list` takes `f`.
[[nodiscard]] bool listed(std::vector<negotiation::codec> const& list, offered_format const& f);
/// The first of `formats` the media function transcodes, which each transcoded codec of
/// the other leg is paired with (rule 11, the media plan); null when none is.
[[nodiscard]] offered_format const* first_transcodable(std::vector<offered_format> const& formats,
                                                       policy const& p);
/// Whether the media function can decode and encode the policy codec `c`.
[[nodiscard]] bool transcodable(policy const& p, negotiation::codec const& c);
/// "opus/48000/2".
[[nodiscard]] std::string label(offered_format const& f);
[[nodiscard]] std::string label(negotiation::codec const& c);

/// Rule 9: the codecs an offer towards the target leg lists, from `target` (the policy's
/// list for that leg, its preference order): those of `offered` (the codecs_of() the
/// source m-line) passed through and, as the mode allows, those the media function
/// transcodes to a source codec. `source_codec` is first_transcodable(offered, p). Empty:
/// iwf_no_codec, with both lists in the detail.
[[nodiscard]] result<std::vector<negotiation::codec>> offer_codecs(
    std::vector<offered_format> const& offered, offered_format const* source_codec,
    std::size_t source_index, std::vector<negotiation::codec> const& target, policy const& p,
    std::size_t target_index, std::vector<negotiation::decision>& explanation);

/// The first format of `offer` that is `selected` with the same deciding parameters (AMR
/// framing, H.264 profile and packetization mode): the codec passed through.
[[nodiscard]] std::optional<offered_format> same_codec(sdp::media_description const& offer,
                                                       offered_format const& selected);

/// Rule 10: the codec the IWF answers on a leg whose offer is `offer`, given `selected`,
/// the codec the other leg's answer chose: the same codec where the offer has it, else the
/// first offered codec of `allowed` the media function transcodes to it.
[[nodiscard]] result<offered_format> answer_codec(sdp::media_description const& offer,
                                                  offered_format const& selected,
                                                  std::vector<negotiation::codec> const& allowed,
                                                  policy const& p, std::size_t index);

/// The codec of an answer m-line that its offer offered (RFC 3264 6.1: an answer may add
/// formats the offerer must not send); iwf_answer_codec when none was offered.
[[nodiscard]] result<offered_format> selected_codec(sdp::media_description const& offer,
                                                    sdp::media_description const& answer);

/// Rule 13: b=AS in kbit/s for the highest-rate codec, with IP (20 or 40 bytes), UDP and
/// RTP headers at one packet per ptime.
[[nodiscard]] std::uint64_t bandwidth_as(std::vector<negotiation::codec> const& codecs,
                                         unsigned ptime, bool ipv6);

/// The resources an offer needs on each leg; iwf_resources with the member at fault.
[[nodiscard]] result<void> check_resources(media_resources const& r, bool webrtc,
                                           std::size_t ims_ports, bool ims_fingerprint,
                                           std::size_t webrtc_ports = 0);

/// The WebRTC ports past the first that `carried` m-lines need (webrtc.bundle): one per
/// further m-line in the IWF's offers under group (RFC 9143 7.2.1) and in every exchange
/// under none; none under group-shared-port or in a bundled answer.
[[nodiscard]] std::size_t extra_webrtc_ports(policy const& p, std::size_t carried, bool offer);

/// The capabilities the IWF's WebRTC leg is written from: ICE-lite or full, DTLS, and the
/// transports of the resources. `keys` names the WebRTC m-lines that get one, in order (the
/// engine's mids "0", "1", ... in an offer; the browser's mids in an answer): with one
/// transport per m-line (extra_webrtc_ports) the first takes webrtc_port and each next one
/// a port of webrtc_ports, else every m-line shares the first.
[[nodiscard]] negotiation::capabilities webrtc_capabilities(policy const& p,
                                                            media_resources const& r,
                                                            std::vector<std::string> const& keys,
                                                            bool offer);
/// What the IMS leg carries: audio with these codecs (none: no audio), a data channel.
struct ims_media {
  std::optional<std::vector<negotiation::codec>> audio;
  sdp::media_direction direction = sdp::media_direction::sendrecv;
  std::optional<std::vector<negotiation::codec>> video;
  sdp::media_direction video_direction = sdp::media_direction::sendrecv;
  std::optional<negotiation::datachannel_capabilities> data_channel;
};
/// The capabilities of the IMS leg: address, preconditions, the audio of the policy (port,
/// profile, ptime, bandwidth) and the data channel, on the resources' ports in m-line order.
[[nodiscard]] negotiation::capabilities ims_capabilities(policy const& p, media_resources const& r,
                                                         ims_media media);
/// Rule 17: the video formats of `m` the policy lets pass, as codecs that offer them
/// with their own parameters and the RTCP feedback an AVPF leg carries (RFC 4585, RFC 5104:
/// nack, nack pli, ccm fir), or, with `offering` false, that answer exactly them.
[[nodiscard]] std::vector<negotiation::codec> video_codecs(sdp::media_description const& m,
                                                           policy const& p, bool offering);

/// A relayed data channel (rule 18): these channels, any stream id and subprotocol (the
/// other leg decides), the peer's max-message-size.
[[nodiscard]] negotiation::datachannel_capabilities relayed_channels(
    std::vector<negotiation::channel_spec> channels, std::uint64_t max_message_size);
/// The a=dcmap channels of a data-channel m-line.
[[nodiscard]] std::vector<negotiation::channel_spec> channels_of(sdp::media_description const& m);
/// Its a=max-message-size (RFC 8841 6: 64 KiB when absent).
[[nodiscard]] std::uint64_t max_message_size_of(sdp::media_description const& m);
/// Opus towards a transcoded leg (rule 11): in-band FEC and the playback rate of the codec
/// on the other side, 16 kHz for wideband, else 8 kHz (a missing opus fmtp broke decoders,
/// rtpengine#616).
void tune_opus(negotiation::codec& c, std::uint32_t other_clock_rate);

/// The key of an m-line in capabilities' refused and transports: its mid, else its index.
[[nodiscard]] std::string key_of(sdp::session_description const& doc, std::size_t i);

/// The o= of a re-offer on a leg that has a session: the identity it had, its version
/// one more when the content changed (RFC 3264 8).
[[nodiscard]] result<negotiation::description> keep_origin(negotiation::description offer,
                                                           std::string const& last_sent);

/// The four descriptions a plan is derived from: each leg's offer and answer (no answer
/// while an offer pends), and which of them the IWF wrote.
struct plan_legs {
  sdp::session_description const* webrtc_offer = nullptr;
  sdp::session_description const* webrtc_answer = nullptr;
  sdp::session_description const* ims_offer = nullptr;
  sdp::session_description const* ims_answer = nullptr;
  bool webrtc_offer_ours = false;
  bool ims_offer_ours = false;
  /// The codecs_of() the translation resolved already for m-line `input_index` of the
  /// offer it took in (the offer that is not ours), or null.
  std::vector<offered_format> const* input_formats = nullptr;
  std::size_t input_index = 0;
  /// first_transcodable(*input_formats), found by the translation too.
  offered_format const* input_transcodable = nullptr;
};

/// plan_of() from descriptions the caller has parsed already.
[[nodiscard]] media_plan plan_from(plan_legs const& legs, std::vector<medium> const& media,
                                   side originator, bool pending, policy const& p);

}  // namespace imsdp::interworking::detail
