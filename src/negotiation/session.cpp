// The negotiated session of a completed exchange (include/imsdp/negotiation/session.hpp).
#include <algorithm>
#include <cmath>
#include <imsdp/aiml/split/configuration.hpp>
#include <imsdp/datachannel/view.hpp>
#include <imsdp/negotiation/session.hpp>

#include "detail/ascii.hpp"
#include "negotiation/codecs.hpp"
#include "negotiation/sdes.hpp"
#include "negotiation/transport.hpp"

namespace imsdp::negotiation {
namespace {

using detail::media_or_session;
using imsdp::detail::iequals;

negotiated_codec codec_of(detail::offered_format const& f) {
  return {f.number, std::string(f.encoding_name), f.clock_rate, f.channels,
          f.parameters ? std::string(*f.parameters) : std::string()};
}

bool has_encoding(std::vector<detail::offered_format> const& list,
                  detail::offered_format const& f) {
  return std::any_of(list.begin(), list.end(),
                     [&](auto const& g) { return detail::same_encoding(f, g); });
}

std::optional<std::uint32_t> milliseconds(sdp::decimal_value const& v) {
  auto const value = v.value();
  if (!(value >= 0) || value > 4294967295.0) return std::nullopt;
  return static_cast<std::uint32_t>(std::lround(value));
}

void rtp(negotiated_stream& s, sdp::media_description const& local,
         sdp::media_description const& remote) {
  auto const mine = detail::resolve_all(local);
  auto const theirs = detail::resolve_all(remote);
  for (auto const& f : theirs) {
    if (!has_encoding(mine, f)) continue;
    if (iequals(f.encoding_name, "telephone-event")) {
      s.send_telephone_events.push_back(codec_of(f));
    } else if (!s.send && !detail::is_helper(f.encoding_name)) {
      s.send = codec_of(f);
    }
  }
  for (auto const& f : mine)
    if (has_encoding(theirs, f)) s.receive.push_back(codec_of(f));
  if (auto const* p = remote.find<sdp::ptime>()) s.ptime = milliseconds(p->milliseconds);
  if (auto const* p = remote.find<sdp::maxptime>()) s.maxptime = milliseconds(p->milliseconds);
}

void transport(negotiated_stream& s, sdp::session_description const& local,
               sdp::session_description const& remote, negotiated_stream const* before) {
  auto const t = s.transport;
  auto const rm = remote.media(t);
  auto const* c = rm.effective_connection();
  s.remote_rtp = {c != nullptr ? std::string(c->address) : std::string(), rm.port()};
  s.rtcp_mux =
      local.media(t).find<sdp::rtcp_mux>() != nullptr && rm.find<sdp::rtcp_mux>() != nullptr;
  if (!s.rtcp_mux && s.proto.find("RTP/") != std::string::npos) {
    endpoint rtcp{s.remote_rtp.address, static_cast<std::uint16_t>(rm.port() + 1)};
    if (auto const* r = rm.find<sdp::rtcp>()) {
      rtcp.port = r->port;
      if (!r->address.empty()) rtcp.address = r->address;
    }
    s.remote_rtcp = rtcp;
  }
  if (auto const* ufrag = media_or_session<sdp::ice_ufrag>(remote, t)) {
    s.remote_ice_ufrag = ufrag->value;
    s.ice_restart = before != nullptr && !before->remote_ice_ufrag.empty() &&
                    before->remote_ice_ufrag != s.remote_ice_ufrag;
  }
  if (!detail::is_dtls_proto(s.proto)) return;
  if (auto const* fp = media_or_session<sdp::fingerprint>(remote, t))
    s.remote_fingerprint = std::string(fp->hash_function) + " " + std::string(fp->value);
  if (auto const* id = remote.media(t).find<sdp::tls_id>()) s.remote_tls_id = id->value;
  // RFC 8842 section 5: active and passive are kept; actpass takes the other side's
  // opposite; holdconn (or nothing usable) gives no role.
  auto const* mine = media_or_session<sdp::setup>(local, t);
  auto const* theirs = media_or_session<sdp::setup>(remote, t);
  using sdp::setup_role;
  auto const role_of = [](sdp::setup const* a) { return a ? a->role : setup_role::active; };
  auto const own = role_of(mine);  // RFC 4145 4: an offer without it is active
  if (own == setup_role::active || own == setup_role::passive) {
    s.dtls_role = own;
  } else if (own == setup_role::actpass) {
    auto const other = role_of(theirs);
    if (other == setup_role::active) s.dtls_role = setup_role::passive;
    if (other == setup_role::passive) s.dtls_role = setup_role::active;
  }
  s.new_dtls_association = before == nullptr ||
                           before->remote_fingerprint != s.remote_fingerprint ||
                           before->remote_tls_id != s.remote_tls_id ||
                           before->dtls_role != s.dtls_role || before->transport != s.transport;
}

void data_channels(negotiated_stream& s, sdp::session_description const& remote,
                   sdp::session_description const& answer) {
  auto const theirs = datachannel::view(remote, s.media_index);
  s.remote_sctp_port = theirs.sctp_port;
  s.remote_max_message_size = theirs.max_message_size;
  for (auto const& c : datachannel::view(answer, s.media_index).channels)
    s.channels.push_back({c.stream_id(), c.map->label ? c.map->label->decoded() : std::string(),
                          c.subprotocol(), c.map->is_ordered(), c.map->max_retr, c.map->max_time,
                          c.map->priority});
  for (auto const& set : aiml::split::configuration_sets(answer))
    if (set.media_index == s.media_index && !set.configurations.empty()) {
      s.active_split_configuration = set.configurations.front().cfg_id;
      break;
    }
}

// RFC 3312 section 8: every mandatory qos precondition of either description is covered
// by the current status of its segment: this side's from its own description, the peer's
// from the peer's (each states its own reservation as "local"), e2e from either.
std::optional<bool> preconditions_met(sdp::media_description const& local,
                                      sdp::media_description const& remote) {
  using sdp::status_type;
  auto const current = [&](sdp::media_description const& m, status_type s) {
    for (auto const& c : m.all<sdp::curr>())
      if (c.precondition_type == "qos" && c.status == s) return c.direction;
    return sdp::precondition_direction::none;
  };
  bool any = false;
  bool met = true;
  for (auto const* m : {&local, &remote}) {
    auto const& other = m == &local ? remote : local;
    for (auto const& d : m->all<sdp::des>()) {
      if (d.precondition_type != "qos" || d.strength != sdp::strength_tag::mandatory) continue;
      any = true;
      // The segment whose reservation this des is about, seen by its own side; the whole
      // path (e2e) as either side knows it.
      if (d.status == status_type::e2e) {
        met = met && sdp::covers(sdp::combined(current(*m, status_type::e2e),
                                               current(other, status_type::e2e)),
                                 d.direction);
      } else {
        auto const& owner = d.status == status_type::local ? *m : other;
        met = met && sdp::covers(current(owner, status_type::local), d.direction);
      }
    }
  }
  if (!any) return std::nullopt;
  return met;
}

}  // namespace

negotiated_session negotiated(sdp::session_description const& local,
                              sdp::session_description const& remote, bool local_offerer,
                              negotiated_session const* previous) {
  negotiated_session out;
  out.local_offerer = local_offerer;
  auto const& answer = local_offerer ? remote : local;
  auto const count = std::min(local.media_count(), remote.media_count());
  for (std::size_t i = 0; i < count; ++i) {
    auto const lm = local.media(i);
    auto const rm = remote.media(i);
    negotiated_stream s;
    s.media_index = i;
    if (auto const* mid = lm.find<sdp::mid>()) s.mid = mid->value;
    s.media = lm.media();
    s.proto = answer.media(i).proto();  // the answer's: RFC 5939 acfg may have changed it
    auto const [t, tags] = detail::bundle_transport(answer, i);
    s.transport = t;
    s.bundle_group = std::string(tags);
    // The answer's port decides (a bundle-only m-line is offered with port 0, RFC 9143),
    // and the transport it uses has a port on both sides.
    s.active =
        answer.media(i).port() != 0 && local.media(t).port() != 0 && remote.media(t).port() != 0;
    if (!s.active) {
      out.streams.push_back(std::move(s));
      continue;
    }
    s.direction = answer_direction(direction_of(remote, i), direction_of(local, i));
    negotiated_stream const* before = nullptr;
    if (previous != nullptr && i < previous->streams.size() && previous->streams[i].active)
      before = &previous->streams[i];
    if (s.proto.find("RTP/") != std::string::npos) rtp(s, lm, rm);
    transport(s, local, remote, before);
    if (detail::is_sdes_proto(s.proto)) s.srtp = detail::negotiated_sdes(lm, rm, answer.media(i));
    if (datachannel::is_datachannel(lm)) data_channels(s, remote, answer);
    s.preconditions_met = preconditions_met(lm, rm);
    out.streams.push_back(std::move(s));
  }
  return out;
}

}  // namespace imsdp::negotiation
