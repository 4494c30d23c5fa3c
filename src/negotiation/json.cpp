// Capabilities from JSON (schemas/negotiation/capabilities.schema.json).
#include <imsdp/aiml/split/json.hpp>
#include <imsdp/negotiation/json.hpp>
#include <imsdp/sdp/parse.hpp>
#include <limits>

#include "aiml/model/json_reader.hpp"

namespace imsdp::negotiation {
namespace {

using nlohmann::json;

using aiml::detail::json_error;

// Visits the members of an object; `member(key, value, path)` handles the known ones and
// returns false for unknown keys.
template <class Member>
result<void> members(json const& j, std::string const& path, Member member) {
  if (!j.is_object()) return json_error(errc::json_type, path, "expected an object");
  for (auto const& [key, value] : j.items()) {
    std::string const at = path + "/" + key;
    auto known = member(key, value, at);
    if (!known) return known.error();
    if (!*known) return json_error(errc::json_unknown_member, at, "unknown member");
  }
  return {};
}

result<void> read(json const& v, std::string const& path, std::string& out) {
  if (!v.is_string()) return json_error(errc::json_type, path, "expected a string");
  out = v.get<std::string>();
  return {};
}

result<void> read(json const& v, std::string const& path, bool& out) {
  if (!v.is_boolean()) return json_error(errc::json_type, path, "expected true or false");
  out = v.get<bool>();
  return {};
}

template <class Unsigned>
requires std::is_unsigned_v<Unsigned> result<void> read(json const& v, std::string const& path,
                                                        Unsigned& out) {
  if (!v.is_number_unsigned() || v.get<std::uint64_t>() > std::numeric_limits<Unsigned>::max())
    return json_error(errc::json_value_out_of_range, path,
                      "expected an unsigned number up to " +
                          std::to_string(std::numeric_limits<Unsigned>::max()));
  out = v.get<Unsigned>();
  return {};
}

template <class T>
result<void> read(json const& v, std::string const& path, std::optional<T>& out) {
  T value{};
  if (auto r = read(v, path, value); !r) return r;
  out = value;
  return {};
}

template <class T>
result<void> read(json const& v, std::string const& path, std::vector<T>& out) {
  if (!v.is_array()) return json_error(errc::json_type, path, "expected an array");
  for (std::size_t i = 0; i < v.size(); ++i) {
    T item{};
    if (auto r = read(v[i], path + "/" + std::to_string(i), item); !r) return r;
    out.push_back(std::move(item));
  }
  return {};
}

// A number or a string of digits, kept as text (ptime, maxptime).
result<void> read_decimal(json const& v, std::string const& path, std::string& out) {
  if (v.is_number_unsigned()) {
    out = std::to_string(v.get<std::uint64_t>());
    return {};
  }
  return read(v, path, out);
}

result<void> read_direction(json const& v, std::string const& path, sdp::media_direction& out) {
  std::string text;
  if (auto r = read(v, path, text); !r) return r;
  for (auto d : {sdp::media_direction::sendrecv, sdp::media_direction::sendonly,
                 sdp::media_direction::recvonly, sdp::media_direction::inactive})
    if (text == sdp::to_string(d)) {
      out = d;
      return {};
    }
  return json_error(errc::json_value_out_of_range, path,
                    "sendrecv, sendonly, recvonly or inactive");
}

result<codec> read_codec(json const& j, std::string const& path) {
  codec c;
  c.packetization_modes.clear();
  bool modes_given = false;
  auto r = members(
      j, path, [&](std::string const& key, json const& v, std::string const& at) -> result<bool> {
        result<void> ok;
        if (key == "name")
          ok = read(v, at, c.name);
        else if (key == "clockRate")
          ok = read(v, at, c.clock_rate);
        else if (key == "channels")
          ok = read(v, at, c.channels);
        else if (key == "fmtp")
          ok = read(v, at, c.fmtp);
        else if (key == "modeSet")
          ok = read(v, at, c.mode_set);
        else if (key == "octetAlign")
          ok = read(v, at, c.octet_align);
        else if (key == "bitrates")
          ok = read(v, at, c.bitrates);
        else if (key == "bandwidths")
          ok = read(v, at, c.bandwidths);
        else if (key == "profiles")
          ok = read(v, at, c.profiles);
        else if (key == "maxLevel")
          ok = read(v, at, c.max_level);
        else if (key == "packetizationModes") {
          modes_given = true;
          ok = read(v, at, c.packetization_modes);
        } else
          return false;
        if (!ok) return ok.error();
        return true;
      });
  if (!r) return r.error();
  if (c.name.empty()) return json_error(errc::json_missing_member, path + "/name", "required");
  if (!modes_given) c.packetization_modes = {0, 1};
  return c;
}

result<media_capabilities> read_media(json const& j, std::string const& path) {
  media_capabilities m;
  auto r = members(
      j, path, [&](std::string const& key, json const& v, std::string const& at) -> result<bool> {
        result<void> ok;
        if (key == "port") {
          ok = read(v, at, m.port);
        } else if (key == "codecs") {
          if (!v.is_array()) return json_error(errc::json_type, at, "expected an array");
          for (std::size_t i = 0; i < v.size(); ++i) {
            auto c = read_codec(v[i], at + "/" + std::to_string(i));
            if (!c) return c.error();
            m.codecs.push_back(std::move(*c));
          }
        } else if (key == "telephoneEvent")
          ok = read(v, at, m.telephone_event);
        else if (key == "direction")
          ok = read_direction(v, at, m.direction);
        else if (key == "bandwidth")
          ok = read(v, at, m.bandwidth_kbps);
        else if (key == "ptime")
          ok = read_decimal(v, at, m.ptime);
        else if (key == "maxptime")
          ok = read_decimal(v, at, m.maxptime);
        else if (key == "headerExtensions")
          ok = read(v, at, m.header_extensions);
        else if (key == "rtcpFeedback")
          ok = read(v, at, m.rtcp_feedback);
        else
          return false;
        if (!ok) return ok.error();
        return true;
      });
  if (!r) return r.error();
  return m;
}

result<channel_spec> read_channel(json const& j, std::string const& path) {
  channel_spec c;
  bool id_given = false;
  auto r = members(
      j, path, [&](std::string const& key, json const& v, std::string const& at) -> result<bool> {
        result<void> ok;
        if (key == "streamId") {
          id_given = true;
          ok = read(v, at, c.stream_id);
        } else if (key == "label")
          ok = read(v, at, c.label);
        else if (key == "subprotocol")
          ok = read(v, at, c.subprotocol);
        else if (key == "ordered")
          ok = read(v, at, c.ordered);
        else if (key == "maxRetr")
          ok = read(v, at, c.max_retr);
        else if (key == "maxTime")
          ok = read(v, at, c.max_time);
        else if (key == "priority")
          ok = read(v, at, c.priority);
        else
          return false;
        if (!ok) return ok.error();
        return true;
      });
  if (!r) return r.error();
  if (!id_given) return json_error(errc::json_missing_member, path + "/streamId", "required");
  return c;
}

result<datachannel_capabilities> read_datachannel(json const& j, std::string const& path) {
  datachannel_capabilities d;
  auto r = members(
      j, path, [&](std::string const& key, json const& v, std::string const& at) -> result<bool> {
        result<void> ok;
        if (key == "port")
          ok = read(v, at, d.port);
        else if (key == "subprotocols")
          ok = read(v, at, d.subprotocols);
        else if (key == "maxMessageSize")
          ok = read(v, at, d.max_message_size);
        else if (key == "sctpPort")
          ok = read(v, at, d.sctp_port);
        else if (key == "controlStream")
          ok = read(v, at, d.control_stream);
        else if (key == "streamPlan") {
          std::string plan;
          ok = read(v, at, plan);
          if (ok && plan == "ts26114")
            d.stream_plan = stream_plan::ts26114;
          else if (ok && plan == "any")
            d.stream_plan = stream_plan::any;
          else if (ok)
            ok = json_error(errc::json_value_out_of_range, at, "ts26114 or any");
        } else if (key == "aiml") {
          auto caps = aiml::split::capabilities_from_json(v);
          if (!caps) {
            auto e = caps.error();
            e.path = at + e.path;
            return e;
          }
          d.aiml = std::move(*caps);
        } else if (key == "channels") {
          if (!v.is_array()) return json_error(errc::json_type, at, "expected an array");
          for (std::size_t i = 0; i < v.size(); ++i) {
            auto c = read_channel(v[i], at + "/" + std::to_string(i));
            if (!c) return c.error();
            d.channels.push_back(std::move(*c));
          }
        } else if (key == "splitConfigurations") {
          std::vector<std::string> values;
          ok = read(v, at, values);
          for (std::size_t i = 0; ok && i < values.size(); ++i) {
            auto const a = sdp::parse_attribute("3gpp-aiml-split", values[i]);
            if (!a)
              return json_error(errc::json_value_out_of_range, at + "/" + std::to_string(i),
                                "not a 3gpp-aiml-split value: " + a.error().message());
            d.split_configurations.push_back(
                aiml::split::configuration::from(*a->get<aiml::split::aiml_split_3gpp>()));
          }
        } else
          return false;
        if (!ok) return ok.error();
        return true;
      });
  if (!r) return r.error();
  return d;
}

}  // namespace

result<capabilities> capabilities_from_json(json const& j) {
  capabilities c;
  auto r = members(
      j, "", [&](std::string const& key, json const& v, std::string const& at) -> result<bool> {
        result<void> ok;
        if (key == "username")
          ok = read(v, at, c.username);
        else if (key == "sessionId")
          ok = read(v, at, c.session_id);
        else if (key == "address")
          ok = read(v, at, c.address);
        else if (key == "iceUfrag")
          ok = read(v, at, c.ice_ufrag);
        else if (key == "icePwd")
          ok = read(v, at, c.ice_pwd);
        else if (key == "fingerprint")
          ok = read(v, at, c.fingerprint);
        else if (key == "tlsId")
          ok = read(v, at, c.tls_id);
        else if (key == "audio" || key == "video") {
          auto m = read_media(v, at);
          if (!m) return m.error();
          (key == "audio" ? c.audio : c.video) = std::move(*m);
        } else if (key == "dataChannel") {
          auto d = read_datachannel(v, at);
          if (!d) return d.error();
          c.data_channel = std::move(*d);
        } else
          return false;
        if (!ok) return ok.error();
        return true;
      });
  if (!r) return r.error();
  return c;
}

}  // namespace imsdp::negotiation
