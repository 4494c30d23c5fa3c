// Codec lists, resources and leg capabilities of the interworking translations.
#include "interworking/support.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <imsdp/datachannel/attributes.hpp>
#include <imsdp/detail/split.hpp>
#include <imsdp/negotiation/rules.hpp>
#include <imsdp/sdp/parse.hpp>
#include <imsdp/sdp/serialize.hpp>

#include "detail/ascii.hpp"

namespace imsdp::interworking::detail {

using imsdp::detail::iequals;
using negotiation::codec;

error iwf_error(errc code, std::string_view rule, std::optional<std::size_t> media,
                std::string const& what) {
  return make_error(code, rule,
                    media ? fmt::format("m-line {}: {}", *media, what) : std::string(what));
}

result<sdp::session_description> parse_held(std::string const& text) {
  parse_options options;
  options.profile = profile::lenient();
  return sdp::parse(text, options);
}

negotiation::description held_description(std::string const& text) {
  if (text.empty()) return {};
  auto doc = parse_held(text);
  if (!doc) return {};
  return std::make_shared<sdp::session_description const>(std::move(*doc));
}

std::string held(sdp::session_description const& doc) {
  return sdp::serialize_exact(doc);
}

std::vector<offered_format> codecs_of(sdp::media_description const& m) {
  auto out = negotiation::detail::resolve_all(m);
  std::erase_if(
      out, [](offered_format const& f) { return negotiation::detail::is_helper(f.encoding_name); });
  return out;
}

std::optional<offered_format> telephone_event_of(sdp::media_description const& m,
                                                 std::uint32_t clock_rate) {
  for (auto const& f : negotiation::detail::resolve_all(m))
    if (iequals(f.encoding_name, "telephone-event") &&
        (clock_rate == 0 || f.clock_rate == clock_rate))
      return f;
  return std::nullopt;
}

bool accepts(codec const& c, offered_format const& f) {
  // match() refuses another name first; skipping those here spares building its result.
  return iequals(c.name, f.encoding_name) &&
         negotiation::detail::match(f, c, negotiation::detail::match_detail::verdict).accepted;
}

bool listed(std::vector<codec> const& list, offered_format const& f) {
  return std::any_of(list.begin(), list.end(), [&](codec const& c) { return accepts(c, f); });
}

offered_format const* first_transcodable(std::vector<offered_format> const& formats,
                                         policy const& p) {
  auto const it = std::find_if(formats.begin(), formats.end(), [&](offered_format const& f) {
    return listed(p.media_function.codecs, f);
  });
  return it == formats.end() ? nullptr : &*it;
}

bool transcodable(policy const& p, codec const& c) {
  return std::any_of(
      p.media_function.codecs.begin(), p.media_function.codecs.end(), [&](codec const& mf) {
        return iequals(mf.name, c.name) && (mf.clock_rate == 0 || mf.clock_rate == c.clock_rate);
      });
}

std::string label(offered_format const& f) {
  std::string out;  // most labels fit the string's own buffer: no reserve
  negotiation::detail::append_encoding(out, f.encoding_name, f.clock_rate, f.channels);
  return out;
}

std::string label(codec const& c) {
  std::string out;
  negotiation::detail::append_encoding(out, c.name, c.clock_rate, c.channels);
  return out;
}

namespace {

std::string labels(std::vector<offered_format> const& formats) {
  std::string out;
  for (auto const& f : formats)
    out += (out.empty() ? "" : ", ") + label(f);
  return "[" + out + "]";
}

std::string labels(std::vector<codec> const& codecs) {
  std::string out;
  for (auto const& c : codecs)
    out += (out.empty() ? "" : ", ") + label(c);
  return "[" + out + "]";
}

}  // namespace

result<std::vector<codec>> offer_codecs(std::vector<offered_format> const& offered,
                                        offered_format const* source_codec,
                                        std::size_t source_index, std::vector<codec> const& target,
                                        policy const& p, std::size_t target_index,
                                        std::vector<negotiation::decision>& explanation) {
  bool const source_transcodable = source_codec != nullptr;
  std::vector<codec> out;
  out.reserve(target.size());
  explanation.reserve(explanation.size() + target.size());
  for (auto const& c : target) {
    bool const passed = std::any_of(offered.begin(), offered.end(),
                                    [&](offered_format const& f) { return accepts(c, f); });
    bool const transcoded = source_transcodable && transcodable(p, c);
    bool take = false;
    std::string why;
    switch (p.codecs) {
      case codec_mode::passthrough:
        take = passed;
        why = passed ? "passed through" : "not in the offer (passthrough only)";
        break;
      case codec_mode::transcode:
        take = transcoded;
        why = transcoded ? "transcoded" : "the media function does not transcode it";
        break;
      case codec_mode::prefer_passthrough:
        take = passed || transcoded;
        why = passed       ? "passed through"
              : transcoded ? "transcoded"
                           : "neither offered nor transcodable";
        break;
    }
    explanation.push_back({target_index, label(c), take, why + " (rule 12.5.9)"});
    if (take) out.push_back(c);
  }
  if (out.empty())
    return iwf_error(errc::iwf_no_codec, "12.5.9", source_index,
                     fmt::format("offered {}; target {}; mediaFunction.codecs {}", labels(offered),
                                 labels(target), labels(p.media_function.codecs)));
  return out;
}

std::optional<offered_format> same_codec(sdp::media_description const& offer,
                                         offered_format const& selected) {
  auto const same = negotiation::detail::exact_codec(selected);
  for (auto const& f : codecs_of(offer))
    if (accepts(same, f)) return f;
  return std::nullopt;
}

result<offered_format> answer_codec(sdp::media_description const& offer,
                                    offered_format const& selected,
                                    std::vector<codec> const& allowed, policy const& p,
                                    std::size_t index) {
  auto const offered = codecs_of(offer);
  if (p.codecs != codec_mode::transcode)
    if (auto f = same_codec(offer, selected)) return *f;
  if (p.codecs != codec_mode::passthrough && listed(p.media_function.codecs, selected))
    for (auto const& f : offered)
      if (listed(allowed, f) && listed(p.media_function.codecs, f)) return f;
  return iwf_error(errc::iwf_no_codec, "12.5.10", index,
                   fmt::format("the other leg chose {}; offered {}; mediaFunction.codecs {}",
                               label(selected), labels(offered), labels(p.media_function.codecs)));
}

result<offered_format> selected_codec(sdp::media_description const& offer,
                                      sdp::media_description const& answer) {
  auto const offered = codecs_of(offer);
  for (auto const& f : codecs_of(answer))
    for (auto const& o : offered)
      if (negotiation::detail::same_encoding(f, o)) return f;
  return iwf_error(errc::iwf_answer_codec, "12.5.1", answer.index(),
                   "the answer chose no codec of the offer " + labels(offered));
}

std::uint64_t bandwidth_as(std::vector<codec> const& codecs, unsigned ptime, bool ipv6) {
  // The highest bit rate of each codec: RFC 4867 (AMR 12.2, AMR-WB 23.85 kbit/s), TS
  // 26.445 (EVS 24.4 in the default br range), G.711 64 kbit/s; AMR and EVS frames carry
  // two bytes of payload header (CMR and ToC, octet-aligned).
  struct rate {
    std::string_view name;
    std::uint64_t bits;
    std::uint64_t header_bytes;
  };
  constexpr rate table[] = {{"AMR", 12200, 2},  {"AMR-WB", 23850, 2}, {"EVS", 24400, 2},
                            {"PCMU", 64000, 0}, {"PCMA", 64000, 0},   {"G722", 64000, 0},
                            {"opus", 64000, 0}};
  if (ptime == 0) ptime = 20;
  std::uint64_t highest = 0;
  for (auto const& c : codecs)
    for (auto const& r : table)
      if (iequals(r.name, c.name)) {
        auto const payload_bytes = (r.bits * ptime / 1000 + 7) / 8 + r.header_bytes;
        highest = std::max(highest, payload_bytes * 8 * 1000 / ptime);
      }
  std::uint64_t const headers = (ipv6 ? 40 : 20) + 8 + 12;
  return (highest + headers * 8 * 1000 / ptime + 999) / 1000;
}

result<void> check_resources(media_resources const& r, bool webrtc, std::size_t ims_ports,
                             bool ims_fingerprint, std::size_t webrtc_ports) {
  auto const fail = [](std::string_view member, std::string const& why) -> result<void> {
    auto e = make_error(errc::iwf_resources, "12.2", why);
    e.path = "/" + std::string(member);
    return e;
  };
  if (r.session_id == 0 || r.session_id > (std::uint64_t{1} << 53) - 1)
    return fail("sessionId", "an o= session id of 1 to 2^53-1 (the state is JSON)");
  // The bounds of the resources' JSON form, so that every state reads back.
  if (r.candidates.size() > 64 || r.ims_ports.size() > 64 || r.webrtc_ports.size() > 64)
    return fail(r.candidates.size() > 64  ? "candidates"
                : r.ims_ports.size() > 64 ? "imsPorts"
                                          : "webrtcPorts",
                "at most 64 entries");
  for (std::size_t i = 0; i < r.candidates.size(); ++i)
    if (r.candidates[i].empty() || r.candidates[i].size() > 1024)
      return fail("candidates/" + std::to_string(i), "1 to 1024 characters");
  if (r.webrtc_address.size() > 255 || r.ims_address.size() > 255 ||
      r.webrtc_fingerprint.size() > 1024 || r.tls_id.size() > 256)
    return fail(r.webrtc_address.size() > 255 ? "webrtcAddress"
                : r.ims_address.size() > 255  ? "imsAddress"
                : r.tls_id.size() > 256       ? "tlsId"
                                              : "webrtcFingerprint",
                "too long");
  if (webrtc) {
    if (r.webrtc_address.empty() || r.webrtc_port == 0)
      return fail("webrtcAddress", "the WebRTC leg needs an address and a port");
    // RFC 8839 5.4: ice-char, ufrag 4..256 and pwd 22..256 characters.
    auto const ice_chars = [](std::string const& s) {
      return std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '+' || c == '/';
      });
    };
    if (r.ice_ufrag.size() < 4 || r.ice_ufrag.size() > 256 || !ice_chars(r.ice_ufrag))
      return fail("iceUfrag", "4 to 256 ice-chars (RFC 8839 5.4)");
    if (r.ice_pwd.size() < 22 || r.ice_pwd.size() > 256 || !ice_chars(r.ice_pwd))
      return fail("icePwd", "22 to 256 ice-chars (RFC 8839 5.4)");
    if (r.webrtc_fingerprint.find(' ') == std::string::npos)
      return fail("webrtcFingerprint", "\"<hash> <hex>\" (RFC 8122 5)");
    if (r.webrtc_ports.size() < webrtc_ports)
      return fail("webrtcPorts",
                  fmt::format("{} more WebRTC ports needed, one per further m-line (webrtc.bundle)",
                              webrtc_ports));
    for (std::size_t i = 0; i < r.webrtc_ports.size(); ++i)  // each: the state is JSON
      if (r.webrtc_ports[i] == 0)
        return fail("webrtcPorts/" + std::to_string(i), "a port of 1 to 65535");
  }
  if (ims_fingerprint &&
      (r.ims_fingerprint.find(' ') == std::string::npos || r.ims_fingerprint.size() > 1024))
    return fail("imsFingerprint", "\"<hash> <hex>\" for the IMS data channel (RFC 8122 5)");
  if (ims_ports > 0) {
    if (r.ims_address.empty()) return fail("imsAddress", "the IMS leg needs an address");
    if (r.ims_ports.size() < ims_ports)
      return fail("imsPorts", fmt::format("{} RTP ports needed", ims_ports));
    for (std::size_t i = 0; i < ims_ports; ++i)
      if (r.ims_ports[i] == 0 || r.ims_ports[i] % 2 != 0 || r.ims_ports[i] == 65535)
        return fail("imsPorts/" + std::to_string(i), "an even RTP port (RFC 3550 11)");
  }
  return {};
}

std::size_t extra_webrtc_ports(policy const& p, std::size_t carried, bool offer) {
  if (carried < 2) return 0;
  bool const own =
      p.webrtc.bundle == bundle_mode::none || (offer && p.webrtc.bundle == bundle_mode::group);
  return own ? carried - 1 : 0;
}

negotiation::capabilities webrtc_capabilities(policy const& p, media_resources const& r,
                                              std::vector<std::string> const& keys, bool offer) {
  negotiation::capabilities caps;
  caps.session_id = r.session_id;
  caps.address = r.webrtc_address;
  caps.ice_ufrag = r.ice_ufrag;
  caps.ice_pwd = r.ice_pwd;
  caps.fingerprint = r.webrtc_fingerprint;
  caps.tls_id = r.tls_id;
  caps.ice_lite = p.webrtc.ice_lite;
  caps.dtls_role = p.webrtc.dtls_answer_role;
  caps.bundle = p.webrtc.bundle != bundle_mode::none;  // RFC 9143 7.3.3: declined
  // RFC 8839 5.1: a host candidate of the media function's port, unless it lists its own
  // (for the first transport); it knows all its candidates (RFC 8840).
  auto const transport = [&](std::uint16_t port, bool first) {
    negotiation::local_transport t;
    t.port = port;
    t.address = r.webrtc_address;
    if (first) t.candidates = r.candidates;
    if (t.candidates.empty())
      t.candidates.push_back(
          fmt::format("1 1 udp 2130706431 {} {} typ host", r.webrtc_address, port));
    t.end_of_candidates = true;
    return t;
  };
  auto const extra = extra_webrtc_ports(p, keys.size(), offer);
  if (extra == 0 || r.webrtc_ports.size() < extra) {
    caps.transports["*"] = transport(r.webrtc_port, true);
  } else {
    caps.transports[keys.front()] = transport(r.webrtc_port, true);
    for (std::size_t i = 1; i < keys.size(); ++i)
      caps.transports[keys[i]] = transport(r.webrtc_ports[i - 1], false);
  }
  caps.single_codec = true;
  return caps;
}

negotiation::capabilities ims_capabilities(policy const& p, media_resources const& r,
                                           ims_media media) {
  negotiation::capabilities caps;
  caps.session_id = r.session_id;
  caps.address = r.ims_address;
  caps.single_codec = true;
  caps.bundle = false;  // the media function demultiplexes the IMS leg by port
  // SDES-SRTP on the IMS leg (table 12.3 ims.srtp): the host's suites and key source.
  if (p.ims.srtp == srtp_mode::sdes) caps.sdes = p.ims.sdes;
  if (p.ims.preconditions == preconditions_mode::terminate) {
    // Rule 14: the IWF's own segment needs no reservation; it is met from the start.
    negotiation::precondition_capabilities pc;
    pc.current = sdp::precondition_direction::sendrecv;
    caps.preconditions = pc;
  }
  std::size_t next_port = 0;
  auto const port = [&] {
    return next_port < r.ims_ports.size() ? r.ims_ports[next_port++] : std::uint16_t{0};
  };
  if (media.audio) {
    negotiation::media_capabilities audio;
    audio.port = port();
    bool const ipv6 = r.ims_address.find(':') != std::string::npos;
    audio.bandwidth_kbps = bandwidth_as(*media.audio, p.ims.ptime, ipv6);
    audio.codecs = std::move(*media.audio);
    audio.telephone_event = p.dtmf == dtmf_mode::rfc4733;
    audio.direction = media.direction;
    audio.rtcp_rs = p.ims.rtcp_rs;
    audio.rtcp_rr = p.ims.rtcp_rr;
    audio.profile = p.ims.profile;
    audio.ptime = std::to_string(p.ims.ptime);
    audio.maxptime = std::to_string(p.ims.maxptime);
    audio.rtcp_feedback = p.ims.profile != negotiation::rtp_profile::avp;
    caps.audio = std::move(audio);
  }
  if (media.video) {
    negotiation::media_capabilities video;
    video.port = port();
    video.codecs = std::move(*media.video);
    video.direction = media.video_direction;
    video.bandwidth_kbps = p.ims.video_bandwidth;
    video.profile = p.ims.profile;
    caps.video = std::move(video);
  }
  if (media.data_channel) {
    media.data_channel->port = port();
    caps.data_channel = std::move(media.data_channel);
    caps.fingerprint = r.ims_fingerprint;  // TS 26.114 6.2.10: DTLS of the IMS leg
  }
  return caps;
}

std::vector<codec> video_codecs(sdp::media_description const& m, policy const& p, bool offering) {
  std::vector<codec> out;
  for (auto const& f : codecs_of(m)) {
    if (!listed(p.video_codecs, f)) continue;
    auto c = negotiation::detail::exact_codec(f);
    if (offering && f.parameters) c.fmtp = std::string(*f.parameters);
    c.feedback = {"nack", "nack pli", "ccm fir"};
    out.push_back(std::move(c));
  }
  return out;
}

negotiation::datachannel_capabilities relayed_channels(
    std::vector<negotiation::channel_spec> channels, std::uint64_t max_message_size) {
  negotiation::datachannel_capabilities dc;
  dc.stream_plan = negotiation::stream_plan::any;
  dc.max_message_size = max_message_size;
  dc.channels = std::move(channels);
  return dc;
}

std::vector<negotiation::channel_spec> channels_of(sdp::media_description const& m) {
  std::vector<negotiation::channel_spec> out;
  for (auto const& d : m.all<datachannel::dcmap>()) {
    negotiation::channel_spec c;
    c.stream_id = d.stream_id;
    if (d.label) c.label = d.label->decoded();
    c.subprotocol = d.subprotocol_name();
    c.ordered = d.ordered;
    c.max_retr = d.max_retr;
    c.max_time = d.max_time;
    c.priority = d.priority;
    out.push_back(std::move(c));
  }
  return out;
}

std::uint64_t max_message_size_of(sdp::media_description const& m) {
  auto const* v = m.find<datachannel::max_message_size>();
  return v != nullptr ? v->bytes : datachannel::default_max_message_size;
}

void tune_opus(codec& c, std::uint32_t other_clock_rate) {
  if (!iequals(c.name, "opus") || !c.fmtp.empty()) return;
  c.fmtp = fmt::format("minptime=10;useinbandfec=1;maxplaybackrate={}",
                       other_clock_rate >= 16000 ? 16000 : 8000);
}

// RFC 9143 7.3.1 and 7.5.1: the m-line whose transport (ICE, DTLS) a bundled m-line uses:
// the first of its BUNDLE group with a port; itself when it is in no group.
std::string key_of(sdp::session_description const& doc, std::size_t i) {
  if (auto const* mid = doc.media(i).find<sdp::mid>()) return std::string(mid->value);
  return std::to_string(i);
}

result<negotiation::description> keep_origin(negotiation::description offer,
                                             std::string const& last_sent) {
  if (last_sent.empty()) return offer;
  auto const last = parse_held(last_sent);
  if (!last || last->origin() == nullptr) return offer;
  auto origin = *last->origin();
  if (!negotiation::same_content(*last, *offer)) ++origin.session_version;
  auto copy = offer->clone();
  if (!copy) return copy.error();
  if (auto r = copy->set_origin(origin); !r) return r.error();
  return std::make_shared<sdp::session_description const>(std::move(*copy));
}

}  // namespace imsdp::interworking::detail
