// JSON forms of the interworking policy, call state, resources and media plan
// (schemas/interworking/), read with the library's bounded strict reader.
#include <imsdp/interworking/json.hpp>
#include <imsdp/sdp/secrets.hpp>
#include <limits>

#include "detail/json_reader.hpp"
#include "negotiation/json_codec.hpp"

namespace imsdp::interworking {
namespace {

using imsdp::detail::json_reader;
using imsdp::detail::object_view;
using imsdp::detail::read_array;
using nlohmann::json;

constexpr std::size_t max_text = max_sdp_bytes;  // one SDP in the state
constexpr std::size_t max_items = 64;            // codecs, candidates, ports

// An enumerated member spelled as the values' to_string().
template <class E>
void read_enum(object_view const& o, std::string_view key, std::initializer_list<E> values,
               E& out) {
  auto const text = o.string(key, false, 32);
  if (!text) return;
  std::string expected;
  for (auto v : values) {
    if (*text == to_string(v)) {
      out = v;
      return;
    }
    expected += (expected.empty() ? "" : ", ") + std::string(to_string(v));
  }
  o.reader().fail(errc::json_value_out_of_range, o.member_path(key), "one of " + expected);
}

void read_codecs(object_view const& o, std::vector<negotiation::codec>& out) {
  if (!o.has("codecs")) return;
  out = read_array<negotiation::codec>(
      o, "codecs", false, 0, max_items, [&](json const& v, std::string const& path) {
        return negotiation::detail::read_codec(o.reader(), v, path);
      });
}

std::vector<std::string> strings(object_view const& o, std::string_view key) {
  return read_array<std::string>(
      o, key, false, 0, max_items, [&](json const& v, std::string const& path) {
        return imsdp::detail::string_value(o.reader(), v, path, 1024).value_or("");
      });
}

media_resources read_resources(object_view const& o) {
  media_resources r;
  r.session_id =
      o.unsigned_integer("sessionId", false, 0, imsdp::detail::max_safe_integer).value_or(0);
  r.webrtc_address = o.string("webrtcAddress", false, 255).value_or("");
  r.webrtc_port =
      static_cast<std::uint16_t>(o.unsigned_integer("webrtcPort", false, 0, 65535).value_or(0));
  r.webrtc_ports = read_array<std::uint16_t>(
      o, "webrtcPorts", false, 0, max_items, [&](json const& v, std::string const& path) {
        return static_cast<std::uint16_t>(
            imsdp::detail::unsigned_value(o.reader(), v, path, 1, 65535).value_or(0));
      });
  r.candidates = strings(o, "candidates");
  r.ice_ufrag = o.string("iceUfrag", false, 256).value_or("");
  r.ice_pwd = o.string("icePwd", false, 256).value_or("");
  r.webrtc_fingerprint = o.string("webrtcFingerprint", false, 1024).value_or("");
  r.tls_id = o.string("tlsId", false, 256).value_or("");
  r.ims_address = o.string("imsAddress", false, 255).value_or("");
  r.ims_fingerprint = o.string("imsFingerprint", false, 1024).value_or("");
  r.ims_ports = read_array<std::uint16_t>(
      o, "imsPorts", false, 0, max_items, [&](json const& v, std::string const& path) {
        return static_cast<std::uint16_t>(
            imsdp::detail::unsigned_value(o.reader(), v, path, 0, 65535).value_or(0));
      });
  return r;
}

// The resources object, read at `path`.
media_resources read_resources(json_reader& r, json const& value, std::string path) {
  return read_resources(object_view(
      r, value, std::move(path),
      {"sessionId", "webrtcAddress", "webrtcPort", "webrtcPorts", "candidates", "iceUfrag",
       "icePwd", "webrtcFingerprint", "tlsId", "imsAddress", "imsPorts", "imsFingerprint"}));
}

std::optional<std::size_t> index(object_view const& o, std::string_view key) {
  if (auto const v = o.unsigned_integer(key, false, 0, 65535)) return static_cast<std::size_t>(*v);
  return std::nullopt;
}

std::vector<medium> read_media(object_view const& o) {
  return read_array<medium>(
      o, "media", false, 0, max_media, [&](json const& v, std::string const& path) {
        object_view const m(o.reader(), v, path, {"kind", "webrtcIndex", "imsIndex"});
        return medium{m.string("kind", true, max_text, 1).value_or(""), index(m, "webrtcIndex"),
                      index(m, "imsIndex")};
      });
}

std::optional<side> read_side(object_view const& o, std::string_view key, bool required) {
  auto const text = o.string(key, required, 8);
  if (!text) return std::nullopt;
  if (*text == "webrtc") return side::webrtc;
  if (*text == "ims") return side::ims;
  o.reader().fail(errc::json_value_out_of_range, o.member_path(key), "webrtc or ims");
  return std::nullopt;
}

leg_state read_leg(object_view const& o, std::string_view key) {
  leg_state l;
  if (auto const* v = o.get(key, false)) {
    object_view const leg(o.reader(), *v, o.member_path(key), {"local", "remote", "localOffer"});
    l.local = leg.string("local", false, max_text).value_or("");
    l.remote = leg.string("remote", false, max_text).value_or("");
    l.local_offer = leg.boolean("localOffer", false).value_or(false);
  }
  return l;
}

json media_json(std::vector<medium> const& media) {
  json out = json::array();
  for (auto const& m : media) {
    json j{{"kind", m.kind}};
    if (m.webrtc_index) j["webrtcIndex"] = *m.webrtc_index;
    if (m.ims_index) j["imsIndex"] = *m.ims_index;
    out.push_back(std::move(j));
  }
  return out;
}

// An SDP of the state, with its secrets (SDES keys, k=) masked (secrets.hpp) or kept;
// `masked` notes that masking changed it.
std::string held_text(std::string const& sdp, state_keys keys, bool& masked) {
  if (keys == state_keys::kept) return sdp;
  auto out = sdp::redact_secrets(sdp);
  masked = masked || out != sdp;
  return out;
}

json leg_json(leg_state const& l, state_keys keys, bool& masked) {
  return json{{"local", held_text(l.local, keys, masked)},
              {"remote", held_text(l.remote, keys, masked)},
              {"localOffer", l.local_offer}};
}

json codec_json(std::optional<plan_codec> const& c) {
  if (!c) return nullptr;
  json j{{"pt", c->payload_type}, {"codec", c->codec}};
  if (!c->fmtp.empty()) j["fmtp"] = c->fmtp;
  return j;
}

}  // namespace

result<policy> policy_from_json(std::string_view json_text) {
  auto const parsed = imsdp::detail::parse_strict(json_text, {});
  if (!parsed) return parsed.error();
  json_reader r;
  object_view const o(r, *parsed, "",
                      {"ims", "webrtc", "codecs", "mediaFunction", "dtmf", "dataChannel",
                       "passAttributes", "video"});
  auto p = default_policy();
  if (auto const* v = o.get("ims", false)) {
    object_view const ims(r, *v, o.member_path("ims"),
                          {"profile", "codecs", "ptime", "maxptime", "bandwidthRs", "bandwidthRr",
                           "preconditions", "videoBandwidth", "rtcpMux", "srtp", "sdes"});
    read_enum(ims, "profile",
              {negotiation::rtp_profile::avp, negotiation::rtp_profile::avpf_capneg,
               negotiation::rtp_profile::avpf},
              p.ims.profile);
    read_codecs(ims, p.ims.codecs);
    p.ims.ptime =
        static_cast<unsigned>(ims.unsigned_integer("ptime", false, 10, 240).value_or(p.ims.ptime));
    p.ims.maxptime = static_cast<unsigned>(
        ims.unsigned_integer("maxptime", false, 10, 240).value_or(p.ims.maxptime));
    p.ims.rtcp_rs = ims.unsigned_integer("bandwidthRs", false, 0, 1u << 30).value_or(p.ims.rtcp_rs);
    p.ims.rtcp_rr = ims.unsigned_integer("bandwidthRr", false, 0, 1u << 30).value_or(p.ims.rtcp_rr);
    p.ims.video_bandwidth =
        ims.unsigned_integer("videoBandwidth", false, 0, 1u << 30).value_or(p.ims.video_bandwidth);
    read_enum(
        ims, "preconditions",
        {preconditions_mode::terminate, preconditions_mode::strip, preconditions_mode::forbid},
        p.ims.preconditions);
    read_enum(ims, "rtcpMux", {rtcp_mux_mode::demux, rtcp_mux_mode::offer}, p.ims.rtcp_mux);
    read_enum(ims, "srtp", {srtp_mode::none, srtp_mode::sdes}, p.ims.srtp);
    if (auto const* sdes = ims.get("sdes", false))
      p.ims.sdes = negotiation::detail::read_sdes(r, *sdes, ims.member_path("sdes"));
  }
  if (auto const* v = o.get("webrtc", false)) {
    object_view const w(r, *v, o.member_path("webrtc"),
                        {"iceLite", "dtlsAnswerRole", "bundle", "codecs"});
    p.webrtc.ice_lite = w.boolean("iceLite", false).value_or(p.webrtc.ice_lite);
    read_enum(w, "dtlsAnswerRole", {sdp::setup_role::passive, sdp::setup_role::active},
              p.webrtc.dtls_answer_role);
    read_enum(w, "bundle", {bundle_mode::group, bundle_mode::shared_port, bundle_mode::none},
              p.webrtc.bundle);
    read_codecs(w, p.webrtc.codecs);
  }
  if (auto const* v = o.get("codecs", false)) {
    object_view const c(r, *v, o.member_path("codecs"), {"mode"});
    read_enum(c, "mode",
              {codec_mode::prefer_passthrough, codec_mode::passthrough, codec_mode::transcode},
              p.codecs);
  }
  if (auto const* v = o.get("mediaFunction", false)) {
    object_view const mf(r, *v, o.member_path("mediaFunction"), {"codecs"});
    read_codecs(mf, p.media_function.codecs);
  }
  read_enum(o, "dtmf", {dtmf_mode::rfc4733, dtmf_mode::inband, dtmf_mode::drop}, p.dtmf);
  if (auto const* v = o.get("video", false)) {
    object_view const video(r, *v, o.member_path("video"), {"mode", "codecs"});
    read_enum(video, "mode", {video_mode::passthrough, video_mode::reject}, p.video);
    read_codecs(video, p.video_codecs);
  }
  if (auto const* v = o.get("dataChannel", false)) {
    object_view const dc(r, *v, o.member_path("dataChannel"), {"mode", "channels"});
    if (auto const mode = dc.string("mode", false, 8)) {
      if (*mode == "reject" || *mode == "relay")
        p.data_channel.relay = *mode == "relay";
      else
        r.fail(errc::json_value_out_of_range, dc.member_path("mode"), "relay or reject");
    }
    p.data_channel.channels = read_array<negotiation::channel_spec>(
        dc, "channels", false, 0, max_items, [&](json const& c, std::string const& path) {
          return negotiation::detail::read_channel(r, c, path);
        });
  }
  p.pass_attributes = imsdp::detail::read_strings(o, "passAttributes", max_items, 64, is_passable);
  if (!r.ok()) return r.take_error();
  return p;
}

result<media_resources> resources_from_json(std::string_view json_text) {
  auto const parsed = imsdp::detail::parse_strict(json_text, {64u << 10, 8});
  if (!parsed) return parsed.error();
  json_reader r;
  auto res = read_resources(r, *parsed, "");
  if (!r.ok()) return r.take_error();
  return res;
}

json resources_to_json(media_resources const& r) {
  return json{{"sessionId", r.session_id},   {"webrtcAddress", r.webrtc_address},
              {"webrtcPort", r.webrtc_port}, {"webrtcPorts", r.webrtc_ports},
              {"candidates", r.candidates},  {"iceUfrag", r.ice_ufrag},
              {"icePwd", r.ice_pwd},         {"webrtcFingerprint", r.webrtc_fingerprint},
              {"tlsId", r.tls_id},           {"imsAddress", r.ims_address},
              {"imsPorts", r.ims_ports},     {"imsFingerprint", r.ims_fingerprint}};
}

result<call_state> state_from_json(std::string_view json_text) {
  // Four SDPs whose bytes JSON may escape up to six times, and the media maps.
  auto const parsed = imsdp::detail::parse_strict(json_text, {32u << 20, 8});
  if (!parsed) return parsed.error();
  json_reader r;
  object_view const o(
      r, *parsed, "",
      {"v", "originator", "webrtc", "ims", "resources", "media", "pending", "keysMasked"});
  call_state s;
  if (o.has("v")) (void)o.unsigned_integer("v", false, 1, 1);
  if (o.boolean("keysMasked", false).value_or(false))
    r.fail(errc::json_value_out_of_range, o.member_path("keysMasked"),
           "the state was written with its keys masked and cannot go on; a state that goes "
           "on keeps them (state_keys::kept, imsdp iwf --state-keys)");
  if (auto const* v = o.get("originator", false); v != nullptr && !v->is_null())
    s.originator = read_side(o, "originator", false);
  s.webrtc = read_leg(o, "webrtc");
  s.ims = read_leg(o, "ims");
  if (auto const* v = o.get("resources", false))
    s.resources = read_resources(r, *v, o.member_path("resources"));
  s.media = read_media(o);
  if (auto const* v = o.get("pending", false); v != nullptr && !v->is_null()) {
    object_view const p(r, *v, o.member_path("pending"),
                        {"from", "input", "output", "resources", "media"});
    pending_exchange pe;
    pe.from = read_side(p, "from", true).value_or(side::webrtc);
    pe.input = p.string("input", true, max_text).value_or("");
    pe.output = p.string("output", true, max_text).value_or("");
    if (auto const* res = p.get("resources", false))
      pe.resources = read_resources(r, *res, p.member_path("resources"));
    pe.media = read_media(p);
    s.pending = std::move(pe);
  }
  if (!r.ok()) return r.take_error();
  return s;
}

json state_to_json(call_state const& s, state_keys keys) {
  bool masked = false;
  json j{{"v", 1},
         {"originator", s.originator ? json(to_string(*s.originator)) : json(nullptr)},
         {"webrtc", leg_json(s.webrtc, keys, masked)},
         {"ims", leg_json(s.ims, keys, masked)},
         {"resources", resources_to_json(s.resources)},
         {"media", media_json(s.media)},
         {"pending", nullptr}};
  if (s.pending)
    j["pending"] = {{"from", to_string(s.pending->from)},
                    {"input", held_text(s.pending->input, keys, masked)},
                    {"output", held_text(s.pending->output, keys, masked)},
                    {"resources", resources_to_json(s.pending->resources)},
                    {"media", media_json(s.pending->media)}};
  // A masked state cannot go on (its SDES lines no longer parse): it says so, and the
  // reader refuses it.
  if (masked) j["keysMasked"] = true;
  return j;
}

json plan_to_json(media_plan const& plan) {
  json media = json::array();
  for (auto const& m : plan.media) {
    json j{{"kind", m.kind}, {"state", m.state}};
    j["webrtcIndex"] = m.webrtc_index ? json(*m.webrtc_index) : json(nullptr);
    j["imsIndex"] = m.ims_index ? json(*m.ims_index) : json(nullptr);
    if (!m.mid.empty()) j["mid"] = m.mid;
    if (m.state != "rejected") {
      j["direction"] = m.direction;
      j["webrtc"] = {{"local", m.webrtc.local},
                     {"remote", m.webrtc.remote},
                     {"ice",
                      {{"mode", m.webrtc.ice_lite ? "lite" : "full"},
                       {"role", m.webrtc.ice_role},
                       {"ufrag", m.webrtc.ice_ufrag}}},
                     {"dtls",
                      {{"role", m.webrtc.dtls_role},
                       {"fingerprint", m.webrtc.fingerprint},
                       {"remoteFingerprint", m.webrtc.remote_fingerprint}}},
                     {"srtp", "dtls"},
                     {"rtcpMux", true},
                     {"bundle", m.webrtc.bundle}};
      j["ims"] = {{"local", m.ims.local},     {"rtcp", m.ims.rtcp}, {"remote", m.ims.remote},
                  {"profile", m.ims.profile}, {"srtp", m.ims.srtp}, {"rtcpMux", m.ims.rtcp_mux}};
      // The keys are secrets (plan.hpp): the line taken, never its key params.
      if (m.ims.sdes) {
        json sdes{{"tag", m.ims.sdes->tag}, {"suite", m.ims.sdes->suite}};
        if (!m.ims.sdes->session_params.empty()) sdes["sessionParams"] = m.ims.sdes->session_params;
        j["ims"]["sdes"] = std::move(sdes);
      }
      json codecs = json::array();
      for (auto const& c : m.codecs)
        codecs.push_back({{"webrtc", codec_json(c.webrtc)},
                          {"ims", codec_json(c.ims)},
                          {"transcode", c.transcode}});
      j["codecs"] = std::move(codecs);
      if (m.dtmf)
        j["dtmf"] = {{"webrtc", codec_json(m.dtmf->webrtc)},
                     {"ims", codec_json(m.dtmf->ims)},
                     {"mode", m.dtmf->mode}};
      j["preconditions"] = m.preconditions;
      if (m.kind == "application") j["channels"] = m.channels;
      j["actions"] = m.actions;
    }
    media.push_back(std::move(j));
  }
  return json{{"v", 1},
              {"originator", to_string(plan.originator)},
              {"pending", plan.pending},
              {"transcoders", plan.transcoders},
              {"media", std::move(media)}};
}

}  // namespace imsdp::interworking
