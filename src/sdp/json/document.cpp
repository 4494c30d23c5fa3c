// JSON form of the line types and of the whole description, and reading it back.
#include <imsdp/sdp/json.hpp>
#include <imsdp/sdp/secrets.hpp>
#include <optional>
#include <string>

namespace imsdp::sdp {

using nlohmann::json;

void to_json(json& j, origin const& v) {
  j["username"] = v.username;
  j["sessionId"] = std::to_string(v.session_id);
  j["sessionVersion"] = std::to_string(v.session_version);
  j["netType"] = v.network_type;
  j["addrType"] = v.address_type;
  j["address"] = v.address;
}

void to_json(json& j, connection const& v) {
  j["netType"] = v.network_type;
  j["addrType"] = v.address_type;
  j["address"] = v.address;
  if (v.ttl) j["ttl"] = *v.ttl;
  if (v.number_of_addresses) j["numberOfAddresses"] = *v.number_of_addresses;
}

void to_json(json& j, bandwidth const& v) {
  j["type"] = v.type;
  j["bandwidth"] = v.value;
}

void to_json(json& j, timing const& v) {
  j["start"] = v.start;
  j["stop"] = v.stop;
}

void to_json(json& j, typed_time const& v) {
  j["value"] = v.value;
  if (v.unit != 0) j["unit"] = std::string(1, v.unit);
  j["seconds"] = v.seconds();
}

void to_json(json& j, repeat const& v) {
  j["interval"] = v.interval;
  j["duration"] = v.duration;
  json offsets = json::array();
  for (auto o : v.offset_list())
    offsets.push_back(o);
  j["offsets"] = std::move(offsets);
}

void to_json(json& j, key const& v) {
  j["method"] = v.method;
  // RFC 8866 5.12: the key is in clear; only its length is shown (secrets.hpp).
  if (!v.data.empty()) j["key"] = std::string(v.data.size(), '*');
}

void to_json(json& j, media_field const& v) {
  j["type"] = v.media;
  j["port"] = v.port;
  if (v.number_of_ports) j["numberOfPorts"] = *v.number_of_ports;
  j["proto"] = v.proto;
  json formats = json::array();
  if (!v.formats.empty())
    for (auto f : v.format_list())
      formats.push_back(f);
  j["formats"] = std::move(formats);
}

namespace {
using aiml::split::to_json;
using datachannel::to_json;

template <class Variant>
json typed_members(Variant const& v) {
  return std::visit(
      [](auto const& value) -> json {
        using T = std::decay_t<decltype(value)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return json::object();
        } else {
          json j = json::object();
          to_json(j, value);
          return j;
        }
      },
      v);
}
}  // namespace

json typed_json(attribute_value const& v) {
  return typed_members(v);
}
json typed_json(inner_attribute_value const& v) {
  return typed_members(v);
}

void to_json(json& j, attribute const& a) {
  j = json::object();
  j["name"] = a.name;
  if (a.has_value)
    j["value"] =
        may_carry_secret(a.name) ? json(redact_attribute_value(a.name, a.value)) : json(a.value);
  j.update(typed_json(a.typed));
}

namespace {

// The members of one section (session or media) other than its m= line.
void section_json(json& j, std::span<field const> fields, bool media) {
  json attributes = json::array();
  json bandwidths = json::array();
  json connections = json::array();
  for (auto const& f : fields) {
    switch (f.type) {
      case 'i':
        if (auto const* t = f.get<text>()) j["information"] = t->value;
        break;
      case 'c':
        if (auto const* c = f.get<connection>()) connections.push_back(*c);
        break;
      case 'b':
        if (auto const* b = f.get<bandwidth>()) bandwidths.push_back(*b);
        break;
      case 'k':
        if (auto const* k = f.get<key>()) j["key"] = *k;
        break;
      case 'a':
        if (auto const* a = f.get<attribute>()) attributes.push_back(*a);
        break;
      default:
        break;
    }
  }
  if (media) {
    j["connections"] = std::move(connections);
  } else if (!connections.empty()) {
    j["connection"] = connections.front();
  }
  j["bandwidths"] = std::move(bandwidths);
  j["attributes"] = std::move(attributes);
}

}  // namespace

json to_json(session_description const& doc) {
  json j = json::object();
  j["version"] = doc.version();
  if (auto const* o = doc.origin()) j["origin"] = *o;
  if (auto const s = doc.session_name()) j["sessionName"] = *s;
  if (auto const u = doc.uri()) j["uri"] = *u;
  j["emails"] = doc.emails();
  j["phones"] = doc.phones();
  auto const session = doc.session().fields();
  // Time descriptions: each t= with its r= lines and its z= (RFC 8866 section 9); a z=
  // before any t= (tolerated order) belongs to the first.
  json timing = json::array();
  std::optional<std::string_view> early_zone;
  for (auto const& f : session) {
    if (auto const* t = f.get<sdp::timing>()) {
      json entry = *t;
      entry["repeats"] = json::array();
      if (early_zone && timing.empty()) entry["zoneAdjustments"] = *early_zone;
      timing.push_back(std::move(entry));
    } else if (auto const* r = f.get<repeat>(); r != nullptr && !timing.empty()) {
      timing.back()["repeats"].push_back(*r);
    } else if (auto const* z = f.get<zone_adjustments>()) {
      if (timing.empty()) {
        early_zone = z->adjustments;
      } else {
        timing.back()["zoneAdjustments"] = z->adjustments;
      }
    }
  }
  j["timing"] = std::move(timing);
  section_json(j, session, false);
  json media = json::array();
  for (std::size_t i = 0; i < doc.media_count(); ++i) {
    auto const m = doc.media(i);
    json entry = m.m();
    section_json(entry, m.fields(), true);
    media.push_back(std::move(entry));
  }
  j["media"] = std::move(media);
  json lines = json::array();
  for (auto const& f : doc.fields())
    lines.push_back(f.type == 'a' || f.type == 'k' ? redact_secrets(f.text) + std::string(f.eol)
                                                   : std::string(f.text) + std::string(f.eol));
  j["lines"] = std::move(lines);
  return j;
}

namespace {

// Renders one section's lines from typed members (for a JSON without "lines").
result<void> render_attributes(json const& attributes, std::string const& path, std::string& out) {
  if (!attributes.is_array()) return make_json_error(errc::json_type, path, "expected an array");
  for (std::size_t i = 0; i < attributes.size(); ++i) {
    auto const& a = attributes[i];
    std::string const here = path + "/" + std::to_string(i);
    if (!a.is_object() || !a.contains("name") || !a["name"].is_string())
      return make_json_error(errc::json_missing_member, here + "/name");
    out += "a=";
    out += a["name"].get<std::string>();
    if (a.contains("value")) {
      if (!a["value"].is_string()) return make_json_error(errc::json_type, here + "/value");
      out += ':';
      out += a["value"].get<std::string>();
    }
    out += "\r\n";
  }
  return {};
}

}  // namespace

result<session_description> from_json(json const& j, parse_options const& options) {
  if (!j.is_object()) return make_json_error(errc::json_type, "", "expected an object");
  std::string text;
  if (j.contains("lines")) {
    auto const& lines = j["lines"];
    if (!lines.is_array()) return make_json_error(errc::json_type, "/lines", "expected an array");
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (!lines[i].is_string())
        return make_json_error(errc::json_type, "/lines/" + std::to_string(i), "expected a string");
      text += lines[i].get<std::string>();
    }
    return parse(text, options);
  }
  // Canonical SDP from the typed members.
  try {
    text += "v=" + std::to_string(j.value("version", 0)) + "\r\n";
    if (j.contains("origin")) {
      auto const& o = j["origin"];
      text += "o=" + o.at("username").get<std::string>() + ' ' +
              o.at("sessionId").get<std::string>() + ' ' +
              o.at("sessionVersion").get<std::string>() + ' ' + o.at("netType").get<std::string>() +
              ' ' + o.at("addrType").get<std::string>() + ' ' + o.at("address").get<std::string>() +
              "\r\n";
    }
    text += "s=" + j.value("sessionName", std::string(" ")) + "\r\n";
    auto const connection_line = [](json const& c) {
      std::string line = "c=" + c.at("netType").get<std::string>() + ' ' +
                         c.at("addrType").get<std::string>() + ' ' +
                         c.at("address").get<std::string>();
      if (c.contains("ttl")) line += '/' + std::to_string(c["ttl"].get<unsigned>());
      if (c.contains("numberOfAddresses"))
        line += '/' + std::to_string(c["numberOfAddresses"].get<unsigned>());
      return line + "\r\n";
    };
    auto const bandwidth_lines = [](json const& list) {
      std::string lines;
      for (auto const& b : list)
        lines += "b=" + b.at("type").get<std::string>() + ':' +
                 std::to_string(b.at("bandwidth").get<std::uint64_t>()) + "\r\n";
      return lines;
    };
    if (j.contains("connection")) text += connection_line(j["connection"]);
    if (j.contains("bandwidths")) text += bandwidth_lines(j["bandwidths"]);
    if (j.contains("timing") && !j["timing"].empty()) {
      auto const typed_time = [](json const& v) {
        std::string out = std::to_string(v.at("value").get<std::uint64_t>());
        if (v.contains("unit")) out += v["unit"].get<std::string>();
        return out;
      };
      for (auto const& t : j["timing"]) {
        text += "t=" + std::to_string(t.at("start").get<std::uint64_t>()) + ' ' +
                std::to_string(t.at("stop").get<std::uint64_t>()) + "\r\n";
        for (auto const& r : t.value("repeats", json::array())) {
          text += "r=" + typed_time(r.at("interval")) + ' ' + typed_time(r.at("duration"));
          for (auto const& o : r.at("offsets"))
            text += ' ' + o.get<std::string>();
          text += "\r\n";
        }
        if (t.contains("zoneAdjustments"))
          text += "z=" + t["zoneAdjustments"].get<std::string>() + "\r\n";
      }
    } else {
      text += "t=0 0\r\n";
    }
    if (j.contains("attributes")) {
      auto r = render_attributes(j["attributes"], "/attributes", text);
      if (!r) return r.error();
    }
    if (j.contains("media")) {
      auto const& media = j["media"];
      for (std::size_t i = 0; i < media.size(); ++i) {
        auto const& m = media[i];
        text += "m=" + m.at("type").get<std::string>() + ' ' +
                std::to_string(m.at("port").get<unsigned>());
        if (m.contains("numberOfPorts"))
          text += '/' + std::to_string(m["numberOfPorts"].get<unsigned>());
        text += ' ' + m.at("proto").get<std::string>();
        for (auto const& f : m.at("formats"))
          text += ' ' + f.get<std::string>();
        text += "\r\n";
        if (m.contains("information")) text += "i=" + m["information"].get<std::string>() + "\r\n";
        if (m.contains("connections"))
          for (auto const& c : m["connections"])
            text += connection_line(c);
        if (m.contains("bandwidths")) text += bandwidth_lines(m["bandwidths"]);
        if (m.contains("attributes")) {
          auto r = render_attributes(m["attributes"], "/media/" + std::to_string(i) + "/attributes",
                                     text);
          if (!r) return r.error();
        }
      }
    }
  } catch (json::exception const& e) {
    return make_json_error(errc::json_type, "", e.what());
  }
  return parse(text, options);
}

}  // namespace imsdp::sdp
