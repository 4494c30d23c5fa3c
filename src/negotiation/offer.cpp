// Offer generation: the initial offer from capabilities, and re-offers that edit the
// current local description (RFC 3264 section 8).
#include <fmt/ranges.h>

#include <algorithm>
#include <imsdp/aiml/split/configuration.hpp>
#include <imsdp/datachannel/view.hpp>
#include <imsdp/detail/append.hpp>
#include <imsdp/negotiation/answer.hpp>
#include <imsdp/sdp/builder.hpp>

#include "detail/ascii.hpp"
#include "negotiation/codecs.hpp"
#include "negotiation/sdes.hpp"
#include "negotiation/transport.hpp"

namespace imsdp::negotiation {
namespace {

using imsdp::detail::iequals;

// RFC 3551 section 6: the static payload type of an encoding, if it has one.
std::optional<std::uint8_t> static_payload_type(codec const& c) {
  struct entry {
    std::string_view name;
    std::uint32_t clock_rate;
    std::uint8_t payload_type;
  };
  static constexpr entry table[] = {{"PCMU", 8000, 0}, {"GSM", 8000, 3},  {"G723", 8000, 4},
                                    {"PCMA", 8000, 8}, {"G722", 8000, 9}, {"G729", 8000, 18}};
  for (auto const& e : table)
    if (iequals(e.name, c.name) && (c.clock_rate == 0 || c.clock_rate == e.clock_rate))
      return e.payload_type;
  return std::nullopt;
}

// The parameters an offer declares for a codec: its fmtp, else those its options imply.
std::string offer_parameters(codec const& c, bool octet_align) {
  if (!c.fmtp.empty()) return c.fmtp;
  std::string out;
  auto const add = [&](std::string_view p) {
    if (!out.empty()) out += ';';
    out += p;
  };
  if (iequals(c.name, "AMR") || iequals(c.name, "AMR-WB")) {
    if (!c.mode_set.empty()) add(fmt::format("mode-set={}", fmt::join(c.mode_set, ",")));
    if (octet_align) add("octet-align=1");
  } else if (iequals(c.name, "EVS")) {
    if (!c.bitrates.empty()) add(fmt::format("br={}", c.bitrates));
    if (!c.bandwidths.empty()) add(fmt::format("bw={}", c.bandwidths));
  } else if (iequals(c.name, "H264")) {
    constexpr std::pair<std::string_view, std::string_view> profiles[] = {
        {"constrained-baseline", "42e0"},
        {"baseline", "4200"},
        {"main", "4d00"},
        {"extended", "5800"},
        {"high", "6400"}};
    std::string_view id = "42e0";
    for (auto const& [name, prefix] : profiles)
      if (!c.profiles.empty() && c.profiles.front() == name) id = prefix;
    unsigned const level = c.max_level.value_or(31);
    static constexpr char hex[] = "0123456789abcdef";
    add("profile-level-id=" + std::string(id) + hex[(level >> 4) & 15] + hex[level & 15]);
    add("packetization-mode=" +
        std::to_string(c.packetization_modes.empty() ? 0 : c.packetization_modes.front()));
  }
  return out;
}

bool quotable(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return c >= 0x20 && c <= 0x7e && c != '"' && c != '%'; });
}

datachannel::dcmap to_dcmap(channel_spec const& c) {
  datachannel::dcmap m;
  m.stream_id = c.stream_id;
  if (!c.label.empty()) m.label = datachannel::quoted_value{c.label};
  if (!c.subprotocol.empty()) m.subprotocol = datachannel::quoted_value{c.subprotocol};
  m.ordered = c.ordered;
  m.max_retr = c.max_retr;
  m.max_time = c.max_time;
  m.priority = c.priority;
  return m;
}

result<void> check_channel(channel_spec const& c) {
  if (!quotable(c.label) || !quotable(c.subprotocol))
    return make_error(errc::invalid_argument, "RFC 8864 5.1",
                      "label and subprotocol are printable ASCII without '\"' and '%'");
  if (c.max_retr && c.max_time)
    return make_error(errc::dc_conflicting_options, "RFC 8864 5.1",
                      "max-retr and max-time exclude each other");
  return {};
}

// One format of an offered m-line.
struct offered {
  std::uint8_t payload_type = 0;
  std::string name;
  std::uint32_t clock_rate = 0;
  std::string channels;  // encoding parameters, empty if none
  std::string fmtp;
  codec const* primary = nullptr;  // the codec itself (not a helper): its feedback
};

// The formats of an m-line from the capabilities: each codec (a static payload type where
// RFC 3551 has one), RTX after each video codec (RFC 4588, fmtp apt=), then RED (RFC 2198;
// for audio carrying the first codec twice, as browsers offer it), ULPFEC (RFC 5109), CN
// (RFC 3389) and telephone-event (RFC 4733) at each clock rate, as the capabilities list
// the helpers.
std::vector<offered> offer_formats(media_capabilities const& caps, std::uint8_t& next_dynamic) {
  auto const listed = [&](std::string_view name) {
    return std::any_of(caps.codecs.begin(), caps.codecs.end(),
                       [&](codec const& c) { return iequals(c.name, name); });
  };
  auto const dynamic = [&] { return next_dynamic++; };
  std::vector<offered> out;
  std::vector<std::uint32_t> rates;
  for (auto const& c : caps.codecs) {
    if (detail::is_helper(c.name)) continue;
    // RFC 7587 section 7: opus is always written with 2 channels.
    std::string const channels = c.channels > 1 || iequals(c.name, "opus")
                                     ? std::to_string(std::max(c.channels, 2u))
                                     : std::string();
    auto const fixed = static_payload_type(c);
    auto const number = fixed ? *fixed : dynamic();
    bool const amr = iequals(c.name, "AMR") || iequals(c.name, "AMR-WB");
    out.push_back({number, c.name, c.clock_rate, channels,
                   offer_parameters(c, c.octet_align.value_or(false)), &c});
    // RFC 4867 8.3, TS 26.114 Annex A.1: a codec taking both framings is offered twice,
    // bandwidth-efficient first, then octet-aligned.
    if (amr && !c.octet_align && c.fmtp.empty())
      out.push_back({dynamic(), c.name, c.clock_rate, channels, offer_parameters(c, true), &c});
    if (std::find(rates.begin(), rates.end(), c.clock_rate) == rates.end())
      rates.push_back(c.clock_rate);
    if (c.clock_rate == 90000 && listed("rtx"))
      out.push_back({dynamic(), "rtx", 90000, {}, "apt=" + std::to_string(number), nullptr});
  }
  if (out.empty()) return out;
  if (listed("red")) {
    auto const& first = out.front();
    bool const video = first.clock_rate == 90000;
    std::string const carried =
        std::to_string(first.payload_type) + "/" + std::to_string(first.payload_type);
    out.push_back({dynamic(), "red", first.clock_rate, video ? std::string() : first.channels,
                   video ? std::string() : carried, nullptr});
  }
  if (listed("ulpfec") && rates.front() == 90000)
    out.push_back({dynamic(), "ulpfec", 90000, {}, {}, nullptr});
  for (auto const rate : rates) {
    if (rate == 90000) continue;
    if (listed("CN"))
      out.push_back({rate == 8000 ? std::uint8_t{13} : dynamic(), "CN", rate, {}, {}, nullptr});
    if (caps.telephone_event)
      out.push_back({dynamic(), "telephone-event", rate, {}, "0-15", nullptr});
  }
  return out;
}

// The host's transport of an offered m-line (RFC 8839 5.1): its c= when the address is
// not the session's, and its candidates after the ICE credentials.
void host_connection(sdp::builder& b, local_transport const* host, capabilities const& local) {
  if (host != nullptr && !host->address.empty() && host->address != local.address)
    b.connection({"IN",
                  host->address.find(':') == std::string::npos ? "IP4" : "IP6",
                  host->address,
                  {},
                  {}});
}

void host_candidates(sdp::builder& b, local_transport const* host) {
  if (host == nullptr) return;
  for (auto const& c : host->candidates)
    b.attribute("candidate", c);
  if (host->end_of_candidates) b.attribute(sdp::end_of_candidates{});
}

// The builder renders each value when it is given, so temporaries may be passed to it.
// `next_dynamic` and `extension_ids` are shared by the sections of one offer: a payload
// type names one codec in the whole offer, as RFC 9143 section 7.5.2 requires within a
// BUNDLE group (RTP is demultiplexed by it), and a header extension keeps one id (RFC 8285
// section 6, RFC 9143 section 7.2.1).
result<void> rtp_section(sdp::builder& b, std::string_view media, media_capabilities const& caps,
                         std::uint16_t default_port, bool jsep, std::string const& mid,
                         std::string const& index, capabilities const& local,
                         std::uint8_t& next_dynamic, std::vector<std::string>& extension_ids) {
  // SDES-SRTP (RFC 4568 5.1.1): RTP/SAVP with one crypto line per suite, in this side's
  // order of preference, tagged 1, 2, ...; WebRTC offers key by DTLS instead (RFC 8827).
  bool const sdes = !jsep && local.sdes.has_value();
  std::string const base = sdes ? "RTP/SAVP" : "RTP/AVP";
  std::string const proto = jsep                                ? "UDP/TLS/RTP/SAVPF"
                            : caps.profile == rtp_profile::avpf ? base + "F"
                                                                : base;
  auto const formats = offer_formats(caps, next_dynamic);
  std::string list;
  for (auto const& f : formats) {
    if (!list.empty()) list += ' ';
    imsdp::detail::append_number(list, f.payload_type);
  }
  // The host's transport (RFC 8839 5.1): its port, address and candidates.
  auto const* host = detail::host_transport(local, jsep ? mid : index);
  std::uint16_t port = caps.port ? caps.port : default_port;
  if (host != nullptr && host->port) port = *host->port;
  b.media({media, port, {}, proto, list});
  host_connection(b, host, local);
  if (caps.bandwidth_kbps) b.bandwidth({"AS", *caps.bandwidth_kbps});
  if (!jsep && caps.rtcp_rs) b.bandwidth({"RS", *caps.rtcp_rs});
  if (!jsep && caps.rtcp_rr) b.bandwidth({"RR", *caps.rtcp_rr});
  if (jsep) {
    b.attribute(sdp::mid{mid});
    b.attribute(sdp::ice_ufrag{local.ice_ufrag}).attribute(sdp::ice_pwd{local.ice_pwd});
    host_candidates(b, host);
    auto const space = local.fingerprint.find(' ');
    std::string_view const fp(local.fingerprint);
    b.attribute(sdp::fingerprint{fp.substr(0, space), fp.substr(space + 1)});
    b.attribute(sdp::setup{sdp::setup_role::actpass});
    if (!local.tls_id.empty()) b.attribute(sdp::tls_id{local.tls_id});
    b.attribute(sdp::rtcp_mux{});
  }
  if (sdes) {
    std::uint32_t tag = 0;
    for (auto const& name : local.sdes->suites) {
      auto const* suite = sdp::find_srtp_suite(name);
      if (suite == nullptr)
        return make_error(errc::capabilities_invalid, "sdes",
                          "suite " + name + " has no known key length");
      auto key = detail::new_key_params(*suite, *local.sdes);
      if (!key) return make_error(errc::capabilities_invalid, "sdes", "the key source gave no key");
      b.attribute(sdp::crypto{++tag, suite->name, *key, {}});
    }
    if (tag == 0) return make_error(errc::capabilities_invalid, "sdes", "no suite to offer");
  }
  b.attribute(sdp::direction{caps.direction});
  // Header extensions: the capabilities', and in BUNDLE the sdes:mid one RFC 9143 section
  // 9.2 needs to tell the m-lines apart.
  std::vector<std::string> uris = caps.header_extensions;
  constexpr std::string_view mid_uri = "urn:ietf:params:rtp-hdrext:sdes:mid";
  if (jsep && std::find(uris.begin(), uris.end(), mid_uri) == uris.end())
    uris.emplace_back(mid_uri);
  for (auto const& uri : uris) {
    auto at = std::find(extension_ids.begin(), extension_ids.end(), uri);
    if (at == extension_ids.end()) at = extension_ids.insert(extension_ids.end(), uri);
    auto const id = static_cast<std::uint16_t>(at - extension_ids.begin() + 1);
    b.attribute(sdp::extmap{id, std::nullopt, uri, {}});
  }
  bool const transport_cc =
      std::find(uris.begin(), uris.end(), detail::transport_cc_uri) != uris.end();
  for (auto const& f : formats) {
    b.attribute(sdp::rtpmap{f.payload_type, f.name, f.clock_rate, f.channels});
    if (!f.fmtp.empty()) b.attribute("fmtp", std::to_string(f.payload_type) + " " + f.fmtp);
    if (f.primary != nullptr && caps.rtcp_feedback)
      for (auto const& fb : f.primary->feedback)
        if (fb != "transport-cc" || transport_cc)
          b.attribute("rtcp-fb", std::to_string(f.payload_type) + " " + fb);
  }
  if (!caps.ptime.empty()) b.attribute("ptime", caps.ptime);
  if (!caps.maxptime.empty()) b.attribute("maxptime", caps.maxptime);
  // TS 26.114 6.2.1a and Annex A.1: AVPF as a potential configuration beside AVP.
  if (!jsep && caps.profile == rtp_profile::avpf_capneg) {
    b.attribute(sdp::tcap{1, base + "F"});
    b.attribute(sdp::pcfg{1, "t=1"});
  }
  // RFC 3312 section 5, the segmented model an IMS UE offers (TS 24.229 6.1.1): this
  // side's reservation as the host states it, the peer's unknown yet; this side needs its
  // own segment, and leaves the peer's to the peer.
  if (local.preconditions && !jsep) {
    using sdp::precondition_direction;
    using sdp::status_type;
    auto const& p = *local.preconditions;
    b.attribute(sdp::curr{"qos", status_type::local, p.current});
    b.attribute(sdp::curr{"qos", status_type::remote, precondition_direction::none});
    b.attribute(sdp::des{"qos", p.strength, status_type::local, precondition_direction::sendrecv});
    b.attribute(sdp::des{"qos", sdp::strength_tag::none, status_type::remote,
                         precondition_direction::sendrecv});
  }
  return {};
}

// RFC 9143 section 7.5.1: in a subsequent offer the bundled m= sections share the address
// of the tagged one (the first with a port), which alone carries the transport
// attributes. A section that left the group (port 0) leaves its tag: the group is
// rewritten without it, and the transport moves to the new tagged section.
result<void> keep_bundle(sdp::session_description& doc) {
  std::vector<std::pair<std::string, std::string>> groups;  // semantics, tags
  for (auto const& g : doc.session().all<sdp::group>())
    groups.emplace_back(g.semantics, g.tags);
  bool bundle_changed = false;
  for (auto& [semantics, tags] : groups) {
    if (semantics != "BUNDLE") continue;
    std::vector<std::size_t> listed;   // every section the group names, in tag order
    std::vector<std::size_t> members;  // those still in it (a port)
    std::string kept;
    // A tag names the first m-line with that mid (RFC 5888: mids are unique; a peer's
    // duplicate names nothing twice here), and is kept once.
    for (auto const tag : imsdp::detail::split(tags, ' '))
      for (std::size_t i = 0; i < doc.media_count(); ++i) {
        auto const* mid = doc.media(i).find<sdp::mid>();
        if (mid == nullptr || mid->value != tag) continue;
        if (std::find(listed.begin(), listed.end(), i) == listed.end()) {
          listed.push_back(i);
          if (doc.media(i).port() != 0) {
            members.push_back(i);
            kept += (kept.empty() ? "" : " ") + std::string(tag);
          }
        }
        break;
      }
    if (kept != tags) {
      tags = kept;
      bundle_changed = true;
    }
    if (members.empty()) continue;
    // The transport lines of the group: those of the first section that has them (the
    // tagged one, or one that just left the group).
    std::vector<std::pair<std::string, std::optional<std::string>>> transport;
    std::size_t source = doc.media_count();
    for (auto const i : listed) {
      for (auto const& a : doc.media(i).attributes())
        if (detail::is_bundle_transport(a.name))
          transport.emplace_back(a.name, a.has_value
                                             ? std::optional<std::string>(std::string(a.value))
                                             : std::nullopt);
      if (!transport.empty()) {
        source = i;
        break;
      }
    }
    auto const tagged = members.front();
    auto const port = doc.media(tagged).port();
    for (auto const i : members) {
      if (i == tagged && source == tagged) continue;  // already right: its lines stay put
      doc.remove_attributes_if(sdp::scope::media(i), [](sdp::attribute const& a) {
        return detail::is_bundle_transport(a.name);
      });
      if (i == tagged)
        for (auto const& [name, value] : transport)
          if (auto r =
                  doc.add_attribute(sdp::scope::media(i), name,
                                    value ? std::optional<std::string_view>(*value) : std::nullopt);
              !r)
            return r;
      auto m = doc.media(i).m();
      if (m.port == port) continue;
      m.port = port;
      if (auto r = doc.set_media(i, m); !r) return r;
    }
  }
  if (!bundle_changed) return {};
  doc.remove_attributes_if(sdp::scope::session(), [](sdp::attribute const& a) {
    auto const* g = a.get<sdp::group>();
    return g != nullptr && g->semantics == "BUNDLE";
  });
  for (auto const& [semantics, tags] : groups)
    if (semantics == "BUNDLE" && !tags.empty())
      if (auto r = doc.add_attribute(sdp::scope::session(), sdp::group{semantics, tags}); !r)
        return r;
  return {};
}

// The description a builder wrote from the capabilities; a line that strict SDP refuses
// came from them (capabilities_invalid).
result<sdp::session_description> built(sdp::builder& b, std::string_view what) {
  auto doc = b.build();
  if (doc) return doc;
  auto e = doc.error();
  e.code = errc::capabilities_invalid;
  e.detail = std::string(what) + " does not parse under strict: " + doc.error().message();
  return e;
}

// A re-offer: a copy of the current description, edited, its BUNDLE groups kept as RFC
// 9143 7.5 asks, with the o= version following the last description this side sent (RFC
// 3264 section 8): one more when the content differs from it, the same otherwise. The
// last one sent may be a refused offer (488, 491) newer than `current`.
template <class Edit>
result<description> reoffer(sdp::session_description const& current, description const& last_sent,
                            Edit edit) {
  auto copy = current.clone();
  if (!copy) return copy.error();
  if (auto r = edit(*copy); !r) return r.error();
  if (auto r = keep_bundle(*copy); !r) return r.error();
  auto const& last = last_sent ? *last_sent : current;
  if (auto const* o = last.origin(); o != nullptr) {
    auto next = *o;
    if (!same_content(last, *copy)) ++next.session_version;
    if (auto const* mine = copy->origin(); mine == nullptr || !(*mine == next))
      if (auto r = copy->set_origin(next); !r) return r.error();
  }
  return std::make_shared<sdp::session_description const>(std::move(*copy));
}

result<void> check_media_index(sdp::session_description const& doc, std::size_t i,
                               bool datachannel) {
  if (i >= doc.media_count())
    return make_error(errc::not_found, "m-line", "no m-line " + std::to_string(i));
  if (datachannel && !datachannel::is_datachannel(doc.media(i)))
    return make_error(errc::dc_not_a_datachannel, "m-line",
                      "m-line " + std::to_string(i) + " is not a data channel");
  return {};
}

result<void> set_directions(sdp::session_description& doc,
                            sdp::media_direction (*change)(sdp::media_direction)) {
  for (std::size_t i = 0; i < doc.media_count(); ++i) {
    auto const m = doc.media(i);
    if (m.port() == 0 || datachannel::is_datachannel(m)) continue;
    if (auto r = doc.set_direction(sdp::scope::media(i), change(direction_of(doc, i))); !r)
      return r;
  }
  return {};
}

}  // namespace

result<generated> create_offer(capabilities const& local) {
  bool const jsep = !local.ice_ufrag.empty() && !local.fingerprint.empty();
  auto const space = local.fingerprint.find(' ');
  if ((jsep || local.data_channel) && space == std::string::npos)
    return make_error(errc::capabilities_invalid, "fingerprint",
                      "data channels and ICE offers need a DTLS fingerprint");
  std::string_view const address_type =
      local.address.find(':') == std::string::npos ? "IP4" : "IP6";
  std::uint64_t session_id = local.session_id;
  if (session_id == 0) session_id = 1;
  sdp::builder b;
  // About half a kilobyte per m= section (a WebRTC audio one with ICE, DTLS and its codecs).
  b.reserve(512 * (1 + std::size_t{local.audio.has_value()} + std::size_t{local.video.has_value()} +
                   std::size_t{local.data_channel.has_value()}));
  b.origin({local.username, session_id, 1, "IN", address_type, local.address})
      .session_name("-")
      .connection({"IN", address_type, local.address, {}, {}})
      .timing({0, 0});
  std::vector<std::string> mids;
  if (local.audio) mids.push_back(std::to_string(mids.size()));
  if (local.video) mids.push_back(std::to_string(mids.size()));
  if (local.data_channel) mids.push_back(std::to_string(mids.size()));
  if (jsep && local.bundle && !mids.empty()) {  // RFC 9143 7.2
    std::string tags;
    for (auto const& m : mids)
      tags += (tags.empty() ? "" : " ") + m;
    b.attribute(sdp::group{"BUNDLE", tags});
  }
  if (jsep && local.ice_lite) b.attribute(sdp::ice_lite{});  // RFC 8839 5.3
  std::size_t next_mid = 0;
  if (local.audio)  // not `audio ? codecs : vector{}`, which copies the codecs
    for (auto const& c : local.audio->codecs)
      if (c.clock_rate == 0 && !detail::is_helper(c.name))
        return make_error(errc::capabilities_invalid, "clockRate",
                          "codec " + c.name + " needs a clock rate to be offered");
  std::uint8_t next_dynamic = 96;
  std::vector<std::string> extension_ids;
  if (local.audio)
    if (auto r = rtp_section(b, "audio", *local.audio, 49170, jsep, mids[next_mid],
                             std::to_string(next_mid), local, next_dynamic, extension_ids);
        !r)
      return r.error();
  if (local.audio) ++next_mid;
  if (local.video)
    if (auto r = rtp_section(b, "video", *local.video, 49172, jsep, mids[next_mid],
                             std::to_string(next_mid), local, next_dynamic, extension_ids);
        !r)
      return r.error();
  if (local.video) ++next_mid;
  if (local.data_channel) {
    auto const& dc = *local.data_channel;
    auto const* host =
        detail::host_transport(local, jsep ? mids[next_mid] : std::to_string(next_mid));
    std::uint16_t port = dc.port ? dc.port : std::uint16_t{49174};
    if (host != nullptr && host->port) port = *host->port;
    b.media({"application", port, {}, "UDP/DTLS/SCTP", "webrtc-datachannel"});
    host_connection(b, host, local);
    if (jsep) {
      b.attribute(sdp::mid{mids[next_mid]});
      b.attribute(sdp::ice_ufrag{local.ice_ufrag}).attribute(sdp::ice_pwd{local.ice_pwd});
      host_candidates(b, host);
    }
    std::string_view const fp(local.fingerprint);
    b.attribute(sdp::fingerprint{fp.substr(0, space), fp.substr(space + 1)});
    b.attribute(sdp::setup{sdp::setup_role::actpass});
    if (!local.tls_id.empty()) b.attribute(sdp::tls_id{local.tls_id});
    b.attribute(datachannel::sctp_port{dc.sctp_port});
    b.attribute(datachannel::max_message_size{dc.max_message_size});
    for (auto const& c : dc.channels) {
      if (auto r = check_channel(c); !r) return r.error();
      b.attribute(to_dcmap(c));
    }
    for (auto const& cfg : dc.split_configurations)
      b.attribute("dcsa", std::to_string(dc.control_stream) + " 3gpp-aiml-split:" + cfg.value());
  }
  auto doc = built(b, "the offer");
  if (!doc) return doc.error();
  return generated{std::make_shared<sdp::session_description const>(std::move(*doc)), {}};
}

result<description> add_media(sdp::session_description const& current, capabilities const& local,
                              std::string_view kind, description const& last_sent) {
  auto const& caps = kind == "audio" ? local.audio : local.video;
  if ((kind != "audio" && kind != "video") || !caps)
    return make_error(errc::invalid_argument, "add_media",
                      "no " + std::string(kind) + " in the capabilities");
  // What the new section must not reuse: payload types and extension ids (one space per
  // offer in BUNDLE, RFC 9143 7.5.2 and RFC 8285 6) and mids.
  unsigned next = 96;
  std::vector<std::string> extension_ids;
  std::vector<std::string_view> mids;
  for (std::size_t i = 0; i < current.media_count(); ++i) {
    auto const m = current.media(i);
    for (auto const& map : m.all<sdp::rtpmap>())
      if (map.payload_type >= next) next = map.payload_type + 1u;
    for (auto const& x : m.all<sdp::extmap>())
      if (x.id >= 1 && x.id <= 255) {
        if (extension_ids.size() < x.id) extension_ids.resize(x.id);
        extension_ids[x.id - 1u] = x.uri;
      }
    if (auto const* mid = m.find<sdp::mid>()) mids.push_back(mid->value);
  }
  if (next + caps->codecs.size() * 2 + 2 > 128)
    return make_error(errc::invalid_argument, "RFC 3551 6", "no dynamic payload type left");
  std::string mid;
  for (unsigned n = 0; mid.empty(); ++n)
    if (std::find(mids.begin(), mids.end(), std::to_string(n)) == mids.end())
      mid = std::to_string(n);
  sdp::group const* bundle = nullptr;
  for (auto const& g : current.session().all<sdp::group>())
    if (g.semantics == "BUNDLE") bundle = &g;
  bool const jsep = bundle != nullptr && !local.ice_ufrag.empty() && !local.fingerprint.empty();
  // The section, written as an initial offer writes it, in a description of its own.
  auto next_dynamic = static_cast<std::uint8_t>(next);
  sdp::builder b;
  std::string_view const address_type =
      local.address.find(':') == std::string::npos ? "IP4" : "IP6";
  b.origin(*current.origin())
      .session_name("-")
      .connection({"IN", address_type, local.address, {}, {}})
      .timing({0, 0});
  if (auto r = rtp_section(b, kind, *caps, kind == "audio" ? 49170 : 49172, jsep, mid, mid, local,
                           next_dynamic, extension_ids);
      !r)
    return r.error();
  auto section = built(b, "the added m-line");
  if (!section) return section.error();
  // RFC 3264 8.3: a rejected slot (port 0) is reused before an m-line is added.
  std::optional<std::size_t> slot;
  for (std::size_t i = 0; i < current.media_count() && !slot; ++i)
    if (current.media(i).port() == 0) slot = i;
  return reoffer(current, last_sent, [&](sdp::session_description& doc) -> result<void> {
    auto const added = section->media(0);
    std::size_t index = 0;
    if (slot) {
      index = *slot;
      doc.remove_attributes_if(sdp::scope::media(index),
                               [](sdp::attribute const&) { return true; });
      if (auto r = doc.set_media(index, added.m()); !r) return r;
    } else {
      auto r = doc.add_media(added.m());
      if (!r) return r.error();
      index = *r;
    }
    for (auto const& f : added.fields()) {
      if (auto const* a = f.as_attribute()) {
        if (auto r = doc.add_attribute(
                sdp::scope::media(index), a->name,
                a->has_value ? std::optional<std::string_view>(a->value) : std::nullopt);
            !r)
          return r;
      } else if (auto const* bw = f.get<sdp::bandwidth>()) {
        if (auto r = doc.set_bandwidth(sdp::scope::media(index), *bw); !r) return r;
      }
    }
    if (bundle == nullptr) return {};
    // The new mid joins the BUNDLE group (RFC 9143 7.5.1).
    std::string tags(bundle->tags);
    tags += (tags.empty() ? "" : " ") + mid;
    doc.remove_attributes_if(sdp::scope::session(), [](sdp::attribute const& a) {
      auto const* g = a.get<sdp::group>();
      return g != nullptr && g->semantics == "BUNDLE";
    });
    return doc.add_attribute(sdp::scope::session(), sdp::group{"BUNDLE", tags});
  });
}

result<description> update_preconditions(sdp::session_description const& current,
                                         sdp::precondition_direction reserved,
                                         description const& remote, description const& last_sent) {
  return reoffer(current, last_sent, [&](sdp::session_description& doc) -> result<void> {
    for (std::size_t i = 0; i < doc.media_count(); ++i) {
      auto const m = doc.media(i);
      if (m.port() == 0 || m.find<sdp::des>() == nullptr) continue;
      bool const e2e =
          std::any_of(m.all<sdp::des>().begin(), m.all<sdp::des>().end(),
                      [](sdp::des const& d) { return d.status == sdp::status_type::e2e; });
      // What the peer says of its own segment (its "local"), or of the whole path.
      auto peer = sdp::precondition_direction::none;
      if (remote && i < remote->media_count())
        for (auto const& c : remote->media(i).all<sdp::curr>())
          if (c.precondition_type == "qos" &&
              c.status == (e2e ? sdp::status_type::e2e : sdp::status_type::local))
            peer = c.direction;
      doc.remove_attributes_if(sdp::scope::media(i), [](sdp::attribute const& a) {
        auto const* c = a.get<sdp::curr>();
        return (c != nullptr && c->precondition_type == "qos") || a.get<sdp::conf>() != nullptr;
      });
      if (e2e) {
        if (auto r = doc.add_attribute(sdp::scope::media(i),
                                       sdp::curr{"qos", sdp::status_type::e2e, reserved});
            !r)
          return r;
        continue;
      }
      if (auto r = doc.add_attribute(sdp::scope::media(i),
                                     sdp::curr{"qos", sdp::status_type::local, reserved});
          !r)
        return r;
      if (auto r = doc.add_attribute(sdp::scope::media(i),
                                     sdp::curr{"qos", sdp::status_type::remote, peer});
          !r)
        return r;
    }
    return {};
  });
}

result<description> restart_ice(sdp::session_description const& current, std::string_view ufrag,
                                std::string_view pwd, description const& last_sent) {
  if (ufrag.empty() || pwd.empty())
    return make_error(errc::invalid_argument, "RFC 8839 4.4.1.1.1",
                      "an ICE restart needs new credentials");
  return reoffer(current, last_sent, [&](sdp::session_description& doc) -> result<void> {
    std::vector<sdp::scope> scopes{sdp::scope::session()};
    for (std::size_t i = 0; i < doc.media_count(); ++i)
      scopes.push_back(sdp::scope::media(i));
    for (auto const where : scopes) {
      if (doc.section(where).find<sdp::ice_ufrag>() == nullptr) continue;
      if (auto r = doc.set_attribute(where, sdp::ice_ufrag{ufrag}); !r) return r;
      if (auto r = doc.set_attribute(where, sdp::ice_pwd{pwd}); !r) return r;
    }
    return {};
  });
}

result<description> hold(sdp::session_description const& current, description const& last_sent) {
  return reoffer(current, last_sent, [](sdp::session_description& doc) {
    return set_directions(doc, [](sdp::media_direction d) {
      using sdp::media_direction;
      return d == media_direction::sendrecv   ? media_direction::sendonly
             : d == media_direction::recvonly ? media_direction::inactive
                                              : d;
    });
  });
}

result<description> resume(sdp::session_description const& current, description const& last_sent) {
  return reoffer(current, last_sent, [](sdp::session_description& doc) {
    return set_directions(doc, [](sdp::media_direction d) {
      using sdp::media_direction;
      return d == media_direction::sendonly   ? media_direction::sendrecv
             : d == media_direction::inactive ? media_direction::recvonly
                                              : d;
    });
  });
}

result<description> disable_media(sdp::session_description const& current, std::size_t media_index,
                                  description const& last_sent) {
  if (auto r = check_media_index(current, media_index, false); !r) return r.error();
  return reoffer(current, last_sent, [&](sdp::session_description& doc) {
    auto m = doc.media(media_index).m();
    m.port = 0;
    return doc.set_media(media_index, m);
  });
}

result<description> add_channel(sdp::session_description const& current, std::size_t media_index,
                                channel_spec const& channel, description const& last_sent) {
  if (auto r = check_media_index(current, media_index, true); !r) return r.error();
  if (auto r = check_channel(channel); !r) return r.error();
  if (datachannel::view(current, media_index).find(channel.stream_id) != nullptr)
    return make_error(errc::dc_duplicate_stream_id, "RFC 8864 5.1",
                      "stream " + std::to_string(channel.stream_id) + " is already used");
  return reoffer(current, last_sent, [&](sdp::session_description& doc) {
    return doc.add_attribute(sdp::scope::media(media_index), to_dcmap(channel));
  });
}

result<description> remove_channel(sdp::session_description const& current, std::size_t media_index,
                                   std::uint16_t stream_id, description const& last_sent) {
  if (auto r = check_media_index(current, media_index, true); !r) return r.error();
  if (datachannel::view(current, media_index).find(stream_id) == nullptr)
    return make_error(errc::not_found, "dcmap", "no channel " + std::to_string(stream_id));
  return reoffer(current, last_sent, [&](sdp::session_description& doc) -> result<void> {
    doc.remove_attributes_if(sdp::scope::media(media_index), [&](sdp::attribute const& a) {
      if (auto const* m = a.get<datachannel::dcmap>()) return m->stream_id == stream_id;
      if (auto const* s = a.get<datachannel::dcsa>()) return s->stream_id == stream_id;
      return false;
    });
    return {};
  });
}

result<description> add_split_configuration(sdp::session_description const& current,
                                            std::size_t media_index, std::uint16_t control_stream,
                                            aiml::split::configuration const& configuration,
                                            description const& last_sent) {
  if (auto r = check_media_index(current, media_index, true); !r) return r.error();
  auto const view = datachannel::view(current, media_index);
  auto const* control = view.find(control_stream);
  if (control == nullptr ||
      (control->subprotocol() != "3gpp-aiml" && control->subprotocol() != "3gpp-ai"))
    return make_error(errc::split_not_on_control_channel, "DESIGN.md 5",
                      "stream " + std::to_string(control_stream) + " is not a 3gpp-aiml channel");
  for (auto const* s : control->scoped)
    if (auto const* c = s->get<aiml::split::aiml_split_3gpp>();
        c != nullptr && c->cfg_id == configuration.cfg_id)
      return make_error(errc::split_duplicate_cfg_id, "DESIGN.md 5",
                        "cfg-id " + std::to_string(configuration.cfg_id) + " is already offered");
  return reoffer(current, last_sent, [&](sdp::session_description& doc) {
    return doc.add_attribute(
        sdp::scope::media(media_index), "dcsa",
        std::to_string(control_stream) + " 3gpp-aiml-split:" + configuration.value());
  });
}

result<description> remove_split_configuration(sdp::session_description const& current,
                                               std::size_t media_index,
                                               std::uint16_t control_stream, std::uint8_t cfg_id,
                                               description const& last_sent) {
  if (auto r = check_media_index(current, media_index, true); !r) return r.error();
  // The configuration goes, and the sequences that name it as a step (DESIGN.md 5 rule 3).
  auto const removed = [&](aiml::split::aiml_split_3gpp const& c) {
    if (c.cfg_id == cfg_id) return true;
    if (c.steps.empty()) return false;
    for (auto const step : c.step_list())
      if (step == std::to_string(cfg_id)) return true;
    return false;
  };
  bool found = false;
  for (auto const& s : current.media(media_index).all<datachannel::dcsa>())
    if (auto const* c = s.get<aiml::split::aiml_split_3gpp>();
        c != nullptr && s.stream_id == control_stream && c->cfg_id == cfg_id)
      found = true;
  if (!found)
    return make_error(
        errc::not_found, "3gpp-aiml-split",
        "no cfg-id " + std::to_string(cfg_id) + " on stream " + std::to_string(control_stream));
  return reoffer(current, last_sent, [&](sdp::session_description& doc) -> result<void> {
    doc.remove_attributes_if(sdp::scope::media(media_index), [&](sdp::attribute const& a) {
      auto const* s = a.get<datachannel::dcsa>();
      if (s == nullptr || s->stream_id != control_stream) return false;
      auto const* c = s->get<aiml::split::aiml_split_3gpp>();
      return c != nullptr && removed(*c);
    });
    return {};
  });
}

}  // namespace imsdp::negotiation
