// The four translations of the interworking function and their dispatchers (DESIGN.md
// section 12; the rule numbers are those of research/iwf-and-ui-design-detail.md 12.5).
#include <fmt/format.h>

#include <algorithm>
#include <imsdp/datachannel/view.hpp>
#include <imsdp/detail/utf8.hpp>
#include <imsdp/interworking/translate.hpp>
#include <imsdp/negotiation/rules.hpp>
#include <imsdp/sdp/validate.hpp>

#include "interworking/support.hpp"
#include "negotiation/sdes.hpp"
#include "negotiation/transport.hpp"

namespace imsdp::interworking {
namespace {

using detail::iwf_error;
using negotiation::codec;
using negotiation::decision;
using negotiation::detail::media_or_session;

// An input that breaks a cross-line MUST of the SDP core (a group naming a mid no m-line
// has, an fmtp for no format) is refused at its byte: the IWF cannot write a valid answer
// or offer from it.
// `text` is its held form (detail::held).
result<void> valid_input(sdp::session_description const& doc, std::string_view text) {
  // The call state is JSON, which holds UTF-8 only (RFC 8259 8.1); RFC 8866 text is UTF-8
  // unless a=charset says otherwise, which IMS and WebRTC peers do not use.
  if (text.size() > max_sdp_bytes || doc.media_count() > max_media)
    return make_error(errc::limit_exceeded, "iwf",
                      "the IWF takes SDP of at most 256 KiB and 1000 m-lines");
  if (auto const bad = imsdp::detail::first_invalid_utf8(text)) {
    auto const line_start = text.rfind('\n', *bad == 0 ? 0 : *bad - 1);
    auto const first = line_start == std::string_view::npos || *bad == 0 ? 0 : line_start + 1;
    auto e = make_error(errc::invalid_utf8, "text", "the IWF keeps its SDP in a JSON call state");
    e.where = {
        *bad,
        static_cast<std::uint32_t>(
            std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(*bad), '\n') + 1),
        static_cast<std::uint32_t>(*bad - first + 1)};
    e.length = 1;
    return e;
  }
  for (auto const& d : sdp::validate(doc))
    if (d.severity == severity::error) {
      auto e = make_error(d.code, d.subject, d.detail);
      e.where = d.where;
      e.length = d.length;
      return e;
    }
  // The mids the IWF maps its legs by: with a group, each m-line needs a well-formed one
  // (a malformed a=mid is kept raw under lenient and names nothing), and no two m-lines
  // share one (RFC 5888 4).
  bool const grouped = !doc.session().all<sdp::group>().empty();
  for (std::size_t i = 0; i < doc.media_count(); ++i) {
    auto const* mid = doc.media(i).find<sdp::mid>();
    bool repeated = false;
    for (std::size_t k = 0; k < i && mid != nullptr && !repeated; ++k)
      if (auto const* earlier = doc.media(k).find<sdp::mid>())
        repeated = earlier->value == mid->value;
    if ((mid == nullptr && grouped) || repeated) {
      auto const& m = doc.media(i).fields().front();
      auto e = make_error(repeated ? errc::duplicate_attribute : errc::missing_attribute, "mid",
                          "m-line " + std::to_string(i) +
                              (repeated ? ": its mid names an earlier m-line (RFC 5888 4)"
                                        : ": with a=group every m= section needs a "
                                          "well-formed a=mid (RFC 5888 6)"));
      e.where = {m.offset, m.line, 1};
      e.length = static_cast<std::uint32_t>(m.text.size());
      return e;
    }
  }
  return {};
}

bool is_precondition(sdp::attribute const& a) {
  return a.name == "curr" || a.name == "des" || a.name == "conf";
}

// Rule 16: an IMS offer whose preconditions the policy cannot take. Mandatory strength in
// a des line is what RFC 3312 5 makes a requirement.
result<void> check_preconditions(sdp::session_description const& offer, policy const& p) {
  bool any = false;
  bool mandatory = false;
  for (std::size_t i = 0; i < offer.media_count(); ++i)
    for (auto const& d : offer.media(i).all<sdp::des>()) {
      any = true;
      mandatory = mandatory || d.strength == sdp::strength_tag::mandatory;
    }
  if (p.ims.preconditions == preconditions_mode::forbid && any)
    return iwf_error(errc::iwf_preconditions, "12.5.16", std::nullopt,
                     "preconditions are forbidden by the policy (answer 580)");
  if (p.ims.preconditions == preconditions_mode::strip && mandatory)
    return iwf_error(errc::iwf_preconditions, "12.5.16", std::nullopt,
                     "mandatory preconditions cannot be stripped (answer 420)");
  return {};
}

// What a WebRTC m-line must have for the IWF to end its transport (rules 6 and 7, errors
// 801-803): the WebRTC proto of its kind, ICE credentials and a fingerprint.
result<void> check_webrtc_input(sdp::session_description const& doc, std::size_t i) {
  auto const m = doc.media(i);
  auto const expected = datachannel::is_datachannel(m) ? "UDP/DTLS/SCTP" : "UDP/TLS/RTP/SAVPF";
  if (m.proto() != expected)
    return iwf_error(errc::iwf_webrtc_transport, "12.4", i,
                     "proto " + std::string(m.proto()) + " is not " + expected);
  auto const t = negotiation::detail::bundle_transport(doc, i).first;
  if (media_or_session<sdp::ice_ufrag>(doc, t) == nullptr ||
      media_or_session<sdp::ice_pwd>(doc, t) == nullptr)
    return iwf_error(errc::iwf_missing_ice, "12.5.6", i, "no ice-ufrag and ice-pwd");
  if (media_or_session<sdp::fingerprint>(doc, t) == nullptr)
    return iwf_error(errc::iwf_missing_fingerprint, "12.5.7", i, "no DTLS fingerprint");
  return {};
}

// Table 12.3 ims.srtp: the RTP profiles an IMS offer's carried m-line may have. Plain RTP
// always; SDES-SRTP (RFC 4568) only under srtp=sdes, with a crypto line the policy takes,
// so the IWF never offers the browser a stream its IMS answer would have to refuse.
result<void> check_ims_srtp(sdp::media_description const& m, policy const& p,
                            std::vector<decision>& explanation) {
  auto const proto = m.proto();
  if (proto == "RTP/AVP" || proto == "RTP/AVPF") return {};
  if (p.ims.srtp != srtp_mode::sdes || !negotiation::detail::is_sdes_proto(proto))
    return iwf_error(errc::iwf_srtp, "12.3", m.index(),
                     "proto " + std::string(proto) + ": the policy takes RTP/AVP and RTP/AVPF" +
                         (p.ims.srtp == srtp_mode::sdes ? ", and SDES RTP/SAVP(F)" : ""));
  std::string why = "no a=crypto (its keying is not SDES, RFC 4568)";
  for (auto const& c : m.all<sdp::crypto>()) {
    auto const line = "crypto:" + std::to_string(c.tag) + " " + std::string(c.suite);
    auto const problem = negotiation::detail::unacceptable(c, p.ims.sdes);
    if (!problem) {
      explanation.push_back({m.index(), line, true,
                             "the first line the policy takes: the IMS answer keys with it "
                             "(ims.srtp sdes, RFC 4568 5.1.2)"});
      return {};
    }
    explanation.push_back({m.index(), line, false, *problem});
    why = line + ": " + *problem;
  }
  return iwf_error(errc::iwf_srtp, "12.3", m.index(), "no crypto line the policy takes: " + why);
}

// Rule 3 (rtpengine#786): a browser re-offer with new ICE credentials restarts ICE (RFC
// 8839 4.4.1.1.1), and the answer must restart too, with new credentials of the IWF's;
// the media function gives them in the resources (error 808 without). DTLS goes on while
// fingerprint and tls-id stay (rtpengine#1019).
result<void> check_ice_restart(sdp::session_description const& offer, call_state const& state,
                               media_resources const& resources,
                               std::vector<decision>& explanation) {
  auto const before = detail::held_description(state.webrtc.remote);
  auto const mine = detail::held_description(state.webrtc.local);
  if (!before || !mine || offer.media_count() == 0 || before->media_count() == 0 ||
      mine->media_count() == 0)
    return {};
  auto const* now = media_or_session<sdp::ice_ufrag>(
      offer, negotiation::detail::bundle_transport(offer, 0).first);
  auto const* was = media_or_session<sdp::ice_ufrag>(
      *before, negotiation::detail::bundle_transport(*before, 0).first);
  auto const* ours = media_or_session<sdp::ice_ufrag>(
      *mine, negotiation::detail::bundle_transport(*mine, 0).first);
  if (now == nullptr || was == nullptr || now->value == was->value) return {};
  if (ours != nullptr && ours->value == resources.ice_ufrag)
    return iwf_error(errc::iwf_ice_restart, "12.5.3", 0,
                     "the browser restarts ICE: the media function must give new ICE "
                     "credentials (answer 500 until it does)");
  explanation.push_back({0, "ICE", true, "restart: the IWF's new credentials (rule 12.5.3)"});
  return {};
}

// The m-lines of an offer the IWF carries to the other leg: the first active audio m-line
// (the media function bridges one voice stream) and the first data channel with channels
// to relay (rule 18); every other m-line is answered with port 0 on its own leg and
// explained. place() gives the carried ones their index on the other leg, in the order
// the engine writes an offer: audio, then the data channel.
struct layout {
  std::vector<medium> media;  // every m-line of the offer
  std::optional<std::size_t> audio;
  std::optional<std::size_t> video;
  std::optional<std::size_t> datachannel;
  std::vector<detail::offered_format> audio_formats;  // the audio m-line's codecs, resolved once
  detail::offered_format const* audio_transcodable = nullptr;  // first_transcodable() of those
  std::vector<codec> video_codecs;                             // those video passes with
  std::vector<negotiation::channel_spec> channels;             // those the data channel relays

  void place(side from) {
    std::size_t const video_index = audio ? 1u : 0u;
    std::size_t const datachannel_index = video_index + (video ? 1u : 0u);
    for (auto& md : media) {
      auto const own = from == side::webrtc ? md.webrtc_index : md.ims_index;
      auto& other = from == side::webrtc ? md.ims_index : md.webrtc_index;
      if (own == audio) other = 0;
      if (own == video) other = video_index;
      if (own == datachannel) other = datachannel_index;
    }
  }
  [[nodiscard]] std::size_t count() const {
    return (audio ? 1u : 0u) + (video ? 1u : 0u) + (datachannel ? 1u : 0u);
  }
};

// The legs of an offer the IWF forwards: the input offer from `from`, the IWF's offer to
// the other side, and the input's audio codecs as the translation resolved them.
detail::plan_legs forwarded_legs(sdp::session_description const& input,
                                 sdp::session_description const& ours, side from,
                                 layout const& lay) {
  detail::plan_legs l;
  bool const webrtc = from == side::webrtc;
  l.webrtc_offer = webrtc ? &input : &ours;
  l.ims_offer = webrtc ? &ours : &input;
  l.webrtc_offer_ours = !webrtc;
  l.ims_offer_ours = webrtc;
  if (lay.audio) {
    l.input_formats = &lay.audio_formats;
    l.input_index = *lay.audio;
    l.input_transcodable = lay.audio_transcodable;
  }
  return l;
}

layout carried(sdp::session_description const& offer, side from, policy const& p,
               std::vector<decision>& explanation) {
  layout out;
  for (std::size_t i = 0; i < offer.media_count(); ++i) {
    auto const m = offer.media(i);
    medium md{std::string(m.media()), std::nullopt, std::nullopt};
    (from == side::webrtc ? md.webrtc_index : md.ims_index) = i;
    bool const active = m.port() != 0 || negotiation::bundle_only(offer, i);
    auto const refuse = [&](std::string why) {
      explanation.push_back({i, "m-line", false, std::move(why)});
    };
    // RFC 9143 7.3.3: under webrtc.bundle none each m-line needs a transport of its own; a
    // bundle-only one, or one whose ICE is the group's, has none.
    bool const unbundled = from == side::webrtc && p.webrtc.bundle == bundle_mode::none &&
                           (m.port() == 0 || media_or_session<sdp::ice_ufrag>(offer, i) == nullptr);
    if (!active) {
      refuse("rejected in the offer (port 0)");
    } else if (unbundled) {
      refuse("its transport is the BUNDLE group's, which webrtc.bundle none declines");
    } else if (m.media() == "audio" && !out.audio) {
      out.audio = i;
      explanation.push_back({i, "m-line", true, "audio crosses the IWF"});
    } else if (m.media() == "audio") {
      refuse("the media function bridges one audio stream");
    } else if (m.media() == "video" && !out.video) {
      // Rule 17: untranscoded, with a codec both sides have, over an IMS leg with RTCP
      // feedback (an IMS offer's AVPF, or its AVPF capability, RFC 5939).
      auto const tcaps = m.all<sdp::tcap>();
      bool const feedback =
          from == side::webrtc
              ? p.ims.profile != negotiation::rtp_profile::avp
              : m.proto().ends_with("AVPF") ||
                    std::any_of(tcaps.begin(), tcaps.end(), [](sdp::tcap const& t) {
                      auto const protos = t.protocol_list();
                      return std::find(protos.begin(), protos.end(), "RTP/AVPF") != protos.end();
                    });
      // The codecs last: resolving a browser's video formats is the costly part.
      std::vector<codec> codecs;
      if (p.video == video_mode::reject) {
        refuse("video is rejected by the policy (video.mode)");
      } else if (!feedback) {
        refuse(
            "video needs RTCP feedback on the IMS leg (ims.profile avpf or avpf-capneg; rule "
            "12.5.17)");
      } else if (codecs = detail::video_codecs(m, p, true); codecs.empty()) {
        refuse("no video codec of video.codecs to pass through (rule 12.5.17)");
      } else {
        out.video = i;
        out.video_codecs = std::move(codecs);
        explanation.push_back({i, "m-line", true, "video crosses the IWF untranscoded"});
      }
    } else if (m.media() == "video") {
      refuse("the media function bridges one video stream");
    } else if (datachannel::is_datachannel(m) && !out.datachannel) {
      // Browsers never write a=dcmap; the policy names the channels the IMS leg opens.
      auto channels = detail::channels_of(m);
      if (channels.empty() && from == side::webrtc) channels = p.data_channel.channels;
      if (!p.data_channel.relay) {
        refuse("data channels are rejected by the policy (dataChannel.mode)");
      } else if (channels.empty()) {
        refuse(from == side::webrtc
                   ? "no channel to relay: no a=dcmap, and dataChannel.channels is empty (rule "
                     "12.5.18)"
                   : "no a=dcmap: an IMS data channel negotiates its streams (TS 26.114 6.2.10)");
      } else {
        out.datachannel = i;
        out.channels = std::move(channels);
        explanation.push_back(
            {i, "m-line", true, "the data channel is relayed: SCTP ends at the IWF on both legs"});
      }
    } else {
      refuse("media " + std::string(m.media()) + " " + std::string(m.proto()) +
             " does not cross the IWF");
    }
    out.media.push_back(std::move(md));
  }
  return out;
}

// The audio codecs of an offer towards the other leg (rule 9). When none fits and a data
// channel still crosses, the audio m-line alone is refused; else the offer fails.
result<std::optional<std::vector<codec>>> audio_codecs(sdp::session_description const& offer,
                                                       layout& lay,
                                                       std::vector<codec> const& target,
                                                       policy const& p,
                                                       std::vector<decision>& explanation) {
  if (!lay.audio) return std::optional<std::vector<codec>>{};
  lay.audio_formats = detail::codecs_of(offer.media(*lay.audio));
  lay.audio_transcodable = detail::first_transcodable(lay.audio_formats, p);
  auto codecs = detail::offer_codecs(lay.audio_formats, lay.audio_transcodable, *lay.audio, target,
                                     p, 0, explanation);
  if (codecs) return std::optional<std::vector<codec>>(std::move(*codecs));
  if (!lay.datachannel) return codecs.error();
  explanation.push_back({*lay.audio, "m-line", false, codecs.error().detail});
  lay.audio.reset();
  return std::optional<std::vector<codec>>{};
}

// Rule 17: the video an answer passes back: the codec the other leg's answer chose, found
// with its profile and packetization mode in this leg's offer.
result<negotiation::media_capabilities> passed_video(sdp::media_description const& offer,
                                                     sdp::media_description const& other_offer,
                                                     sdp::media_description const& other_answer,
                                                     policy const& p,
                                                     std::vector<decision>& explanation) {
  auto const chosen = detail::selected_codec(other_offer, other_answer);
  if (!chosen) return chosen.error();
  auto const mine = detail::same_codec(offer, *chosen);
  if (!mine)
    return iwf_error(errc::iwf_answer_codec, "12.5.17", other_answer.index(),
                     "the answer chose " + detail::label(*chosen) +
                         ", which the IWF's offer took from no format of this leg");
  explanation.push_back(
      {offer.index(), detail::label(*mine), true, "passed through (rule 12.5.17)"});
  negotiation::media_capabilities video;
  auto c = negotiation::detail::exact_codec(*mine);
  c.feedback = {"nack", "nack pli", "ccm fir"};
  video.codecs = {std::move(c)};
  video.profile = p.ims.profile;
  return video;
}

// The offering leg's m-lines the IWF does not carry, or the other leg rejected: the
// capabilities' refused list of the answer the IWF writes.
std::vector<std::string> refused_of(sdp::session_description const& offer,
                                    std::vector<medium> const& media, side offerer,
                                    sdp::session_description const& other_answer) {
  std::vector<std::string> out;
  for (auto const& md : media) {
    auto const own = offerer == side::webrtc ? md.webrtc_index : md.ims_index;
    auto const other = offerer == side::webrtc ? md.ims_index : md.webrtc_index;
    if (!own) continue;
    if (!other || *other >= other_answer.media_count() || other_answer.media(*other).port() == 0)
      out.push_back(detail::key_of(offer, *own));
  }
  return out;
}

sip_hints hints_for_ims(policy const& p) {
  sip_hints h;
  if (p.ims.preconditions == preconditions_mode::terminate) {
    h.supported = {"100rel", "precondition"};  // RFC 3262, RFC 3312 11
  }
  return h;
}

// The translation: `legs` are the descriptions of `next` the caller has parsed already
// (the plan is derived from them, not parsed again).
result<translation> finish(disposition what, side towards, negotiation::generated generated,
                           call_state next, detail::plan_legs const& legs, policy const& p,
                           std::vector<decision> explanation, sip_hints sip) {
  translation t;
  t.what = what;
  t.towards = towards;
  t.plan = detail::plan_from(legs, next.pending ? next.pending->media : next.media,
                             next.originator.value_or(side::webrtc), next.pending.has_value(), p);
  t.sdp = std::move(generated.sdp);
  t.next = std::move(next);
  t.sip = std::move(sip);
  t.explanation = std::move(explanation);
  for (auto& d : generated.decisions)
    t.explanation.push_back(std::move(d));
  return t;
}

result<void> output_checked(std::vector<error> problems) {
  if (problems.empty()) return {};
  auto e = problems.front();
  e.detail = fmt::format("{} ({})", e.message(), "the translation broke its own check");
  e.code = errc::iwf_output;
  return e;
}

// RTCP on the IMS leg as the policy says (table 12.3 ims.rtcpMux). Under demux an answer
// declines an offered a=rtcp-mux (RFC 5761 5.1.1); under offer the IWF's offers carry one
// on each active RTP m-line and an answer keeps what the engine accepted. Reduced-size
// RTCP is never taken (RFC 5506 5: an answer without a=rtcp-rsize declines it).
result<negotiation::generated> ims_rtcp(result<negotiation::generated> out, policy const& p,
                                        sdp_type type) {
  if (!out) return out;
  auto const& doc = *out->sdp;
  bool const mux = p.ims.rtcp_mux == rtcp_mux_mode::offer;
  bool const add = mux && type == sdp_type::offer;
  bool const strip_mux = !mux && type == sdp_type::answer;
  auto const rtp = [&](std::size_t i) {
    auto const m = doc.media(i);
    return m.port() != 0 && m.proto().find("RTP/") != std::string_view::npos;
  };
  bool change = false;
  for (std::size_t i = 0; i < doc.media_count() && !change; ++i)
    change = (add && rtp(i)) || doc.media(i).find<sdp::rtcp_rsize>() != nullptr ||
             (strip_mux && doc.media(i).find<sdp::rtcp_mux>() != nullptr);
  if (!change) return out;
  auto copy = doc.clone();
  if (!copy) return copy.error();
  for (std::size_t i = 0; i < copy->media_count(); ++i) {
    copy->remove_attributes(sdp::scope::media(i), "rtcp-rsize");
    if (strip_mux) copy->remove_attributes(sdp::scope::media(i), "rtcp-mux");
    if (add && rtp(i)) {
      if (auto r = copy->add_attribute(sdp::scope::media(i), "rtcp-mux", std::nullopt); !r)
        return r.error();
      out->decisions.push_back({i, "a=rtcp-mux", true, "offered (ims.rtcpMux offer, RFC 5761)"});
    }
  }
  out->sdp = std::make_shared<sdp::session_description const>(std::move(*copy));
  return out;
}

// Rule 5: the attributes the policy lets cross, copied from `in` (the leg `from`) to `out`
// at session level and on each carried m-line the output keeps.
result<void> pass_attributes(negotiation::generated& out, sdp::session_description const& in,
                             std::vector<medium> const& media, side from, policy const& p) {
  if (p.pass_attributes.empty()) return {};
  auto const passed = [&](sdp::attribute const& a) {
    return std::find(p.pass_attributes.begin(), p.pass_attributes.end(), a.name) !=
           p.pass_attributes.end();
  };
  auto copy = out.sdp->clone();
  if (!copy) return copy.error();
  bool changed = false;
  auto const copy_section = [&](sdp::section_view const& section, sdp::scope where,
                                std::size_t index) -> result<void> {
    for (auto const& a : section.attributes()) {
      if (!passed(a)) continue;
      if (auto r = copy->add_attribute(
              where, a.name, a.has_value ? std::optional<std::string_view>(a.value) : std::nullopt);
          !r)
        return r;
      changed = true;
      out.decisions.push_back({index, "a=" + std::string(a.name), true,
                               "passed through (passAttributes, rule 12.5.5)"});
    }
    return {};
  };
  if (auto r = copy_section(in.session(), sdp::scope::session(), 0); !r) return r;
  for (auto const& md : media) {
    auto const own = from == side::webrtc ? md.webrtc_index : md.ims_index;
    auto const other = from == side::webrtc ? md.ims_index : md.webrtc_index;
    if (!own || !other || *own >= in.media_count() || *other >= copy->media_count() ||
        copy->media(*other).port() == 0)
      continue;
    if (auto r = copy_section(in.media(*own), sdp::scope::media(*other), *other); !r) return r;
  }
  if (changed) out.sdp = std::make_shared<sdp::session_description const>(std::move(*copy));
  return {};
}

// The offers of the exchange an answer closes, parsed: that of the WebRTC leg and that of
// the IMS leg. iwf_invalid_state when no offer from `offerer` is pending.
struct offers {
  sdp::session_description webrtc;
  sdp::session_description ims;
};

result<offers> pending_offers(call_state const& state, side offerer) {
  if (!state.pending || state.pending->from != offerer)
    return iwf_error(errc::iwf_invalid_state, "12.5.1", std::nullopt,
                     "no offer from the " + std::string(to_string(offerer)) + " side is pending");
  bool const from_webrtc = offerer == side::webrtc;
  auto webrtc = detail::parse_held(from_webrtc ? state.pending->input : state.pending->output);
  auto ims = detail::parse_held(from_webrtc ? state.pending->output : state.pending->input);
  if (!webrtc || !ims)
    return iwf_error(errc::iwf_invalid_state, "12.5.1", std::nullopt,
                     "the call state holds no readable offer");
  return offers{std::move(*webrtc), std::move(*ims)};
}

// Rule 2: an IMS re-offer that differs from the last one only in precondition lines and
// the o= version (the UPDATE of RFC 3312 8 reporting a reservation).
bool preconditions_only(sdp::session_description const& last, sdp::session_description const& now) {
  auto a = last.clone();
  auto b = now.clone();
  if (!a || !b || a->media_count() != b->media_count()) return false;
  for (std::size_t i = 0; i < a->media_count(); ++i) {
    a->remove_attributes_if(sdp::scope::media(i), is_precondition);
    b->remove_attributes_if(sdp::scope::media(i), is_precondition);
  }
  return negotiation::same_content(*a, *b);
}

// Answers an IMS precondition UPDATE at the IWF, from the IMS session it has.
result<translation> answer_update(sdp::session_description const& offer,
                                  std::string_view input_text, policy const& p,
                                  call_state const& state) {
  auto const local = detail::held_description(state.ims.local);
  auto const remote = detail::held_description(state.ims.remote);
  if (!local || !remote)
    return iwf_error(errc::iwf_invalid_state, "12.5.2", std::nullopt,
                     "the call state holds no readable IMS session");
  std::vector<decision> explanation;
  detail::ims_media media;
  for (auto const& md : state.media) {
    if (!md.ims_index || !md.webrtc_index || *md.ims_index >= local->media_count()) continue;
    auto const m = local->media(*md.ims_index);
    if (m.port() == 0) continue;
    if (datachannel::is_datachannel(m)) {
      media.data_channel = detail::relayed_channels({}, detail::max_message_size_of(m));
      continue;
    }
    if (m.media() == "video") {
      media.video = detail::video_codecs(m, p, false);
      media.video_direction = negotiation::direction_of(*local, *md.ims_index);
      continue;
    }
    std::vector<codec> codecs;
    for (auto const& f : detail::codecs_of(m))
      codecs.push_back(negotiation::detail::exact_codec(f));
    media.audio = std::move(codecs);
    media.direction = negotiation::direction_of(*local, *md.ims_index);
  }
  auto caps = detail::ims_capabilities(p, state.resources, std::move(media));
  caps.refused = refused_of(offer, state.media, side::ims, *local);
  explanation.push_back(
      {0, "UPDATE", true, "only precondition status changed: answered by the IWF (rule 12.5.2)"});
  auto answer =
      ims_rtcp(negotiation::create_answer(offer, caps, local, remote), p, sdp_type::answer);
  if (!answer) return answer.error();
  if (auto r = output_checked(check_ims(*answer->sdp, sdp_type::answer, p, &offer)); !r)
    return r.error();
  auto next = state;
  next.ims = {detail::held(*answer->sdp), std::string(input_text), false};
  auto const webrtc_local = detail::held_description(state.webrtc.local);
  auto const webrtc_remote = detail::held_description(state.webrtc.remote);
  bool const ours = state.webrtc.local_offer;
  detail::plan_legs const legs{(ours ? webrtc_local : webrtc_remote).get(),
                               (ours ? webrtc_remote : webrtc_local).get(),
                               &offer,
                               answer->sdp.get(),
                               ours,
                               false};
  return finish(disposition::answer_locally, side::ims, std::move(*answer), std::move(next), legs,
                p, std::move(explanation), {});
}

}  // namespace

result<translation> webrtc_offer_to_ims(sdp::session_description const& offer, policy const& p,
                                        call_state const& state, media_resources const& resources) {
  auto input_text = detail::held(offer);
  if (auto r = valid_input(offer, input_text); !r) return r.error();
  if (state.pending)
    return iwf_error(errc::iwf_invalid_state, "12.5.1", std::nullopt,
                     "an offer is pending already (glare: answer 491)");
  std::vector<decision> explanation;
  auto lay = carried(offer, side::webrtc, p, explanation);
  for (auto const i : {lay.audio, lay.video, lay.datachannel})
    if (i)
      if (auto r = check_webrtc_input(offer, *i); !r) return r.error();
  auto codecs = audio_codecs(offer, lay, p.ims.codecs, p, explanation);
  if (!codecs) return codecs.error();
  if (lay.count() == 0)
    return iwf_error(errc::iwf_no_codec, "12.5.9", std::nullopt,
                     "the offer has no active audio or data-channel m-line for the IMS leg");
  if (auto r = check_ice_restart(offer, state, resources, explanation); !r) return r.error();
  lay.place(side::webrtc);
  if (auto r = detail::check_resources(resources, true, lay.count(), lay.datachannel.has_value(),
                                       detail::extra_webrtc_ports(p, lay.count(), false));
      !r)
    return r.error();
  detail::ims_media media;
  media.audio = std::move(*codecs);
  if (lay.audio) media.direction = negotiation::direction_of(offer, *lay.audio);
  if (lay.video) {
    media.video = std::move(lay.video_codecs);
    media.video_direction = negotiation::direction_of(offer, *lay.video);
  }
  if (lay.datachannel)
    media.data_channel = detail::relayed_channels(
        lay.channels, detail::max_message_size_of(offer.media(*lay.datachannel)));
  auto generated = ims_rtcp(
      negotiation::create_offer(detail::ims_capabilities(p, resources, media)), p, sdp_type::offer);
  if (!generated) return generated.error();
  if (auto r = pass_attributes(*generated, offer, lay.media, side::webrtc, p); !r) return r.error();
  auto kept = detail::keep_origin(generated->sdp, state.ims.local);
  if (!kept) return kept.error();
  generated->sdp = std::move(*kept);
  if (auto r = output_checked(check_ims(*generated->sdp, sdp_type::offer, p)); !r) return r.error();
  auto next = state;
  if (!next.originator) next.originator = side::webrtc;
  next.pending = pending_exchange{side::webrtc, std::move(input_text),
                                  detail::held(*generated->sdp), resources, std::move(lay.media)};
  auto const legs = forwarded_legs(offer, *generated->sdp, side::webrtc, lay);
  return finish(disposition::forward, side::ims, std::move(*generated), std::move(next), legs, p,
                std::move(explanation), hints_for_ims(p));
}

result<translation> ims_answer_to_webrtc(sdp::session_description const& answer, policy const& p,
                                         call_state const& state) {
  auto input_text = detail::held(answer);
  if (auto r = valid_input(answer, input_text); !r) return r.error();
  auto const both = pending_offers(state, side::webrtc);
  if (!both) return both.error();
  auto const& pending = *state.pending;
  auto const* webrtc_offer = &both->webrtc;
  auto const* ims_offer = &both->ims;
  if (auto problems = negotiation::check_answer(*ims_offer, answer); !problems.empty())
    return problems.front();
  std::vector<decision> explanation;
  // The browser's m-lines that get a transport: those the IWF carries, in their order.
  std::vector<std::string> keys;
  for (std::size_t i = 0; i < webrtc_offer->media_count(); ++i)
    if (std::any_of(pending.media.begin(), pending.media.end(),
                    [&](medium const& md) { return md.webrtc_index == i && md.ims_index; }))
      keys.push_back(detail::key_of(*webrtc_offer, i));
  auto caps = detail::webrtc_capabilities(p, pending.resources, keys, false);
  caps.refused = refused_of(*webrtc_offer, pending.media, side::webrtc, answer);
  for (auto const& md : pending.media) {
    if (!md.webrtc_index || !md.ims_index || answer.media(*md.ims_index).port() == 0) continue;
    auto const wi = *md.webrtc_index;
    auto const ii = *md.ims_index;
    if (datachannel::is_datachannel(answer.media(ii))) {
      // Rule 18: the browser may send what the IMS side takes.
      caps.data_channel =
          detail::relayed_channels({}, detail::max_message_size_of(answer.media(ii)));
      continue;
    }
    if (answer.media(ii).media() == "video") {
      auto video = passed_video(webrtc_offer->media(wi), ims_offer->media(ii), answer.media(ii), p,
                                explanation);
      if (!video) return video.error();
      video->direction = negotiation::direction_of(answer, ii);
      caps.video = std::move(*video);
      continue;
    }
    auto const chosen = detail::selected_codec(ims_offer->media(ii), answer.media(ii));
    if (!chosen) return chosen.error();
    auto const mine =
        detail::answer_codec(webrtc_offer->media(wi), *chosen, p.webrtc.codecs, p, wi);
    if (!mine) return mine.error();
    bool const transcode = !negotiation::detail::same_encoding(*mine, *chosen);
    explanation.push_back({wi, detail::label(*mine), true,
                           transcode ? "transcoded to " + detail::label(*chosen) + " (rule 12.5.10)"
                                     : "the IMS answer's codec, passed through (rule 12.5.10)"});
    negotiation::media_capabilities audio;
    audio.codecs = {negotiation::detail::exact_codec(*mine)};
    if (transcode) detail::tune_opus(audio.codecs.front(), chosen->clock_rate);
    audio.telephone_event = p.dtmf != dtmf_mode::drop;
    audio.direction = negotiation::direction_of(answer, ii);
    audio.rtcp_feedback = false;  // ended at the IWF (table 12.4)
    caps.audio = std::move(audio);
  }
  auto generated =
      negotiation::create_answer(*webrtc_offer, caps, detail::held_description(state.webrtc.local),
                                 detail::held_description(state.webrtc.remote));
  if (!generated) return generated.error();
  if (auto r = pass_attributes(*generated, answer, pending.media, side::ims, p); !r)
    return r.error();
  if (auto r = output_checked(check_webrtc(*generated->sdp, sdp_type::answer, webrtc_offer)); !r)
    return r.error();
  auto next = state;
  next.pending.reset();
  next.webrtc = {detail::held(*generated->sdp), pending.input, false};
  next.ims = {pending.output, std::move(input_text), true};
  next.resources = pending.resources;
  next.media = pending.media;
  detail::plan_legs const legs{webrtc_offer, generated->sdp.get(), ims_offer, &answer, false, true};
  return finish(disposition::forward, side::webrtc, std::move(*generated), std::move(next), legs, p,
                std::move(explanation), {});
}

result<translation> ims_offer_to_webrtc(sdp::session_description const& offer, policy const& p,
                                        call_state const& state, media_resources const& resources) {
  auto input_text = detail::held(offer);
  if (auto r = valid_input(offer, input_text); !r) return r.error();
  if (state.pending)
    return iwf_error(errc::iwf_invalid_state, "12.5.1", std::nullopt,
                     "an offer is pending already (glare: answer 491)");
  if (!state.ims.remote.empty())
    if (auto const last = detail::parse_held(state.ims.remote);
        last && preconditions_only(*last, offer) &&
        p.ims.preconditions == preconditions_mode::terminate)
      return answer_update(offer, input_text, p, state);
  if (auto r = check_preconditions(offer, p); !r) return r.error();
  std::vector<decision> explanation;
  auto lay = carried(offer, side::ims, p, explanation);
  for (auto const i : {lay.audio, lay.video})
    if (i)
      if (auto r = check_ims_srtp(offer.media(*i), p, explanation); !r) return r.error();
  auto codecs = audio_codecs(offer, lay, p.webrtc.codecs, p, explanation);
  if (!codecs) return codecs.error();
  if (lay.count() == 0)
    return iwf_error(errc::iwf_no_codec, "12.5.9", std::nullopt,
                     "the offer has no active audio or data-channel m-line for the WebRTC leg");
  lay.place(side::ims);
  // The ports and certificate of the IWF's IMS answer are allocated with the offer.
  if (auto r = detail::check_resources(resources, true, lay.count(), lay.datachannel.has_value(),
                                       detail::extra_webrtc_ports(p, lay.count(), true));
      !r)
    return r.error();
  // The engine's mids: "0", "1", ... in the order it writes audio, video, data channel.
  std::vector<std::string> keys;
  for (std::size_t i = 0; i < lay.count(); ++i)
    keys.push_back(std::to_string(i));
  auto caps = detail::webrtc_capabilities(p, resources, keys, true);
  if (*codecs) {
    // Rule 11: opus facing a transcoded IMS codec is tuned to it.
    auto const& ims_codecs = lay.audio_formats;
    auto const* transcoded = lay.audio_transcodable;
    for (auto& c : **codecs) {
      auto const passed = [&](auto const& f) { return detail::accepts(c, f); };
      if (transcoded != nullptr && std::none_of(ims_codecs.begin(), ims_codecs.end(), passed))
        detail::tune_opus(c, transcoded->clock_rate);
    }
    negotiation::media_capabilities audio;
    audio.codecs = std::move(**codecs);
    audio.telephone_event = p.dtmf != dtmf_mode::drop;
    audio.direction = negotiation::direction_of(offer, *lay.audio);
    audio.rtcp_feedback = false;
    caps.audio = std::move(audio);
  }
  if (lay.video) {
    negotiation::media_capabilities video;
    video.codecs = std::move(lay.video_codecs);
    video.direction = negotiation::direction_of(offer, *lay.video);
    caps.video = std::move(video);
  }
  // Rule 18: the IMS channels, offered to the browser (which ignores a=dcmap: the plan
  // lists them for createDataChannel({negotiated: true})).
  if (lay.datachannel)
    caps.data_channel = detail::relayed_channels(
        lay.channels, detail::max_message_size_of(offer.media(*lay.datachannel)));
  auto generated = negotiation::create_offer(caps);
  if (!generated) return generated.error();
  if (auto r = pass_attributes(*generated, offer, lay.media, side::ims, p); !r) return r.error();
  auto kept = detail::keep_origin(generated->sdp, state.webrtc.local);
  if (!kept) return kept.error();
  generated->sdp = std::move(*kept);
  if (auto r = output_checked(check_webrtc(*generated->sdp, sdp_type::offer)); !r) return r.error();
  // Rule 15 (RFC 3312 8): the browser must not ring while the IMS offerer's own segment
  // is unmet; the caller holds alerting until an UPDATE reports it met.
  sip_hints sip;
  for (std::size_t i = 0; i < offer.media_count(); ++i)
    for (auto const& c : offer.media(i).all<sdp::curr>())
      if (c.status == sdp::status_type::local &&
          c.direction != sdp::precondition_direction::sendrecv)
        sip.alerting_allowed = false;
  auto next = state;
  if (!next.originator) next.originator = side::ims;
  next.pending = pending_exchange{side::ims, std::move(input_text), detail::held(*generated->sdp),
                                  resources, std::move(lay.media)};
  auto const legs = forwarded_legs(offer, *generated->sdp, side::ims, lay);
  return finish(disposition::forward, side::webrtc, std::move(*generated), std::move(next), legs, p,
                std::move(explanation), std::move(sip));
}

result<translation> webrtc_answer_to_ims(sdp::session_description const& answer, policy const& p,
                                         call_state const& state) {
  auto input_text = detail::held(answer);
  if (auto r = valid_input(answer, input_text); !r) return r.error();
  auto const both = pending_offers(state, side::ims);
  if (!both) return both.error();
  auto const& pending = *state.pending;
  auto const* webrtc_offer = &both->webrtc;
  auto const* ims_offer = &both->ims;
  if (auto problems = check_webrtc(answer, sdp_type::answer, webrtc_offer); !problems.empty())
    return problems.front();
  std::vector<decision> explanation;
  detail::ims_media media;
  std::size_t ports = 0;
  for (auto const& md : pending.media) {
    if (!md.webrtc_index || !md.ims_index || answer.media(*md.webrtc_index).port() == 0) continue;
    auto const wi = *md.webrtc_index;
    auto const ii = *md.ims_index;
    ++ports;
    if (datachannel::is_datachannel(answer.media(wi))) {
      // Rule 18: every channel the IWF offered the browser is relayed.
      media.data_channel =
          detail::relayed_channels({}, detail::max_message_size_of(answer.media(wi)));
      continue;
    }
    if (answer.media(wi).media() == "video") {
      auto video = passed_video(ims_offer->media(ii), webrtc_offer->media(wi), answer.media(wi), p,
                                explanation);
      if (!video) return video.error();
      media.video = std::move(video->codecs);
      media.video_direction = negotiation::direction_of(answer, wi);
      continue;
    }
    auto const chosen = detail::selected_codec(webrtc_offer->media(wi), answer.media(wi));
    if (!chosen) return chosen.error();
    auto const mine = detail::answer_codec(ims_offer->media(ii), *chosen, p.ims.codecs, p, ii);
    if (!mine) return mine.error();
    bool const transcode = !negotiation::detail::same_encoding(*mine, *chosen);
    explanation.push_back({ii, detail::label(*mine), true,
                           transcode ? "transcoded to " + detail::label(*chosen) + " (rule 12.5.10)"
                                     : "the browser's codec, passed through (rule 12.5.10)"});
    media.audio = std::vector<codec>{negotiation::detail::exact_codec(*mine)};
    media.direction = negotiation::direction_of(answer, wi);
  }
  if (auto r =
          detail::check_resources(pending.resources, true, ports, media.data_channel.has_value());
      !r)
    return r.error();
  auto caps = detail::ims_capabilities(p, pending.resources, std::move(media));
  caps.refused = refused_of(*ims_offer, pending.media, side::ims, answer);
  if (p.ims.preconditions != preconditions_mode::terminate) caps.preconditions.reset();
  auto generated = ims_rtcp(
      negotiation::create_answer(*ims_offer, caps, detail::held_description(state.ims.local),
                                 detail::held_description(state.ims.remote)),
      p, sdp_type::answer);
  if (!generated) return generated.error();
  if (auto r = pass_attributes(*generated, answer, pending.media, side::webrtc, p); !r)
    return r.error();
  if (auto r = output_checked(check_ims(*generated->sdp, sdp_type::answer, p, ims_offer)); !r)
    return r.error();
  auto next = state;
  next.pending.reset();
  next.ims = {detail::held(*generated->sdp), pending.input, false};
  next.webrtc = {pending.output, std::move(input_text), true};
  next.resources = pending.resources;
  next.media = pending.media;
  detail::plan_legs const legs{webrtc_offer, &answer, ims_offer, generated->sdp.get(), true, false};
  return finish(disposition::forward, side::ims, std::move(*generated), std::move(next), legs, p,
                std::move(explanation), hints_for_ims(p));
}

result<translation> to_ims(sdp::session_description const& webrtc_sdp, policy const& p,
                           call_state const& state, media_resources const& resources) {
  if (state.pending && state.pending->from == side::ims)
    return webrtc_answer_to_ims(webrtc_sdp, p, state);
  return webrtc_offer_to_ims(webrtc_sdp, p, state, resources);
}

result<translation> to_webrtc(sdp::session_description const& ims_sdp, policy const& p,
                              call_state const& state, media_resources const& resources) {
  if (state.pending && state.pending->from == side::webrtc)
    return ims_answer_to_webrtc(ims_sdp, p, state);
  return ims_offer_to_webrtc(ims_sdp, p, state, resources);
}

resource_request required_resources(sdp::session_description const& offer, side from,
                                    policy const& p, call_state const& state) {
  std::vector<decision> ignored;
  auto const lay = carried(offer, from, p, ignored);
  resource_request r;
  if (lay.count() == 0) return r;
  r.session_id = true;
  if (from == side::webrtc) {
    r.ims_ports = lay.count();
    r.ims_fingerprint = lay.datachannel.has_value();
    r.webrtc_transport = state.webrtc.local.empty();  // the answer's transport
    if (r.webrtc_transport) r.webrtc_ports = detail::extra_webrtc_ports(p, lay.count(), false);
  } else {
    r.webrtc_transport = true;
    r.webrtc_ports = detail::extra_webrtc_ports(p, lay.count(), true);
    r.ims_ports = lay.count();  // for the IMS answer
    r.ims_fingerprint = lay.datachannel.has_value();
  }
  return r;
}

}  // namespace imsdp::interworking
