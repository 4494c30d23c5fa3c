// Capabilities from JSON text (schemas/negotiation/capabilities.schema.json), read strictly
// with the library's bounded JSON reader (src/detail/json_reader.hpp), as the split
// capabilities they contain are.
#include <imsdp/aiml/split/json.hpp>
#include <imsdp/negotiation/json.hpp>
#include <imsdp/sdp/parse.hpp>
#include <limits>

#include "detail/json_reader.hpp"
#include "negotiation/json_codec.hpp"

namespace imsdp::negotiation {
namespace {

using imsdp::detail::object_view;
using imsdp::detail::read_array;
using nlohmann::json;

constexpr auto unbounded = std::numeric_limits<std::size_t>::max();

template <class T>
std::optional<T> number(object_view const& o, std::string_view key) {
  if (auto const v = o.unsigned_integer(key, false, 0, std::numeric_limits<T>::max()))
    return static_cast<T>(*v);
  return std::nullopt;
}

template <class T>
std::vector<T> numbers(object_view const& o, std::string_view key, std::uint64_t max) {
  return read_array<T>(o, key, false, 0, unbounded, [&](json const& v, std::string const& path) {
    return static_cast<T>(imsdp::detail::unsigned_value(o.reader(), v, path, 0, max).value_or(0));
  });
}

std::vector<std::string> strings(object_view const& o, std::string_view key) {
  return read_array<std::string>(
      o, key, false, 0, unbounded, [&](json const& v, std::string const& path) {
        return imsdp::detail::string_value(o.reader(), v, path, unbounded).value_or("");
      });
}

// A number or a string of it, kept as text (ptime, maxptime).
std::string decimal(object_view const& o, std::string_view key) {
  auto const* v = o.get(key, false);
  if (v == nullptr) return {};
  if (v->is_number_unsigned()) return std::to_string(v->get<std::uint64_t>());
  return o.string(key, false, 16, 1).value_or("");
}

// An enumerated member, spelled as the values' to_string(); another spelling is an error.
template <class E>
void read_enum(object_view const& o, std::string_view key, std::initializer_list<E> values, E& out,
               char const* expected) {
  auto const text = o.string(key, false, 16);
  if (!text) return;
  for (auto v : values)
    if (*text == to_string(v)) {
      out = v;
      return;
    }
  o.reader().fail(errc::json_value_out_of_range, o.member_path(key), expected);
}

}  // namespace

codec detail::read_codec(imsdp::detail::json_reader& reader, json const& value,
                         std::string const& path) {
  object_view const o(reader, value, path,
                      {"name", "clockRate", "channels", "fmtp", "modeSet", "octetAlign", "bitrates",
                       "bandwidths", "profiles", "maxLevel", "packetizationModes", "feedback"});
  codec c;
  c.name = o.string("name", true, unbounded, 1).value_or("");
  c.clock_rate = number<std::uint32_t>(o, "clockRate").value_or(0);
  c.channels = number<std::uint32_t>(o, "channels").value_or(0);
  c.fmtp = o.string("fmtp", false, unbounded).value_or("");
  c.mode_set = numbers<unsigned>(o, "modeSet", 8);
  c.octet_align = o.boolean("octetAlign", false);
  c.bitrates = o.string("bitrates", false, unbounded).value_or("");
  c.bandwidths = o.string("bandwidths", false, unbounded).value_or("");
  c.profiles = strings(o, "profiles");
  c.max_level = number<std::uint8_t>(o, "maxLevel");
  if (o.has("packetizationModes"))
    c.packetization_modes = numbers<unsigned>(o, "packetizationModes", 2);
  c.feedback = strings(o, "feedback");
  return c;
}

namespace {

media_capabilities read_media(object_view const& o) {
  media_capabilities m;
  m.port = number<std::uint16_t>(o, "port").value_or(0);
  m.codecs = read_array<codec>(o, "codecs", false, 0, unbounded,
                               [&](json const& v, std::string const& path) {
                                 return detail::read_codec(o.reader(), v, path);
                               });
  m.telephone_event = o.boolean("telephoneEvent", false).value_or(false);
  read_enum(o, "direction",
            {sdp::media_direction::sendrecv, sdp::media_direction::sendonly,
             sdp::media_direction::recvonly, sdp::media_direction::inactive},
            m.direction, "sendrecv, sendonly, recvonly or inactive");
  m.bandwidth_kbps = number<std::uint64_t>(o, "bandwidth");
  m.rtcp_rs = number<std::uint64_t>(o, "bandwidthRs");
  m.rtcp_rr = number<std::uint64_t>(o, "bandwidthRr");
  read_enum(o, "rtpProfile", {rtp_profile::avp, rtp_profile::avpf_capneg, rtp_profile::avpf},
            m.profile, "avp, avpf-capneg or avpf");
  m.ptime = decimal(o, "ptime");
  m.maxptime = decimal(o, "maxptime");
  m.header_extensions = strings(o, "headerExtensions");
  m.rtcp_feedback = o.boolean("rtcpFeedback", false).value_or(true);
  m.simulcast = o.boolean("simulcast", false).value_or(false);
  m.tracks = read_array<local_track>(
      o, "tracks", false, 0, unbounded, [&](json const& v, std::string const& path) {
        object_view const t(o.reader(), v, path, {"stream", "track", "ssrc", "cname"});
        local_track track;
        track.stream = t.string("stream", true, unbounded, 1).value_or("");
        track.track = t.string("track", false, unbounded).value_or("");
        track.ssrc = number<std::uint32_t>(t, "ssrc");
        track.cname = t.string("cname", false, unbounded).value_or("");
        return track;
      });
  return m;
}

}  // namespace

channel_spec detail::read_channel(imsdp::detail::json_reader& reader, json const& value,
                                  std::string const& path) {
  object_view const o(
      reader, value, path,
      {"streamId", "label", "subprotocol", "ordered", "maxRetr", "maxTime", "priority"});
  channel_spec c;
  c.stream_id =
      static_cast<std::uint16_t>(o.unsigned_integer("streamId", true, 0, 65535).value_or(0));
  c.label = o.string("label", false, unbounded).value_or("");
  c.subprotocol = o.string("subprotocol", false, unbounded).value_or("");
  c.ordered = o.boolean("ordered", false);
  c.max_retr = number<std::uint16_t>(o, "maxRetr");
  c.max_time = number<std::uint16_t>(o, "maxTime");
  c.priority = number<std::uint16_t>(o, "priority");
  return c;
}

sdes_capabilities detail::read_sdes(imsdp::detail::json_reader& reader, json const& value,
                                    std::string const& path) {
  object_view const v(reader, value, path, {"suites", "allowUnprotected"});
  sdes_capabilities sc;
  if (v.get("suites", false)) sc.suites = strings(v, "suites");
  sc.allow_unprotected = v.boolean("allowUnprotected", false).value_or(false);
  return sc;
}

namespace {

datachannel_capabilities read_datachannel(object_view const& o) {
  datachannel_capabilities d;
  d.port = number<std::uint16_t>(o, "port").value_or(0);
  d.subprotocols = strings(o, "subprotocols");
  d.max_message_size = number<std::uint64_t>(o, "maxMessageSize").value_or(65536);
  d.sctp_port = number<std::uint16_t>(o, "sctpPort").value_or(5000);
  d.control_stream = number<std::uint16_t>(o, "controlStream").value_or(0);
  if (auto const plan = o.string("streamPlan", false, 16)) {
    if (*plan == "any")
      d.stream_plan = stream_plan::any;
    else if (*plan != "ts26114")
      o.reader().fail(errc::json_value_out_of_range, o.member_path("streamPlan"), "ts26114 or any");
  }
  if (auto const* aiml = o.get("aiml", false); aiml != nullptr && o.reader().ok()) {
    auto caps = aiml::split::capabilities_from_json(aiml->dump());
    if (caps)
      d.aiml = std::move(*caps);
    else
      o.reader().fail(caps.error().code, o.member_path("aiml") + caps.error().path,
                      caps.error().detail);
  }
  d.channels = read_array<channel_spec>(o, "channels", false, 0, unbounded,
                                        [&](json const& v, std::string const& path) {
                                          return detail::read_channel(o.reader(), v, path);
                                        });
  auto const values = strings(o, "splitConfigurations");
  for (std::size_t i = 0; i < values.size() && o.reader().ok(); ++i) {
    auto const a = sdp::parse_attribute("3gpp-aiml-split", values[i]);
    if (!a) {
      o.reader().fail(errc::json_value_out_of_range,
                      imsdp::detail::pointer_append(o.member_path("splitConfigurations"), i),
                      "not a 3gpp-aiml-split value: " + a.error().message());
      break;
    }
    d.split_configurations.push_back(
        aiml::split::configuration::from(*a->get<aiml::split::aiml_split_3gpp>()));
  }
  return d;
}

}  // namespace

result<capabilities> capabilities_from_json(std::string_view json_text) {
  auto const parsed = imsdp::detail::parse_strict(json_text, {});
  if (!parsed) return parsed.error();
  imsdp::detail::json_reader r;
  object_view const o(r, *parsed, "",
                      {"username",      "sessionId", "address", "iceUfrag",   "icePwd",
                       "fingerprint",   "tlsId",     "iceLite", "dtlsRole",   "bundle",
                       "transports",    "onHold",    "refused", "codecOrder", "singleCodec",
                       "preconditions", "sdes",      "audio",   "video",      "dataChannel"});
  capabilities c;
  c.username = o.string("username", false, unbounded, 1).value_or("-");
  c.session_id = number<std::uint64_t>(o, "sessionId").value_or(0);
  c.address = o.string("address", false, unbounded, 1).value_or("0.0.0.0");
  c.ice_ufrag = o.string("iceUfrag", false, unbounded).value_or("");
  c.ice_pwd = o.string("icePwd", false, unbounded).value_or("");
  c.fingerprint = o.string("fingerprint", false, unbounded).value_or("");
  c.tls_id = o.string("tlsId", false, unbounded).value_or("");
  c.ice_lite = o.boolean("iceLite", false).value_or(false);
  c.bundle = o.boolean("bundle", false).value_or(true);
  read_enum(o, "dtlsRole", {sdp::setup_role::active, sdp::setup_role::passive}, c.dtls_role,
            "active or passive");
  if (auto const* t = o.get("transports", false)) {
    if (!t->is_object()) {
      r.fail(errc::json_type, o.member_path("transports"), "expected an object");
    } else {
      for (auto const& [key, value] : t->items()) {
        std::string escaped;  // RFC 6901: "~" and "/" in a member name
        for (char ch : key)
          escaped += ch == '~'   ? std::string("~0")
                     : ch == '/' ? std::string("~1")
                                 : std::string(1, ch);
        object_view const v(r, value, o.member_path("transports") + "/" + escaped,
                            {"port", "address", "candidates", "endOfCandidates"});
        local_transport lt;
        lt.port = number<std::uint16_t>(v, "port");
        lt.address = v.string("address", false, unbounded).value_or("");
        lt.candidates = strings(v, "candidates");
        lt.end_of_candidates = v.boolean("endOfCandidates", false).value_or(false);
        c.transports.emplace(key, std::move(lt));
      }
    }
  }
  c.on_hold = strings(o, "onHold");
  c.refused = strings(o, "refused");
  if (auto const order = o.string("codecOrder", false, 8)) {
    if (*order == "local") {
      c.order = codec_order::local;
    } else if (*order != "offer") {
      r.fail(errc::json_value_out_of_range, o.member_path("codecOrder"), "offer or local");
    }
  }
  c.single_codec = o.boolean("singleCodec", false).value_or(false);
  if (auto const* p = o.get("preconditions", false)) {
    object_view const v(r, *p, o.member_path("preconditions"),
                        {"current", "strength", "confirm", "reservable"});
    precondition_capabilities pc;
    read_enum(v, "current",
              {sdp::precondition_direction::none, sdp::precondition_direction::send,
               sdp::precondition_direction::recv, sdp::precondition_direction::sendrecv},
              pc.current, "none, send, recv or sendrecv");
    read_enum(v, "strength", {sdp::strength_tag::mandatory, sdp::strength_tag::optional},
              pc.strength, "mandatory or optional");
    pc.confirm = v.boolean("confirm", false).value_or(true);
    pc.reservable = v.boolean("reservable", false).value_or(true);
    c.preconditions = pc;
  }
  if (auto const* p = o.get("sdes", false))
    c.sdes = detail::read_sdes(r, *p, o.member_path("sdes"));
  std::initializer_list<std::string_view> const media_members = {
      "port",   "codecs",      "telephoneEvent",   "direction",    "bandwidth",
      "ptime",  "maxptime",    "headerExtensions", "rtcpFeedback", "simulcast",
      "tracks", "bandwidthRs", "bandwidthRr",      "rtpProfile"};
  for (auto const* key : {"audio", "video"})
    if (auto const* v = o.get(key, false))
      (std::string_view(key) == "audio" ? c.audio : c.video) =
          read_media(object_view(r, *v, o.member_path(key), media_members));
  if (auto const* v = o.get("dataChannel", false))
    c.data_channel = read_datachannel(
        object_view(r, *v, o.member_path("dataChannel"),
                    {"port", "subprotocols", "streamPlan", "maxMessageSize", "sctpPort", "aiml",
                     "channels", "splitConfigurations", "controlStream"}));
  if (!r.ok()) return r.take_error();
  return c;
}

namespace {

json codec_json(negotiated_codec const& c) {
  json j{{"payloadType", c.payload_type},
         {"name", c.name},
         {"clockRate", c.clock_rate},
         {"channels", c.channels}};
  if (!c.fmtp.empty()) j["fmtp"] = c.fmtp;
  return j;
}

json endpoint_json(endpoint const& e) {
  return json{{"address", e.address}, {"port", e.port}};
}

}  // namespace

void to_json(json& j, negotiated_session const& session) {
  j = json::object();
  j["localOfferer"] = session.local_offerer;
  json streams = json::array();
  for (auto const& s : session.streams) {
    json e{{"media", s.media_index}, {"type", s.media}, {"proto", s.proto}, {"active", s.active}};
    if (!s.mid.empty()) e["mid"] = s.mid;
    if (!s.active) {
      streams.push_back(std::move(e));
      continue;
    }
    e["direction"] = sdp::to_string(s.direction);
    if (s.proto.find("RTP/") != std::string::npos) {
      if (s.send) e["send"] = codec_json(*s.send);
      json list = json::array();
      for (auto const& c : s.receive)
        list.push_back(codec_json(c));
      e["receive"] = std::move(list);
      list = json::array();
      for (auto const& c : s.send_telephone_events)
        list.push_back(codec_json(c));
      e["sendTelephoneEvents"] = std::move(list);
    }
    if (s.ptime) e["ptime"] = *s.ptime;
    if (s.maxptime) e["maxptime"] = *s.maxptime;
    e["remoteRtp"] = endpoint_json(s.remote_rtp);
    if (s.remote_rtcp) e["remoteRtcp"] = endpoint_json(*s.remote_rtcp);
    e["rtcpMux"] = s.rtcp_mux;
    e["transport"] = s.transport;
    if (!s.bundle_group.empty()) e["bundleGroup"] = s.bundle_group;
    if (!s.remote_ice_ufrag.empty()) {
      e["remoteIceUfrag"] = s.remote_ice_ufrag;
      e["iceRestart"] = s.ice_restart;
    }
    if (s.dtls_role) e["dtlsRole"] = sdp::to_string(*s.dtls_role);
    if (!s.remote_fingerprint.empty()) {
      e["remoteFingerprint"] = s.remote_fingerprint;
      e["newDtlsAssociation"] = s.new_dtls_association;
    }
    if (!s.remote_tls_id.empty()) e["remoteTlsId"] = s.remote_tls_id;
    // The keys are secrets (session.hpp): tag and suite only.
    if (s.srtp) {
      json srtp{{"tag", s.srtp->tag}, {"suite", s.srtp->suite}};
      if (!s.srtp->session_params.empty()) srtp["sessionParams"] = s.srtp->session_params;
      e["srtp"] = std::move(srtp);
    }
    if (s.remote_sctp_port) e["remoteSctpPort"] = *s.remote_sctp_port;
    if (s.remote_max_message_size) e["remoteMaxMessageSize"] = *s.remote_max_message_size;
    if (s.remote_sctp_port) {
      json channels = json::array();
      for (auto const& c : s.channels) {
        json ch{{"streamId", c.stream_id}, {"ordered", c.ordered}};
        if (!c.label.empty()) ch["label"] = c.label;
        if (!c.subprotocol.empty()) ch["subprotocol"] = c.subprotocol;
        if (c.max_retr) ch["maxRetr"] = *c.max_retr;
        if (c.max_time) ch["maxTime"] = *c.max_time;
        if (c.priority) ch["priority"] = *c.priority;
        channels.push_back(std::move(ch));
      }
      e["channels"] = std::move(channels);
    }
    if (s.active_split_configuration) e["activeSplitConfiguration"] = *s.active_split_configuration;
    if (s.preconditions_met) e["preconditionsMet"] = *s.preconditions_met;
    streams.push_back(std::move(e));
  }
  j["streams"] = std::move(streams);
}

}  // namespace imsdp::negotiation
