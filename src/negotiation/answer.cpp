// Answer generation from local capabilities (RFC 3264 section 6) and initial offers.
#include <algorithm>
#include <array>
#include <bitset>
#include <imsdp/aiml/split/configuration.hpp>
#include <imsdp/datachannel/view.hpp>
#include <imsdp/negotiation/answer.hpp>
#include <imsdp/sdp/builder.hpp>
#include <imsdp/sdp/serialize.hpp>
#include <imsdp/user_interaction/channel.hpp>
#include <map>

#include "detail/ascii.hpp"
#include "detail/hash.hpp"
#include "negotiation/capneg.hpp"
#include "negotiation/codecs.hpp"
#include "negotiation/sdes.hpp"
#include "negotiation/transport.hpp"

namespace imsdp::negotiation {
namespace {

using detail::host_transport;
using detail::media_or_session;
using imsdp::detail::iequals;

/// An attribute of the answer. Its name is a literal or a registered attribute's name:
/// static, never copied. Its value is a range of its plan's `values`; none for a flag.
struct planned_attribute {
  std::string_view name;
  std::size_t offset = 0;
  std::size_t size = 0;
  bool has_value = false;
};

/// One m-line of the answer. Views are into the offer, the capabilities or literals, all
/// of which outlive the plan.
struct media_plan {
  std::string_view media;
  std::uint16_t port = 0;
  std::string_view proto;
  std::string formats;
  std::optional<std::uint64_t> bandwidth_kbps;  // b=AS
  std::optional<std::uint64_t> rtcp_rs;         // b=RS, b=RR (RFC 3556)
  std::optional<std::uint64_t> rtcp_rr;
  std::vector<planned_attribute> attributes;
  std::string values;  // the attribute values one after another: one allocation for all
  std::string_view mid;
  std::string_view address;  // a media-level c=, empty: the session's

  /// A typed attribute, rendered by its own canonical serializer.
  template <sdp::typed_attribute T>
  void add(T const& v) {
    if constexpr (sdp::is_flag_attribute<T>) {
      attributes.push_back({sdp::attribute_name(v)});
    } else {
      auto const offset = values.size();
      sdp::append_value(values, v);
      attributes.push_back({sdp::attribute_name(v), offset, values.size() - offset, true});
    }
  }
  /// An attribute given as text.
  void add(std::string_view name, std::string_view value) {
    attributes.push_back({name, values.size(), value.size(), true});
    values += value;
  }
  [[nodiscard]] std::optional<std::string_view> value(planned_attribute const& a) const {
    if (!a.has_value) return std::nullopt;
    return std::string_view(values).substr(a.offset, a.size);
  }
};

std::string_view address_type(std::string_view address) {
  return address.find(':') == std::string_view::npos ? "IP4" : "IP6";
}

bool is_rtp(std::string_view proto) {
  return proto.find("RTP/") != std::string_view::npos;
}

// RFC 8842 section 5.3: the answerer takes active when offered actpass or passive, and
// passive when offered active; without a=setup the offerer is active (RFC 4145 section 4).
// An actpass offer leaves the choice to the answerer: the capabilities' dtls_role.
sdp::setup_role answer_role(sdp::setup const* offered, sdp::setup_role preferred) {
  if (offered == nullptr || offered->role == sdp::setup_role::active)
    return sdp::setup_role::passive;
  if (offered->role == sdp::setup_role::actpass && preferred == sdp::setup_role::passive)
    return sdp::setup_role::passive;
  return sdp::setup_role::active;
}

// RFC 8852: the header extension that carries a rid.
constexpr std::string_view rtp_stream_id_uri = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";

class answerer {
 public:
  answerer(sdp::session_description const& offer, capabilities const& local,
           description const& previous, description const& previous_offer)
      : offer_(offer), local_(local), previous_(previous), previous_offer_(previous_offer) {}

  result<generated> run();

 private:
  void decide(std::size_t i, std::string subject, bool accepted, std::string reason) {
    decisions_.push_back({i, std::move(subject), accepted, std::move(reason)});
  }
  media_plan rejected(std::size_t i, std::string reason);
  std::optional<std::string> transport(std::size_t i, media_plan& plan);
  std::optional<std::string> sdes(std::size_t i, media_plan& plan);
  media_plan rtp_media(std::size_t i, media_capabilities const& caps, std::uint16_t port);
  void simulcast_answer(std::size_t i, media_capabilities const& caps, bool rid_extension,
                        media_plan& plan);
  void preconditions(std::size_t i, media_plan& plan);
  media_plan datachannel_media(std::size_t i, datachannel_capabilities const& caps,
                               std::uint16_t port);
  void split_configurations(std::size_t i, datachannel::association const& offered,
                            std::vector<std::uint16_t> const& accepted, media_plan& plan);

  // The value the previous answer gave m-line i: its own, the session's, or (one BUNDLE
  // transport) that of the first m-line that has one.
  template <class T>
  T const* kept(std::size_t i) const {
    if (!previous_) return nullptr;
    if (i < previous_->media_count())
      if (auto const* v = previous_->media(i).find<T>()) return v;
    if (auto const* v = previous_->session().find<T>()) return v;
    for (std::size_t k = 0; k < previous_->media_count(); ++k)
      if (auto const* v = previous_->media(k).find<T>()) return v;
    return nullptr;
  }
  // RFC 8839 section 4.4.1.1.1: the offer restarts ICE on m-line i when its ufrag differs
  // from the one of the previous offer (unknown: no restart).
  bool ice_restart(std::size_t i) const {
    if (!previous_offer_ || i >= previous_offer_->media_count()) return false;
    auto const* before = media_or_session<sdp::ice_ufrag>(*previous_offer_, i);
    auto const* now = media_or_session<sdp::ice_ufrag>(offer_, i);
    return before != nullptr && now != nullptr && before->value != now->value;
  }

  sdp::session_description const& offer_;
  capabilities const& local_;
  description const& previous_;
  description const& previous_offer_;
  std::vector<decision> decisions_;
  std::optional<sdp::fingerprint> fingerprint_;  // of the DTLS m-lines, at session level
  std::optional<error> refusal_;                 // the offer must be refused (not answered)
  bool ice_ = false;                             // an accepted m-line uses ICE
  std::map<media_capabilities const*, std::size_t> next_track_;  // the next track per kind
};

media_plan answerer::rejected(std::size_t i, std::string reason) {
  auto const m = offer_.media(i);
  media_plan plan;
  plan.media = m.media();
  plan.proto = m.proto();
  auto const formats = m.formats();
  plan.formats = formats.empty() ? std::string() : std::string(*formats.begin());
  if (auto const* mid = m.find<sdp::mid>()) plan.add(*mid);
  decide(i, "m-line", false, std::move(reason));
  return plan;
}

// ICE and DTLS attributes of an accepted m-line; the reason when they cannot be given.
std::optional<std::string> answerer::transport(std::size_t i, media_plan& plan) {
  auto const m = offer_.media(i);
  if (auto const* mid = m.find<sdp::mid>()) {
    plan.mid = mid->value;
    plan.add(*mid);
  }
  // DTLS by the proto alone: a fingerprint beside RTP/AVP (RFC 5939 capability
  // negotiation offering UDP/TLS/RTP/SAVP as an alternative) is answered as plain RTP.
  bool const dtls = detail::is_dtls_proto(m.proto());
  // The host's transport for this m-line (by mid, else "*"): port, address, candidates.
  auto const key = plan.mid.empty() ? std::to_string(i) : std::string(plan.mid);
  local_transport const* host = host_transport(local_, key);
  if (host != nullptr && host->port) plan.port = *host->port;
  if (host != nullptr) plan.address = host->address;
  bool ice = false;
  // A bundled m-line may carry no ICE lines of its own: the offer's group transport has
  // them (RFC 9143 7.1.3), and they stay the answer's when its tagged m-line moves because
  // the offer's was rejected.
  if (media_or_session<sdp::ice_ufrag>(offer_, i) != nullptr ||
      (local_.bundle && media_or_session<sdp::ice_ufrag>(
                            offer_, detail::bundle_transport(offer_, i).first) != nullptr)) {
    // RFC 9429 5.3.2: a subsequent answer keeps its ICE credentials unless the offer
    // restarts ICE.
    auto const* ufrag = kept<sdp::ice_ufrag>(i);
    auto const* pwd = kept<sdp::ice_pwd>(i);
    if (ufrag != nullptr && pwd != nullptr && !ice_restart(i)) {
      plan.add(*ufrag);
      plan.add(*pwd);
      ice = true;
    } else if (!local_.ice_ufrag.empty() && !local_.ice_pwd.empty()) {
      plan.add(sdp::ice_ufrag{local_.ice_ufrag});
      plan.add(sdp::ice_pwd{local_.ice_pwd});
      ice = true;
    } else if (dtls) {
      return "the offer uses ICE and the capabilities have no ICE credentials";
    } else {
      // RFC 8445 section 5.1.1.3 / RFC 5245 section 5.1: an answerer without ICE ignores
      // the offer's ICE attributes and answers from its own address.
      decide(i, "ICE", false, "no ICE credentials: answered without ICE (RFC 8445 fallback)");
    }
  }
  if (ice) {
    ice_ = true;
    if (host == nullptr || host->candidates.empty()) {
      // RFC 9429 5.3.1: no candidate yet: the discard port and the null address; the
      // candidates follow by trickle (RFC 8838).
      plan.port = 9;
      plan.address = "0.0.0.0";
    } else {
      for (auto const& c : host->candidates)
        plan.add("candidate", c);
      if (host->end_of_candidates) plan.add(sdp::end_of_candidates{});
    }
  }
  if (dtls) {
    // One certificate: its fingerprint goes at session level (see run()). A subsequent
    // answer keeps the certificate and the role of the association (RFC 8842 5.5).
    auto const space = local_.fingerprint.find(' ');
    if (auto const* fp = kept<sdp::fingerprint>(i)) {
      fingerprint_ = *fp;
    } else if (space != std::string::npos) {
      std::string_view const text(local_.fingerprint);
      fingerprint_ = sdp::fingerprint{text.substr(0, space), text.substr(space + 1)};
    } else {
      return "the offer uses DTLS and the capabilities have no fingerprint";
    }
    auto role = answer_role(media_or_session<sdp::setup>(offer_, i), local_.dtls_role);
    if (auto const* before = kept<sdp::setup>(i)) {
      auto const offered = media_or_session<sdp::setup>(offer_, i);
      bool const free = offered == nullptr ? before->role == sdp::setup_role::passive
                                           : offered->role == sdp::setup_role::actpass;
      if (free &&
          (before->role == sdp::setup_role::active || before->role == sdp::setup_role::passive))
        role = before->role;
    }
    plan.add(sdp::setup{role});
    // RFC 8842 section 4: a tls-id has at least 120 random bits and lives as long as the
    // association. It comes from the host; a re-answer keeps the one it sent. Without one
    // the answer has none, as an endpoint without RFC 8842 answers (section 5.2).
    if (m.find<sdp::tls_id>() != nullptr) {
      std::string_view id = local_.tls_id;
      if (id.empty() && previous_ && i < previous_->media_count())
        if (auto const* kept = previous_->media(i).find<sdp::tls_id>()) id = kept->value;
      if (!id.empty()) plan.add(sdp::tls_id{id});
    }
  } else if (detail::is_sdes_proto(m.proto())) {
    return sdes(i, plan);
  }
  return std::nullopt;
}

// RFC 4568 5.1.2: the answer takes exactly one of the offered crypto lines (the first
// this side supports: the offer lists them in its order of preference), with its tag and
// suite and this side's own key; none: the stream is rejected. A re-answer keeps its key
// while the offer keeps the line (5.1.4).
std::optional<std::string> answerer::sdes(std::size_t i, media_plan& plan) {
  auto const m = offer_.media(i);
  auto const offered = m.all<sdp::crypto>();
  if (offered.begin() == offered.end())
    return "SRTP without a=crypto: its keying (MIKEY, RFC 4567) is not supported";
  if (!local_.sdes) return "SDES-SRTP (RFC 4568) and the capabilities have no sdes";
  for (auto const& c : offered) {
    auto const subject = "crypto:" + std::to_string(c.tag) + " " + std::string(c.suite);
    if (auto why = detail::unacceptable(c, *local_.sdes)) {
      decide(i, subject, false, std::move(*why));
      continue;
    }
    // RFC 4568 5.1.1: a tag names one line of the m-line; repeated (lenient input), the
    // answer's tag could name either.
    if (std::count_if(offered.begin(), offered.end(),
                      [&](sdp::crypto const& o) { return o.tag == c.tag; }) > 1) {
      decide(i, subject, false, "tag repeated in the offer");
      continue;
    }
    std::optional<std::string> key;
    if (previous_ && i < previous_->media_count())
      for (auto const& before : previous_->media(i).all<sdp::crypto>())
        if (before.tag == c.tag && before.suite == c.suite) key = std::string(before.key_params);
    bool const kept = key.has_value();
    if (!key) key = detail::new_key_params(*sdp::find_srtp_suite(c.suite), *local_.sdes);
    if (!key) return "the key source gave no SRTP key";
    auto const session = detail::answered_session_params(c);
    plan.add(sdp::crypto{c.tag, c.suite, *key, session});
    decide(i, subject, true, kept ? "taken, the previous key kept" : "taken, with a new key");
    return std::nullopt;
  }
  return "no offered crypto line is acceptable";
}

media_plan answerer::rtp_media(std::size_t i, media_capabilities const& caps, std::uint16_t port) {
  auto const m = offer_.media(i);
  media_plan plan;
  plan.media = m.media();
  plan.proto = m.proto();
  plan.port = port;
  if (auto why = transport(i, plan)) return rejected(i, std::move(*why));
  // RFC 5939 3.6.2, TS 26.114 6.2.1a: with RTCP feedback this side takes a potential
  // configuration that offers the feedback profile of the actual one (AVP to AVPF, SAVP to
  // SAVPF), answers with it and names it in a=acfg.
  if (caps.rtcp_feedback && (m.proto() == "RTP/AVP" || m.proto() == "RTP/SAVP")) {
    std::string_view const want = m.proto() == "RTP/AVP" ? "RTP/AVPF" : "RTP/SAVPF";
    if (auto const c = detail::choose_configuration(offer_, i, want)) {
      plan.proto = want;
      plan.add(sdp::acfg{c->config, "t=" + std::to_string(c->transport)});
      decide(i, "pcfg " + std::to_string(c->config), true,
             std::string(want) + " (RFC 5939 acfg, RTCP feedback)");
    } else if (m.find<sdp::pcfg>() != nullptr) {
      decide(i, "pcfg", false,
             "no potential configuration offers " + std::string(want) +
                 " with only capabilities this side implements: the actual one is answered");
    }
  }

  struct chosen {
    detail::offered_format format;
    std::optional<std::string> fmtp;
    codec const* local = nullptr;  // the codec it matched (not for helpers): its feedback
  };
  // Sized once for every format of the m= line (at most limits::max_formats).
  auto const offered = m.formats().size();
  std::vector<chosen> accepted;
  accepted.reserve(offered);
  std::vector<detail::offered_format> helpers;
  helpers.reserve(offered);
  // A format listed twice on the m= line (lenient input) is one format: answered once.
  std::vector<std::string_view> formats;
  formats.reserve(offered);
  for (auto const pt : m.formats()) {
    if (std::find(formats.begin(), formats.end(), pt) == formats.end()) {
      formats.push_back(pt);
    } else {
      decide(i, "pt " + std::string(pt), false, "listed twice on the m= line: answered once");
    }
  }
  detail::format_resolver const resolver(m);
  // The answer's lines: per format an rtpmap, an fmtp and some feedback, and a few more.
  plan.attributes.reserve(plan.attributes.size() + 3 * formats.size() + 8);
  plan.values.reserve(plan.values.size() + 48 * formats.size() + 160);  // what these take
  std::bitset<128> numbers;  // "0" and "000" are one payload type too (negotiation fuzzer)
  for (auto const pt : formats) {
    auto const f = resolver.resolve(pt);
    if (!f) {
      decide(i, "pt " + std::string(pt), false, "no rtpmap and not a static payload type");
      continue;
    }
    if (f->number >= numbers.size() || numbers.test(f->number)) {
      decide(i, "pt " + std::string(pt), false, "listed twice on the m= line: answered once");
      continue;
    }
    numbers.set(f->number);
    if (detail::is_helper(f->encoding_name)) {
      helpers.push_back(*f);
      continue;
    }
    std::string why;  // the last refusal other than "other codec"
    bool done = false;
    for (auto const& c : caps.codecs) {
      if (detail::is_helper(c.name)) continue;
      auto r = detail::match(*f, c);
      if (r.accepted) {
        decide(i, f->label(), true, std::move(r.reason));
        accepted.push_back({*f, std::move(r.fmtp), &c});
        done = true;
        break;
      }
      if (r.reason != "other codec") why = std::move(r.reason);
    }
    if (!done)
      decide(i, f->label(), false, why.empty() ? "not in the capabilities" : std::move(why));
  }
  if (accepted.empty()) {
    for (auto const& h : helpers)
      decide(i, h.label(), false, "no codec accepted");
    return rejected(i, "no common codec");
  }
  // The codec policy: this side's preference order, and one codec (VoLTE peers expect one
  // speech codec per m-line); helpers then follow what is left.
  auto const rank = [&](chosen const& c) {
    return static_cast<std::size_t>(c.local - caps.codecs.data());
  };
  if (local_.order == codec_order::local)
    std::stable_sort(accepted.begin(), accepted.end(),
                     [&](chosen const& a, chosen const& b) { return rank(a) < rank(b); });
  if (local_.single_codec)
    while (accepted.size() > 1) {
      decide(i, accepted.back().format.label(), false, "one codec per m-line (singleCodec)");
      accepted.pop_back();
    }
  // The helpers taken follow the codecs in `accepted`. Codecs and helpers are distinct
  // formats of the m= line, so they stay within its reservation and the span stays valid.
  auto const codecs = accepted.size();
  auto const accepted_codecs = std::span(accepted.data(), codecs);
  // Helpers follow the codecs they refer to.
  auto const accepted_pt = [&](std::string_view pt) {
    return std::any_of(accepted_codecs.begin(), accepted_codecs.end(),
                       [&](chosen const& c) { return c.format.payload_type == pt; });
  };
  auto const local_codec = [&](std::string_view name) -> codec const* {
    for (auto const& c : caps.codecs)
      if (iequals(c.name, name)) return &c;
    return nullptr;
  };
  for (auto const& h : helpers) {
    std::string why;
    if (iequals(h.encoding_name, "telephone-event")) {
      // RFC 4733 section 2.5.1.2: events at the clock rate of the audio codec, once.
      bool const rate =
          std::any_of(accepted_codecs.begin(), accepted_codecs.end(),
                      [&](chosen const& c) { return c.format.clock_rate == h.clock_rate; });
      bool const twice = std::any_of(accepted.begin() + static_cast<std::ptrdiff_t>(codecs),
                                     accepted.end(), [&](chosen const& c) {
                                       return iequals(c.format.encoding_name, "telephone-event") &&
                                              c.format.clock_rate == h.clock_rate;
                                     });
      if (!caps.telephone_event)
        why = "telephone-event not in the capabilities";
      else if (!rate)
        why = "no accepted codec at " + std::to_string(h.clock_rate) + " Hz";
      else if (twice)
        why = "telephone-event already accepted at this rate";
    } else if (local_codec(h.encoding_name) == nullptr) {
      why = "not in the capabilities";
    } else if (iequals(h.encoding_name, "rtx")) {
      auto const apt =
          h.parameters ? sdp::fmtp{h.payload_type, *h.parameters}.parameter("apt") : std::nullopt;
      if (!apt || !accepted_pt(*apt)) why = "its apt payload type is not accepted";
    } else if (iequals(h.encoding_name, "red")) {
      // RFC 2198 section 5: the fmtp lists the redundant payload types. Video RED (as
      // Chromium offers red/90000 beside ULPFEC) has none and may carry any accepted codec.
      bool all = h.parameters.has_value() || h.clock_rate == 90000;
      if (h.parameters)
        for (auto const pt : imsdp::detail::split(*h.parameters, '/'))
          all = all && accepted_pt(pt);
      if (!all) why = "a payload type it carries is not accepted, or no fmtp says which";
    }
    if (why.empty()) {
      decide(i, h.label(), true, "accepted");
      accepted.push_back(
          {h, h.parameters ? std::optional<std::string>(*h.parameters) : std::nullopt});
    } else {
      decide(i, h.label(), false, std::move(why));
    }
  }
  // The formats in the offer's order (RFC 3264 section 6.1), or the codecs in this side's
  // order and the helpers after them in the offer's.
  std::vector<chosen const*> ordered;
  ordered.reserve(accepted.size());
  auto const in_offer_order = [&](std::size_t from) {
    for (auto const pt : formats)
      for (std::size_t k = from; k < accepted.size(); ++k)
        if (accepted[k].format.payload_type == pt) ordered.push_back(&accepted[k]);
  };
  if (local_.order == codec_order::local) {
    for (auto const& c : accepted_codecs)
      ordered.push_back(&c);
    in_offer_order(codecs);
  } else {
    in_offer_order(0);
  }
  // A stream this side holds only sends (RFC 6337 5.3), whatever the peer re-offers.
  auto local_direction = caps.direction;
  auto const mid = m.find<sdp::mid>();
  auto const key = mid != nullptr ? std::string(mid->value) : std::to_string(i);
  if (std::find(local_.on_hold.begin(), local_.on_hold.end(), key) != local_.on_hold.end())
    local_direction = local_direction == sdp::media_direction::sendrecv ||
                              local_direction == sdp::media_direction::sendonly
                          ? sdp::media_direction::sendonly
                          : sdp::media_direction::inactive;

  auto const answered = answer_direction(direction_of(offer_, i), local_direction);
  plan.bandwidth_kbps = caps.bandwidth_kbps;
  // TS 26.114 6.2.5 and A.5: an MTSI answer gives its RTCP bandwidth as the offer does.
  // Not towards a DTLS-SRTP (WebRTC) peer, as create_offer does not either.
  if (!detail::is_dtls_proto(plan.proto)) {
    plan.rtcp_rs = caps.rtcp_rs;
    plan.rtcp_rr = caps.rtcp_rr;
  }
  plan.add(sdp::direction{answered});
  if (m.find<sdp::rtcp_mux>() != nullptr) plan.add(sdp::rtcp_mux{});
  if (m.find<sdp::rtcp_rsize>() != nullptr) plan.add(sdp::rtcp_rsize{});
  // RFC 8285 section 6: a direction on an offered extension is mirrored in the answer.
  bool transport_cc = false;
  bool transport_rid = false;  // the rid header extension (RFC 8852) is answered
  for (auto const& x : m.all<sdp::extmap>())
    if (std::find(caps.header_extensions.begin(), caps.header_extensions.end(), x.uri) !=
        caps.header_extensions.end()) {
      std::optional<sdp::media_direction> direction;
      if (x.direction) direction = answer_direction(*x.direction, sdp::media_direction::sendrecv);
      plan.add(sdp::extmap{x.id, direction, x.uri, {}});
      transport_cc = transport_cc || x.uri == detail::transport_cc_uri;
      transport_rid = transport_rid || x.uri == rtp_stream_id_uri;
    }
  // RFC 4585 section 4.2: the offered feedback of a codec that the codec takes here;
  // transport-cc only with its header extension.
  auto const takes = [&](codec const* c, sdp::rtcp_fb const& fb) {
    if (c == nullptr || !caps.rtcp_feedback) return false;
    if (fb.type == "transport-cc" && fb.parameters.empty() && !transport_cc) return false;
    // "<type>" or "<type> <parameters>", as the capabilities write it.
    return std::any_of(c->feedback.begin(), c->feedback.end(), [&](std::string_view kind) {
      if (fb.parameters.empty()) return kind == fb.type;
      return kind.size() == fb.type.size() + 1 + fb.parameters.size() &&
             kind.starts_with(fb.type) && kind[fb.type.size()] == ' ' &&
             kind.ends_with(fb.parameters);
    });
  };
  for (auto const* c : ordered) {
    if (!plan.formats.empty()) plan.formats += ' ';
    plan.formats += c->format.payload_type;
    plan.add(sdp::rtpmap{c->format.number, c->format.encoding_name, c->format.clock_rate,
                         c->format.encoding_parameters});
    if (c->fmtp && !c->fmtp->empty()) plan.add(sdp::fmtp{c->format.payload_type, *c->fmtp});
    if (c->local != nullptr && caps.rtcp_feedback)
      for (auto const& fb : m.all<sdp::rtcp_fb>())
        if (fb.format == c->format.payload_type && takes(c->local, fb)) plan.add(fb);
  }
  // A wildcard applies to every format (RFC 4585 4.2): kept when every accepted codec takes it.
  for (auto const& fb : m.all<sdp::rtcp_fb>())
    if (fb.format == "*" && std::all_of(accepted_codecs.begin(), accepted_codecs.end(),
                                        [&](chosen const& c) { return takes(c.local, fb); }))
      plan.add(fb);
  simulcast_answer(i, caps, transport_rid, plan);
  preconditions(i, plan);
  // RFC 9429 5.3.1 and RFC 8830: the track this m-line sends, when it sends; each local
  // track of the kind serves one m-line, in order.
  bool const sends =
      answered == sdp::media_direction::sendrecv || answered == sdp::media_direction::sendonly;
  if (sends && !caps.tracks.empty()) {
    auto& next_track = next_track_[&caps];
    if (next_track < caps.tracks.size()) {
      auto const& t = caps.tracks[next_track++];
      plan.add(sdp::msid{t.stream, t.track});
      if (t.ssrc) {
        if (!t.cname.empty()) plan.add(sdp::ssrc{*t.ssrc, "cname", t.cname});
        plan.add(sdp::ssrc{*t.ssrc, "msid", t.stream + (t.track.empty() ? "" : " " + t.track)});
      }
    }
  }
  if (!caps.ptime.empty()) plan.add("ptime", caps.ptime);
  if (!caps.maxptime.empty()) plan.add("maxptime", caps.maxptime);
  decide(i, "m-line", true, std::string(sdp::to_string(answered)));
  return plan;
}

// RFC 8853 section 5.3: an offer that sends simulcast is answered with the same streams
// to receive: a=rid:<id> recv for each rid the offer sends, and a=simulcast:recv with the
// offer's send list (alternatives and pauses kept). Only with the capabilities' consent and
// the rid header extension (RFC 8852) answered, without which the layers cannot be told
// apart; otherwise the answer has neither and the offerer sends one stream.
void answerer::simulcast_answer(std::size_t i, media_capabilities const& caps, bool rid_extension,
                                media_plan& plan) {
  auto const m = offer_.media(i);
  auto const* offered = m.find<sdp::simulcast>();
  if (offered == nullptr || offered->send.empty()) return;
  if (!caps.simulcast || !rid_extension) {
    decide(i, "simulcast", false,
           caps.simulcast ? "the rid header extension is not answered" : "not in the capabilities");
    return;
  }
  for (auto const& r : m.all<sdp::rid>())
    if (r.direction == sdp::rid_direction::send)
      plan.add(sdp::rid{r.id, sdp::rid_direction::recv, {}});
  plan.add(sdp::simulcast{{}, offered->send, true});
  decide(i, "simulcast", true, "receiving " + std::string(offered->send));
}

// RFC 3312 section 5 and 6, RFC 4032: the preconditions of an answer. Its status tables
// are the answerer's view, so the offer's "local" is its "remote". Segmented: curr local is
// this side's reservation (the host's), curr remote the offer's curr local; des local
// takes the offer's des remote (the offerer's wish for this segment) at the stronger of
// both strengths, des remote repeats the offer's des local; conf remote asks the offerer
// to confirm while its reservation does not yet cover its des. End-to-end (e2e): the
// current status both ends know, the offer's des at the stronger strength, conf likewise.
// Without preconditions in the capabilities, mandatory ones refuse the offer (section 11:
// 420 with Unsupported: precondition) and optional ones are ignored.
void answerer::preconditions(std::size_t i, media_plan& plan) {
  using sdp::precondition_direction;
  using sdp::status_type;
  using sdp::strength_tag;
  auto const m = offer_.media(i);
  // One pass over the m-line: the first qos curr and des of each status type (e2e, local,
  // remote), and whether any des is mandatory, of qos or of another type.
  std::array<std::optional<precondition_direction>, 3> qos_curr{};
  std::array<sdp::des const*, 3> qos_des{};
  bool any = false;
  bool mandatory = false;
  bool foreign = false;  // a precondition type other than qos
  for (auto const& a : m.attributes()) {
    if (auto const* d = a.get<sdp::des>()) {
      any = true;
      mandatory = mandatory || d->strength == strength_tag::mandatory;
      foreign =
          foreign || (d->precondition_type != "qos" && d->strength == strength_tag::mandatory);
      if (auto& slot = qos_des[static_cast<std::size_t>(d->status)];
          slot == nullptr && d->precondition_type == "qos")
        slot = d;
    } else if (auto const* c = a.get<sdp::curr>()) {
      if (auto& slot = qos_curr[static_cast<std::size_t>(c->status)];
          !slot && c->precondition_type == "qos")
        slot = c->direction;
    }
  }
  if (!any) return;
  if (!local_.preconditions || foreign) {
    if (mandatory) {
      refusal_ = make_error(errc::precondition_unsupported, "RFC 3312 11",
                            "m-line " + std::to_string(i) + ": mandatory " +
                                (foreign ? std::string("preconditions of an unknown type")
                                         : std::string("qos preconditions")) +
                                ": refuse with 420 and Unsupported: precondition");
    } else {
      decide(i, "preconditions", false, "optional and not supported: ignored");
    }
    return;
  }
  auto const& caps = *local_.preconditions;
  // The host cannot reserve its segment (no bearer): mandatory qos preconditions cannot be
  // met, and the offer is refused with 580 Precondition Failure (RFC 3312 section 11),
  // never answered without them.
  if (!caps.reservable && mandatory) {
    refusal_ = make_error(errc::precondition_failure, "RFC 3312 11",
                          "m-line " + std::to_string(i) +
                              ": this side cannot reserve qos: refuse with 580 Precondition "
                              "Failure");
    return;
  }
  auto const offered_current = [&](status_type s) {
    return qos_curr[static_cast<std::size_t>(s)].value_or(precondition_direction::none);
  };
  auto const offered_des = [&](status_type s) { return qos_des[static_cast<std::size_t>(s)]; };
  auto const rank = [](strength_tag s) {
    switch (s) {
      case strength_tag::none:
        return 0;
      case strength_tag::optional:
        return 1;
      case strength_tag::mandatory:
        return 2;
      case strength_tag::unknown:
      case strength_tag::failure:
        return 3;  // kept as the offer said
    }
    return 0;
  };
  auto const stronger = [&](strength_tag a, strength_tag b) { return rank(a) >= rank(b) ? a : b; };
  using sdp::covers;
  bool met = true;
  if (auto const* e2e = offered_des(status_type::e2e)) {
    // One e2e table: what the offer reports and what this side has reserved, together.
    auto const current = sdp::combined(offered_current(status_type::e2e), caps.current);
    plan.add(sdp::curr{"qos", status_type::e2e, current});
    plan.add(
        sdp::des{"qos", stronger(e2e->strength, caps.strength), status_type::e2e, e2e->direction});
    met = covers(current, e2e->direction);
    if (caps.confirm && !met) plan.add(sdp::conf{"qos", status_type::e2e, e2e->direction});
  } else {
    auto const* theirs = offered_des(status_type::local);  // the offerer's segment
    auto const* ours = offered_des(status_type::remote);   // what it wants of ours
    auto const their_current = offered_current(status_type::local);
    plan.add(sdp::curr{"qos", status_type::local, caps.current});
    plan.add(sdp::curr{"qos", status_type::remote, their_current});
    auto const our_direction = ours ? ours->direction : precondition_direction::sendrecv;
    plan.add(sdp::des{"qos", stronger(ours ? ours->strength : strength_tag::none, caps.strength),
                      status_type::local, our_direction});
    if (theirs != nullptr) {
      plan.add(sdp::des{"qos", theirs->strength, status_type::remote, theirs->direction});
      bool const theirs_met = covers(their_current, theirs->direction);
      if (caps.confirm && !theirs_met)
        plan.add(sdp::conf{"qos", status_type::remote, theirs->direction});
      met = theirs_met;
    }
    met = met && covers(caps.current, our_direction);
  }
  decide(i, "preconditions", true, met ? "met" : "not met yet: reservations pending");
}

// A channel fits the TS 26.114 plan: bootstrap streams carry http, others are >= 1000.
std::optional<std::string> plan_problem(datachannel::channel const& c, stream_plan plan) {
  if (plan == stream_plan::any) return std::nullopt;
  switch (c.kind) {
    case datachannel::channel_kind::bootstrap:
      if (c.subprotocol() != "http") return "a bootstrap stream must carry http";
      return std::nullopt;
    case datachannel::channel_kind::application:
      return std::nullopt;
    case datachannel::channel_kind::other:
      return "stream id outside the TS 26.114 plan (bootstrap or >= 1000)";
  }
  return std::nullopt;
}

bool subprotocol_accepted(std::vector<std::string> const& list, std::string const& subprotocol) {
  if (list.empty()) return true;
  auto const has = [&](std::string_view s) {
    return std::find(list.begin(), list.end(), s) != list.end();
  };
  // DESIGN.md section 5: 3gpp-ai is accepted as a spelling of 3gpp-aiml.
  return has(subprotocol) || (subprotocol == "3gpp-ai" && has("3gpp-aiml"));
}

media_plan answerer::datachannel_media(std::size_t i, datachannel_capabilities const& caps,
                                       std::uint16_t port) {
  auto const m = offer_.media(i);
  auto const offered = datachannel::view(offer_, i);
  if (offered.legacy)
    return rejected(i, "legacy DTLS/SCTP with a=sctpmap (pre-RFC 8841) is not answered");
  auto const formats = m.formats();
  if (formats.size() != 1 || *formats.begin() != "webrtc-datachannel")
    return rejected(i, "fmt is not webrtc-datachannel (RFC 8841 section 4.3)");
  media_plan plan;
  plan.media = m.media();
  plan.proto = m.proto();
  plan.port = port;
  plan.formats = "webrtc-datachannel";
  if (auto why = transport(i, plan)) return rejected(i, std::move(*why));
  plan.add(datachannel::sctp_port{caps.sctp_port});
  plan.add(datachannel::max_message_size{caps.max_message_size});

  std::vector<std::uint16_t> accepted;
  for (auto const& c : offered.channels) {
    std::string const subject = "channel " + std::to_string(c.stream_id());
    auto const subprotocol = c.subprotocol();
    if (!subprotocol_accepted(caps.subprotocols, subprotocol)) {
      decide(i, subject, false,
             "subprotocol " + (subprotocol.empty() ? std::string("(none)") : subprotocol) +
                 " not accepted");
      continue;
    }
    if (auto why = plan_problem(c, caps.stream_plan)) {
      decide(i, subject, false, std::move(*why));
      continue;
    }
    if (subprotocol == user_interaction::subprotocol) {
      // DESIGN.md section 13: only a network-initiated interaction channel whose messages
      // fit both sides' max-message-size is answered.
      auto verdict = user_interaction::answer_channel(c, offered.max_message_size);
      if (verdict.accepted() && caps.max_message_size != 0 &&
          caps.max_message_size < user_interaction::limits{}.max_message_bytes)
        verdict = {errc::ui_channel, "our max-message-size is below a whole message"};
      if (!verdict.accepted()) {
        decide(i, subject, false, verdict.reason);
        continue;
      }
    }
    // RFC 8864 5.1: a stream id names one channel; mapped twice (lenient input), which one
    // the offer means is unknown, so neither is accepted.
    if (std::count_if(offered.channels.begin(), offered.channels.end(),
                      [&](auto const& o) { return o.stream_id() == c.stream_id(); }) > 1) {
      decide(i, subject, false, "stream id mapped twice in the offer");
      continue;
    }
    accepted.push_back(c.stream_id());
    decide(i, subject, true, subprotocol.empty() ? "accepted" : "accepted: " + subprotocol);
    plan.add(*c.map);
    for (auto const* s : c.scoped) {
      if (s->get<aiml::split::aiml_split_3gpp>() != nullptr) continue;
      // A scoped direction is answered as the m-line's is (RFC 3264 section 6.1; RFC 8865
      // section 4 does so for T.140 channels): sendonly gets recvonly.
      if (auto const* d = s->get<sdp::direction>()) {
        plan.add("dcsa", std::to_string(s->stream_id) + ' ' +
                             std::string(sdp::to_string(
                                 answer_direction(d->value, sdp::media_direction::sendrecv))));
      } else {
        plan.add(*s);
      }
    }
  }
  if (!offered.channels.empty() && accepted.empty()) return rejected(i, "no data channel accepted");
  split_configurations(i, offered, accepted, plan);
  // TS 24.229 6.1.1 and TS 24.186: an IMS data channel m-line may carry qos
  // preconditions like the media beside it; they are answered the same way.
  preconditions(i, plan);
  decide(i, "m-line", true,
         "SCTP association, " + std::to_string(accepted.size()) + " channel(s) accepted");
  return plan;
}

void answerer::split_configurations(std::size_t i, datachannel::association const& offered,
                                    std::vector<std::uint16_t> const& accepted, media_plan& plan) {
  std::vector<aiml::split::idata_channel> idata;
  for (auto const& c : offered.channels)
    if (c.subprotocol() == "3gpp-aiml-idata" &&
        std::find(accepted.begin(), accepted.end(), c.stream_id()) != accepted.end())
      idata.push_back(aiml::split::idata_of(c));
  auto const& aiml = local_.data_channel->aiml;
  for (auto const& set : aiml::split::configuration_sets(offer_)) {
    if (set.media_index != i) continue;
    if (std::find(accepted.begin(), accepted.end(), set.control_stream) == accepted.end()) {
      for (auto const& c : set.configurations)
        decide(i, "cfg " + std::to_string(c.cfg_id), false, "its control channel is refused");
      continue;
    }
    if (!aiml) {
      for (auto const& c : set.configurations)
        decide(i, "cfg " + std::to_string(c.cfg_id), false, "no AI/ML capabilities");
      continue;
    }
    auto const result = aiml::split::answer(set.configurations, *aiml, idata);
    for (auto const& d : result.decisions)
      decide(i, "cfg " + std::to_string(d.cfg_id), d.accepted, d.reason);
    for (auto const& c : result.accepted)
      plan.add("dcsa", std::to_string(set.control_stream) + " 3gpp-aiml-split:" + c.value());
  }
}

result<generated> answerer::run() {
  std::vector<media_plan> plans;
  plans.reserve(offer_.media_count());
  decisions_.reserve(16);  // an audio m-line: its codecs, helpers, preconditions, the m-line
  // Each kind starts at its own base and steps by two (RTP and RTCP); a port another
  // m-line took is skipped, so no two streams share one outside BUNDLE.
  std::uint16_t const base[3] = {
      local_.audio && local_.audio->port ? local_.audio->port : std::uint16_t{49170},
      local_.video && local_.video->port ? local_.video->port : std::uint16_t{49172},
      local_.data_channel && local_.data_channel->port ? local_.data_channel->port
                                                       : std::uint16_t{49174}};
  std::vector<std::uint16_t> taken;
  auto const take_port = [&](int kind) {
    auto p = base[kind];
    while (std::find(taken.begin(), taken.end(), p) != taken.end())
      p = static_cast<std::uint16_t>(p + 2);
    taken.push_back(p);
    return p;
  };
  for (std::size_t i = 0; i < offer_.media_count(); ++i) {
    auto const m = offer_.media(i);
    auto const* mid = m.find<sdp::mid>();
    bool mid_taken = false;
    for (std::size_t k = 0; k < i && mid != nullptr && !mid_taken; ++k)
      if (auto const* earlier = offer_.media(k).find<sdp::mid>())
        mid_taken = earlier->value == mid->value;
    if (mid_taken) {
      // RFC 5888 4: a mid names one m-line. A lenient offer that repeats one gets the
      // later m-line rejected, without the mid the answer cannot repeat.
      auto plan = rejected(i, "mid " + std::string(mid->value) + " names an earlier m-line too");
      std::erase_if(plan.attributes,
                    [](planned_attribute const& a) { return a.name == sdp::mid::name; });
      plans.push_back(std::move(plan));
    } else if (m.port() == 0 && (!local_.bundle || !bundle_only(offer_, i))) {
      plans.push_back(rejected(i, "rejected in the offer (port 0)"));
    } else if (!local_.bundle && media_or_session<sdp::ice_ufrag>(offer_, i) == nullptr &&
               media_or_session<sdp::ice_ufrag>(
                   offer_, detail::bundle_transport(offer_, i).first) != nullptr) {
      // RFC 9143 7.3.3: with the group declined each m-line needs a transport of its own;
      // one whose ICE came from the group's has none.
      plans.push_back(rejected(i, "its transport is the BUNDLE group's, which is declined"));
    } else if (std::find(local_.refused.begin(), local_.refused.end(),
                         mid != nullptr ? std::string(mid->value) : std::to_string(i)) !=
               local_.refused.end()) {
      plans.push_back(rejected(i, "refused by the host"));
    } else if (datachannel::is_datachannel(m)) {
      plans.push_back(local_.data_channel ? datachannel_media(i, *local_.data_channel, take_port(2))
                                          : rejected(i, "data channels not in the capabilities"));
    } else if (m.media() == "audio" && is_rtp(m.proto())) {
      plans.push_back(local_.audio ? rtp_media(i, *local_.audio, take_port(0))
                                   : rejected(i, "audio not in the capabilities"));
    } else if (m.media() == "video" && is_rtp(m.proto())) {
      plans.push_back(local_.video ? rtp_media(i, *local_.video, take_port(1))
                                   : rejected(i, "video not in the capabilities"));
    } else {
      plans.push_back(
          rejected(i, "unknown media " + std::string(m.media()) + " " + std::string(m.proto())));
    }
  }

  if (refusal_) return *refusal_;
  // o=: the previous identity (version decided below), or a fresh one.
  sdp::origin origin{local_.username, local_.session_id, 1, "IN", address_type(local_.address),
                     local_.address};
  if (previous_ && previous_->origin() != nullptr) {
    origin = *previous_->origin();
  } else if (origin.session_id == 0) {
    // From the offer as written: its source when unedited, read in place (a canonical
    // rewrite and byte-wise FNV-1a of a Chrome offer cost 46% of the answer).
    auto const hash = imsdp::detail::content_hash(offer_.verbatim() ? offer_.source()
                                                                    : sdp::serialize_exact(offer_));
    origin.session_id = (hash >> 2) | 1;
  }
  sdp::builder b;
  // An answer repeats the offer's formats and about as many of its lines.
  b.reserve(offer_.source().size() + 256);
  b.origin(origin).session_name("-").connection(
      {"IN", address_type(local_.address), local_.address, {}, {}});
  b.timing({0, 0});
  // RFC 8122 section 5: one certificate for every DTLS m-line, so one session-level
  // a=fingerprint. It also keeps the bundled m= sections free of it (RFC 9143 7.3.1),
  // which Firefox 153 needs: it crashes on a bundled DTLS m= section that has no
  // fingerprint of its own or from the session.
  if (fingerprint_) b.attribute(*fingerprint_);
  if (ice_ && local_.ice_lite) b.attribute(sdp::ice_lite{});
  // RFC 9143 section 7.3: each offered BUNDLE group, with the tags of accepted m-lines,
  // which share one transport: the port of the first of them (the answerer-tagged m=
  // section). Section 7.3.1: the transport and IDENTICAL attributes (RFC 8859) go in the
  // tagged m= section only.
  // A tag repeated in a group, or an m-line named by a second group (RFC 9143 7.3: one
  // group per m-line), is taken once: its transport stays where it was placed first.
  std::vector<bool> bundled(plans.size(), false);
  for (auto const& g : offer_.session().all<sdp::group>()) {
    if (g.semantics != "BUNDLE" || !local_.bundle) continue;
    std::string tags;
    std::uint16_t port = 0;
    for (auto const tag : g.tag_list())
      for (std::size_t k = 0; k < plans.size(); ++k)
        if (auto& p = plans[k]; !bundled[k] && p.port != 0 && p.mid == tag) {
          bundled[k] = true;
          tags += (tags.empty() ? "" : " ") + std::string(tag);
          if (port == 0) {
            port = p.port;
          } else {
            std::erase_if(p.attributes, [](planned_attribute const& a) {
              return detail::is_bundle_transport(a.name);
            });
          }
          p.port = port;
        }
    if (!tags.empty()) b.attribute(sdp::group{g.semantics, tags});
  }
  for (auto const& p : plans) {
    b.media({p.media, p.port, {}, p.proto, p.formats});
    if (!p.address.empty() && p.address != local_.address)
      b.connection({"IN", address_type(p.address), p.address, {}, {}});
    if (p.bandwidth_kbps) b.bandwidth({"AS", *p.bandwidth_kbps});
    if (p.rtcp_rs) b.bandwidth({"RS", *p.rtcp_rs});
    if (p.rtcp_rr) b.bandwidth({"RR", *p.rtcp_rr});
    for (auto const& a : p.attributes)
      b.attribute(a.name, p.value(a));
  }
  auto doc = b.build();
  if (!doc) {
    // An m= line repeats the offer's media, proto and formats: when it fails, the offer
    // has an m-line strict SDP cannot hold (lax tokens, no format); otherwise a value
    // from the capabilities is malformed.
    auto e = doc.error();
    bool const m_line = e.where.column > 0 && e.where.offset >= e.where.column - 1 &&
                        b.text().compare(e.where.offset - (e.where.column - 1), 2, "m=") == 0;
    e.code = m_line ? errc::unsupported : errc::capabilities_invalid;
    e.detail = (m_line ? "an offered m-line cannot be answered under strict: "
                       : "the answer does not parse under strict: ") +
               doc.error().message();
    return e;
  }
  if (previous_ && previous_->origin() != nullptr && !same_content(*previous_, *doc)) {
    ++origin.session_version;  // RFC 3264 section 8: one more on change
    if (auto r = doc->set_origin(origin); !r) return r.error();
  }
  if (auto problems = check_answer(offer_, *doc); !problems.empty()) return problems.front();
  return generated{std::make_shared<sdp::session_description const>(std::move(*doc)),
                   std::move(decisions_)};
}

}  // namespace

std::string to_string(decision const& d) {
  std::string_view why(d.reason);
  if (d.accepted && why.starts_with("accepted")) {  // "accepted, cmp narrowed" -> "cmp narrowed"
    why.remove_prefix(std::string_view("accepted").size());
    while (!why.empty() && (why.front() == ',' || why.front() == ':' || why.front() == ' '))
      why.remove_prefix(1);
  }
  return "m=" + std::to_string(d.media_index) + " " + d.subject + ": " +
         (d.accepted ? "accepted" : "refused") + (why.empty() ? "" : " (" + std::string(why) + ")");
}

result<generated> create_answer(sdp::session_description const& offer, capabilities const& local,
                                description const& previous, description const& previous_offer) {
  return answerer(offer, local, previous, previous_offer).run();
}

}  // namespace imsdp::negotiation
