// The media plan, derived from the descriptions of the call state alone (plan.hpp), and
// its rendering as rtpengine ng flags (docs/interworking.md maps each one).
#include <algorithm>
#include <imsdp/datachannel/attributes.hpp>
#include <imsdp/datachannel/view.hpp>
#include <imsdp/detail/append.hpp>
#include <imsdp/detail/split.hpp>
#include <imsdp/interworking/translate.hpp>
#include <imsdp/negotiation/rules.hpp>

#include "interworking/support.hpp"
#include "negotiation/sdes.hpp"
#include "negotiation/transport.hpp"

namespace imsdp::interworking {
namespace {

using negotiation::detail::media_or_session;
using negotiation::detail::offered_format;

std::string endpoint(sdp::session_description const& doc, std::size_t i) {
  auto const m = doc.media(i);
  // "address:port", "[v6-address]:port" for a connection address.
  auto const joined = [](std::string_view address, auto port, bool bracketed) {
    std::string out;
    if (bracketed) out += '[';
    out += address;
    out += bracketed ? "]:" : ":";
    imsdp::detail::append_number(out, port);
    return out;
  };
  for (auto const& c : m.all<sdp::candidate>())
    return joined(c.address, c.port, false);
  auto const* c = m.effective_connection();
  if (c == nullptr) return {};
  return joined(c->address, m.port(), c->address.find(':') != std::string_view::npos);
}

std::optional<plan_codec> codec_entry(std::optional<offered_format> const& f) {
  if (!f) return std::nullopt;
  return plan_codec{f->number, detail::label(*f), std::string(f->parameters.value_or(""))};
}

std::optional<offered_format> first_codec(sdp::media_description const& m) {
  auto const all = detail::codecs_of(m);
  if (all.empty()) return std::nullopt;
  return all.front();
}

std::string fingerprint_text(sdp::session_description const& doc, std::size_t i) {
  auto const* f = media_or_session<sdp::fingerprint>(doc, i);
  if (f == nullptr) return {};
  std::string out(f->hash_function);
  out += ' ';
  out += f->value;
  return out;
}

void webrtc_leg(planned_medium& pm, sdp::session_description const& ours,
                sdp::session_description const* theirs, bool ours_offer, std::size_t i) {
  // Once answered, a bundled m-line uses the transport of the answer's group (RFC 9143 7.3):
  // the ports the IWF's offer gave each m-line are then released.
  auto const* answer = ours_offer ? theirs : &ours;
  bool const answered = answer != nullptr && i < answer->media_count();
  auto const t = answered ? negotiation::detail::bundle_transport(*answer, i).first : i;
  pm.webrtc.local = endpoint(ours, t < ours.media_count() ? t : i);
  if (theirs != nullptr && i < theirs->media_count()) {
    pm.webrtc.remote = endpoint(*theirs, i);
    pm.webrtc.remote_fingerprint = fingerprint_text(*theirs, i);
  }
  pm.webrtc.ice_lite = ours.session().find<sdp::ice_lite>() != nullptr;
  pm.webrtc.ice_role = pm.webrtc.ice_lite ? "controlled" : "controlling";
  if (auto const* u = media_or_session<sdp::ice_ufrag>(ours, i)) pm.webrtc.ice_ufrag = u->value;
  if (auto const* s = media_or_session<sdp::setup>(ours, i))
    pm.webrtc.dtls_role = std::string(sdp::to_string(s->role));
  // RFC 8842 5.3: an actpass offer takes the role the answer leaves it.
  if (pm.webrtc.dtls_role == "actpass" && theirs != nullptr && i < theirs->media_count())
    if (auto const* s = media_or_session<sdp::setup>(*theirs, i))
      pm.webrtc.dtls_role = s->role == sdp::setup_role::active ? "passive" : "active";
  pm.webrtc.fingerprint = fingerprint_text(ours, i);
  for (auto const& g : ours.session().all<sdp::group>())
    if (g.semantics == "BUNDLE")
      for (auto const tag : imsdp::detail::split(g.tags, ' '))
        pm.webrtc.bundle.emplace_back(tag);
}

void ims_leg(planned_medium& pm, sdp::session_description const& ours,
             sdp::session_description const* theirs, bool ours_offer, std::size_t i) {
  bool const answered = theirs != nullptr && i < theirs->media_count();
  auto const m = ours.media(i);
  pm.ims.local = endpoint(ours, i);
  pm.ims.rtcp_mux = m.find<sdp::rtcp_mux>() != nullptr &&
                    (!answered || theirs->media(i).find<sdp::rtcp_mux>() != nullptr);
  pm.ims.rtcp = static_cast<std::uint16_t>(m.port() + (pm.ims.rtcp_mux ? 0 : 1));
  if (answered) pm.ims.remote = endpoint(*theirs, i);
  pm.ims.profile = std::string((answered ? *theirs : ours).media(i).proto());
  pm.ims.srtp = negotiation::detail::is_sdes_proto(pm.ims.profile) ? "sdes" : "none";
  if (answered && pm.ims.srtp == "sdes")
    pm.ims.sdes = negotiation::detail::negotiated_sdes(m, theirs->media(i),
                                                       ours_offer ? theirs->media(i) : m);
}

void actions(planned_medium& pm, sdp::session_description const& webrtc_offer) {
  auto& a = pm.actions;
  a.reserve(8);  // ICE, DTLS, SRTP, RTCP, a codec or two, feedback, preconditions
  auto const add = [&](std::string action) {
    if (std::find(a.begin(), a.end(), action) == a.end()) a.push_back(std::move(action));
  };
  add(pm.webrtc.ice_lite ? "terminate-ice-lite" : "terminate-ice");
  // RFC 5763 5: the passive end of DTLS is its server.
  add(pm.webrtc.dtls_role == "active" ? "dtls-client" : "dtls-server");
  add(pm.ims.srtp == "sdes" ? "srtp-to-sdes-srtp" : "srtp-to-rtp");
  if (!pm.ims.rtcp_mux) add("mux-to-demux");
  for (auto const& c : pm.codecs) {
    if (!c.webrtc || !c.ims) continue;
    std::string action(c.transcode ? "transcode " : "passthrough ");
    action.reserve(action.size() + c.webrtc->codec.size() + 3 + c.ims->codec.size());
    action += c.webrtc->codec;
    if (c.transcode) (action += "<->") += c.ims->codec;
    add(std::move(action));
    if (pm.state != "pending") break;  // the selected pair; pending: each offered one
  }
  if (pm.dtmf && pm.dtmf->mode != "none" && pm.dtmf->mode != "rfc4733")
    add(pm.dtmf->mode == "rfc4733-reclock" ? "reclock-dtmf" : "dtmf " + pm.dtmf->mode);
  if (pm.webrtc_index && *pm.webrtc_index < webrtc_offer.media_count()) {
    auto const m = webrtc_offer.media(*pm.webrtc_index);
    if (!m.all<sdp::extmap>().empty()) add("strip-header-extensions");
    // Video passes through: its picture-loss and NACK feedback crosses with it (rule 17).
    if (m.has_attribute("rtcp-fb"))
      add(pm.kind == "video" ? "relay-rtcp-feedback" : "terminate-rtcp-feedback");
  }
  if (pm.preconditions == "terminate") add("terminate-preconditions");
}

// The actions of a relayed data channel: ICE and DTLS ended on the WebRTC leg, DTLS on
// the IMS leg in the role its exchange gave the IWF, SCTP ended on both.
void datachannel_actions(planned_medium& pm, sdp::session_description const* ims_ours,
                         sdp::session_description const* ims_theirs, std::size_t i) {
  auto& a = pm.actions;
  a.reserve(5);
  a.push_back(pm.webrtc.ice_lite ? "terminate-ice-lite" : "terminate-ice");
  a.push_back(pm.webrtc.dtls_role == "active" ? "dtls-client" : "dtls-server");
  std::string ims_role = "actpass";
  if (ims_ours != nullptr)
    if (auto const* s = media_or_session<sdp::setup>(*ims_ours, i))
      ims_role = std::string(sdp::to_string(s->role));
  if (ims_role == "actpass" && ims_theirs != nullptr && i < ims_theirs->media_count())
    if (auto const* s = media_or_session<sdp::setup>(*ims_theirs, i))
      ims_role = s->role == sdp::setup_role::active ? "passive" : "active";
  a.push_back(ims_role == "active" ? "ims-dtls-client" : "ims-dtls-server");
  a.push_back("terminate-sctp");
  a.push_back("relay-streams");
}

dtmf_plan dtmf_of(sdp::media_description const& w, sdp::media_description const& i,
                  std::optional<offered_format> const& wc,
                  std::optional<offered_format> const& ic) {
  dtmf_plan d;
  d.webrtc = codec_entry(detail::telephone_event_of(w, wc ? wc->clock_rate : 0));
  d.ims = codec_entry(detail::telephone_event_of(i, ic ? ic->clock_rate : 0));
  d.mode = d.webrtc && d.ims ? (d.webrtc->codec == d.ims->codec ? "rfc4733" : "rfc4733-reclock")
           : d.webrtc        ? "rfc4733->inband"
           : d.ims           ? "inband->rfc4733"
                             : "none";
  return d;
}

}  // namespace

media_plan detail::plan_from(plan_legs const& l, std::vector<medium> const& media, side originator,
                             bool pending, policy const& p) {
  media_plan plan;
  plan.originator = originator;
  plan.pending = pending;
  if (l.webrtc_offer == nullptr || l.ims_offer == nullptr) return plan;
  plan.media.reserve(media.size());
  for (auto const& md : media) {
    planned_medium pm;
    pm.kind = md.kind;
    pm.webrtc_index = md.webrtc_index;
    pm.ims_index = md.ims_index;
    bool const carried = md.webrtc_index && md.ims_index &&
                         *md.webrtc_index < l.webrtc_offer->media_count() &&
                         *md.ims_index < l.ims_offer->media_count();
    if (md.webrtc_index && *md.webrtc_index < l.webrtc_offer->media_count())
      if (auto const* mid = l.webrtc_offer->media(*md.webrtc_index).find<sdp::mid>())
        pm.mid = mid->value;
    if (!carried) {
      pm.state = "rejected";
      plan.media.push_back(std::move(pm));
      continue;
    }
    auto const wi = *md.webrtc_index;
    auto const ii = *md.ims_index;
    bool const answered = l.webrtc_answer != nullptr && l.ims_answer != nullptr;
    bool const rejected =
        answered && (l.webrtc_answer->media(wi).port() == 0 || l.ims_answer->media(ii).port() == 0);
    pm.state = !answered ? "pending" : rejected ? "rejected" : "active";
    auto const* webrtc_ours = l.webrtc_offer_ours ? l.webrtc_offer : l.webrtc_answer;
    auto const* webrtc_theirs = l.webrtc_offer_ours ? l.webrtc_answer : l.webrtc_offer;
    if (webrtc_ours != nullptr) {
      webrtc_leg(pm, *webrtc_ours, webrtc_theirs, l.webrtc_offer_ours, wi);
    } else {
      // Our WebRTC answer is not written yet: the browser's offer and the policy.
      pm.webrtc.ice_lite = p.webrtc.ice_lite;
      pm.webrtc.ice_role = p.webrtc.ice_lite ? "controlled" : "controlling";
      pm.webrtc.remote = endpoint(*l.webrtc_offer, wi);
      pm.webrtc.remote_fingerprint = fingerprint_text(*l.webrtc_offer, wi);
    }
    auto const* ims_ours = l.ims_offer_ours ? l.ims_offer : l.ims_answer;
    auto const* ims_theirs = l.ims_offer_ours ? l.ims_answer : l.ims_offer;
    if (ims_ours != nullptr) {
      ims_leg(pm, *ims_ours, ims_theirs, l.ims_offer_ours, ii);
    } else {
      pm.ims.remote = endpoint(*l.ims_offer, ii);
      pm.ims.profile = std::string(l.ims_offer->media(ii).proto());
      pm.ims.srtp = negotiation::detail::is_sdes_proto(pm.ims.profile) ? "sdes" : "none";
    }
    // The WebRTC leg's direction: the answer's once there is one (RFC 3264 6.1).
    pm.direction = std::string(sdp::to_string(
        negotiation::direction_of(answered ? *l.webrtc_answer : *l.webrtc_offer, wi)));
    pm.preconditions = l.ims_offer->media(ii).all<sdp::des>().empty()
                           ? "none"
                           : std::string(to_string(p.ims.preconditions));
    if (datachannel::is_datachannel(l.ims_offer->media(ii))) {
      // Rule 18: the streams relayed by id, as the IMS side negotiated them; the browser
      // opens each with createDataChannel({negotiated: true, id}).
      pm.ims.rtcp = 0;
      auto const& ims = answered && !rejected ? *l.ims_answer : *l.ims_offer;
      for (auto const& d : ims.media(ii).all<datachannel::dcmap>())
        pm.channels.push_back(d.stream_id);
      datachannel_actions(pm, ims_ours, ims_theirs, ii);
      plan.media.push_back(std::move(pm));
      continue;
    }
    if (answered) {
      auto const wc = first_codec(l.webrtc_answer->media(wi));
      auto const ic = first_codec(l.ims_answer->media(ii));
      if (wc && ic && !rejected) {
        pm.codecs.push_back(
            {codec_entry(wc), codec_entry(ic), !negotiation::detail::same_encoding(*wc, *ic)});
        pm.dtmf = dtmf_of(l.webrtc_answer->media(wi), l.ims_answer->media(ii), wc, ic);
      }
    } else {
      // What was offered: each codec of the IWF's offer, paired with the input codec it
      // passes through, or the first input codec the media function transcodes.
      auto const& input = l.webrtc_offer_ours ? *l.ims_offer : *l.webrtc_offer;
      auto const& output = l.webrtc_offer_ours ? *l.webrtc_offer : *l.ims_offer;
      auto const in_index = l.webrtc_offer_ours ? ii : wi;
      auto const out_index = l.webrtc_offer_ours ? wi : ii;
      std::vector<offered_format> resolved;
      bool const given = l.input_formats != nullptr && l.input_index == in_index;
      auto const& in_codecs =
          given ? *l.input_formats : (resolved = detail::codecs_of(input.media(in_index)));
      auto const out_codecs = detail::codecs_of(output.media(out_index));
      // The input codec each transcoded output codec is paired with, found once.
      std::optional<offered_format const*> transcoded;
      if (given) transcoded = l.input_transcodable;
      pm.codecs.reserve(out_codecs.size());
      for (auto const& o : out_codecs) {
        std::optional<offered_format> partner;
        for (auto const& f : in_codecs)
          if (negotiation::detail::same_encoding(f, o)) partner = f;
        bool const transcode = !partner;
        if (!partner) {
          if (!transcoded) transcoded = detail::first_transcodable(in_codecs, p);
          if (*transcoded != nullptr) partner = **transcoded;
        }
        auto const in_entry = codec_entry(partner);
        auto const out_entry = codec_entry(o);
        pm.codecs.push_back(l.webrtc_offer_ours ? codec_pair{out_entry, in_entry, transcode}
                                                : codec_pair{in_entry, out_entry, transcode});
      }
    }
    if (std::any_of(pm.codecs.begin(), pm.codecs.end(),
                    [](codec_pair const& c) { return c.transcode; }) &&
        pm.state == "active")
      ++plan.transcoders;
    actions(pm, *l.webrtc_offer);
    plan.media.push_back(std::move(pm));
  }
  return plan;
}

media_plan plan_of(call_state const& state, policy const& p) {
  // Each leg's offer and answer: the pending exchange's offers, else the last exchange of
  // each leg, whose offer is the local or the remote description as the state says.
  auto const originator = state.originator.value_or(side::webrtc);
  detail::plan_legs l;
  if (state.pending) {
    auto const& x = *state.pending;
    bool const from_webrtc = x.from == side::webrtc;
    auto const webrtc = detail::held_description(from_webrtc ? x.input : x.output);
    auto const ims = detail::held_description(from_webrtc ? x.output : x.input);
    l.webrtc_offer = webrtc.get();
    l.ims_offer = ims.get();
    l.webrtc_offer_ours = !from_webrtc;
    l.ims_offer_ours = from_webrtc;
    return detail::plan_from(l, x.media, originator, true, p);
  }
  auto const webrtc_local = detail::held_description(state.webrtc.local);
  auto const webrtc_remote = detail::held_description(state.webrtc.remote);
  auto const ims_local = detail::held_description(state.ims.local);
  auto const ims_remote = detail::held_description(state.ims.remote);
  l.webrtc_offer_ours = state.webrtc.local_offer;
  l.ims_offer_ours = state.ims.local_offer;
  l.webrtc_offer = (l.webrtc_offer_ours ? webrtc_local : webrtc_remote).get();
  l.webrtc_answer = (l.webrtc_offer_ours ? webrtc_remote : webrtc_local).get();
  l.ims_offer = (l.ims_offer_ours ? ims_local : ims_remote).get();
  l.ims_answer = (l.ims_offer_ours ? ims_remote : ims_local).get();
  return detail::plan_from(l, state.media, originator, false, p);
}

std::vector<std::string> rtpengine_flags(media_plan const& plan, side towards) {
  // rtpengine ng protocol (docs/ng_control_protocol.md, docs/transcoding.md): the offer
  // towards IMS removes ICE and DTLS and demuxes RTCP (or offers mux, ims.rtcpMux) with
  // SDES off (or only the suite taken, ims.srtp); towards WebRTC it forces ICE (lite
  // towards that peer) and DTLS, as its WebRTC alias does.
  std::vector<std::string> out;
  if (towards == side::ims) {
    out = {"ICE=remove", "DTLS=off", "SDES-off", "rtcp-mux-demux"};
  } else {
    out = {"ICE=force", "rtcp-mux-require", "generate-mid", "SDES-off"};
  }
  for (auto const& m : plan.media) {
    if (m.state == "rejected") continue;
    if (towards == side::ims) {
      // SDES with the suite the answer took (rtpengine offers SDES unless told off); RTCP
      // multiplexed as the IMS leg has it.
      if (m.ims.srtp == "sdes") {
        if (m.ims.sdes)
          out[2] = "SDES-only-" + m.ims.sdes->suite;
        else
          out.erase(out.begin() + 2);
      }
      if (m.ims.rtcp_mux) out.back() = "rtcp-mux-offer";
      out.push_back("transport-protocol=" +
                    (m.ims.profile.empty() ? std::string("RTP/AVP") : m.ims.profile));
    } else {
      out.push_back("transport-protocol=UDP/TLS/RTP/SAVPF");
      if (m.webrtc.ice_lite) out.push_back("ICE-lite=forward");
      out.push_back(m.webrtc.dtls_role == "active" ? "DTLS=active" : "DTLS=passive");
    }
    for (auto const& c : m.codecs)
      if (c.transcode) {
        auto const& target = towards == side::ims ? c.ims : c.webrtc;
        if (target) {
          auto const name = target->codec.substr(0, target->codec.find('/'));
          auto const flag = "codec-transcode-" + name;
          if (std::find(out.begin(), out.end(), flag) == out.end()) out.push_back(flag);
        }
      }
    // docs/transcoding.md: DTMF transcoding is the codec telephone-event transcoded.
    if (m.dtmf && m.dtmf->mode != "rfc4733" && m.dtmf->mode != "none")
      out.push_back("codec-transcode-telephone-event");
    break;  // one audio stream crosses
  }
  return out;
}

}  // namespace imsdp::interworking
