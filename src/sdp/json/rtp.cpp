// JSON members of the RTP media, precondition and capability attributes.
#include <imsdp/sdp/json.hpp>
#include <imsdp/sdp/secrets.hpp>

#include "sdp/json/list.hpp"

namespace imsdp::sdp {

using nlohmann::json;

using detail::json_list;

void to_json(json& j, rtpmap const& v) {
  j["payloadType"] = v.payload_type;
  j["encodingName"] = v.encoding_name;
  j["clockRate"] = v.clock_rate;
  if (!v.encoding_parameters.empty()) j["encodingParameters"] = v.encoding_parameters;
}

void to_json(json& j, fmtp const& v) {
  j["format"] = v.format;
  j["parameters"] = v.parameters;
  json params = json::array();
  for (auto part : v.parameter_list()) {
    auto const p = split_parameter(part);
    params.push_back(json{{"name", p.name}, {"value", p.value}});
  }
  j["parameterList"] = std::move(params);
}

void to_json(json& j, ptime const& v) {
  j["milliseconds"] = v.milliseconds.value();
}
void to_json(json& j, maxptime const& v) {
  j["milliseconds"] = v.milliseconds.value();
}
void to_json(json& j, framerate const& v) {
  j["framesPerSecond"] = v.frames_per_second.value();
}
void to_json(json& j, direction const& v) {
  j["direction"] = to_string(v.value);
}

void to_json(json& j, rtcp const& v) {
  j["port"] = v.port;
  if (!v.network_type.empty()) {
    j["netType"] = v.network_type;
    j["addrType"] = v.address_type;
    j["address"] = v.address;
  }
}

void to_json(json& j, rtcp_mux const&) {
  j = json::object();
}
void to_json(json& j, rtcp_mux_only const&) {
  j = json::object();
}
void to_json(json& j, rtcp_rsize const&) {
  j = json::object();
}
void to_json(json& j, extmap_allow_mixed const&) {
  j = json::object();
}

void to_json(json& j, rtcp_fb const& v) {
  j["format"] = v.format;
  j["type"] = v.type;
  if (!v.parameters.empty()) j["parameters"] = v.parameters;
}

void to_json(json& j, extmap const& v) {
  j["id"] = v.id;
  if (v.direction) j["direction"] = to_string(*v.direction);
  j["uri"] = v.uri;
  if (!v.extension_attributes.empty()) j["extensionAttributes"] = v.extension_attributes;
}

void to_json(json& j, imageattr const& v) {
  j["format"] = v.format;
  if (!v.send.empty()) j["send"] = v.send;
  if (!v.recv.empty()) j["recv"] = v.recv;
}

// curr and conf have the same members (RFC 3312 section 5).
template <class T>
void precondition_json(json& j, T const& v) {
  j["preconditionType"] = v.precondition_type;
  j["statusType"] = to_string(v.status);
  j["direction"] = to_string(v.direction);
}

void to_json(json& j, curr const& v) {
  precondition_json(j, v);
}

void to_json(json& j, des const& v) {
  j["preconditionType"] = v.precondition_type;
  j["strength"] = to_string(v.strength);
  j["statusType"] = to_string(v.status);
  j["direction"] = to_string(v.direction);
}

void to_json(json& j, conf const& v) {
  precondition_json(j, v);
}

void to_json(json& j, tcap const& v) {
  j["number"] = v.number;
  j["protocols"] = v.protocol_list();
}

void to_json(json& j, pcfg const& v) {
  j["number"] = v.number;
  j["configurations"] = v.configuration_list();
}

void to_json(json& j, acfg const& v) {
  j["number"] = v.number;
  j["configurations"] = v.configuration_list();
}

void to_json(json& j, acap const& v) {
  j["number"] = v.number;
  json inner{{"name", v.inner_name}};
  if (v.has_value) inner["value"] = redact_attribute_value(v.inner_name, v.inner_value);
  inner.update(typed_json(v.typed));
  j["attribute"] = std::move(inner);
}

}  // namespace imsdp::sdp
