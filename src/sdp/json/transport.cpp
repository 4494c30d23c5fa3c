// JSON members of the ICE, DTLS and grouping attributes.
#include <imsdp/sdp/json.hpp>
#include <imsdp/sdp/secrets.hpp>

#include "sdp/json/list.hpp"

namespace imsdp::sdp {

using nlohmann::json;

using detail::json_list;

void to_json(json& j, candidate const& v) {
  j["foundation"] = v.foundation;
  j["component"] = v.component;
  j["transport"] = v.transport;
  j["priority"] = v.priority;
  j["address"] = v.address;
  j["port"] = v.port;
  j["type"] = v.type;
  if (!v.related_address.empty()) j["relatedAddress"] = v.related_address;
  if (v.related_port) j["relatedPort"] = *v.related_port;
  if (!v.extensions.empty()) {
    json ext = json::object();
    auto parts = imsdp::detail::split(v.extensions, ' ');
    for (auto it = parts.begin(); it != parts.end(); ++it) {
      auto const name = *it;
      if (++it == parts.end()) break;
      ext[std::string(name)] = *it;
    }
    j["extensions"] = std::move(ext);
  }
}

void to_json(json& j, end_of_candidates const&) {
  j = json::object();
}
void to_json(json& j, ice_ufrag const& v) {
  j["ufrag"] = v.value;
}
void to_json(json& j, ice_pwd const& v) {
  j["password"] = v.value;
}
void to_json(json& j, ice_options const& v) {
  j["options"] = json_list(v.tag_list());
}
void to_json(json& j, ice_lite const&) {
  j = json::object();
}

void to_json(json& j, fingerprint const& v) {
  j["hashFunction"] = v.hash_function;
  j["fingerprint"] = v.value;
}

// RFC 4568: everything but the keys, which no JSON the library prints holds.
void to_json(json& j, crypto const& v) {
  j["tag"] = v.tag;
  j["suite"] = v.suite;
  json keys = json::array();
  for (auto const& p : key_params_of(v)) {
    json k{{"method", p.method}};
    if (!p.lifetime.empty()) k["lifetime"] = p.lifetime;
    if (!p.mki.empty()) {
      k["mki"] = p.mki;
      k["mkiLength"] = p.mki_length;
    }
    keys.push_back(std::move(k));
  }
  j["keyParams"] = std::move(keys);
  json session = json::array();
  if (!v.session_params.empty()) {
    std::string text;
    append_value(text, v);
    auto const masked = redact_attribute_value(crypto::name, text);
    crypto view = v;
    view.session_params = std::string_view(masked).substr(masked.size() - v.session_params.size());
    for (auto const p : session_params_of(view))
      session.push_back(p);
  }
  j["sessionParams"] = std::move(session);
}

void to_json(json& j, setup const& v) {
  j["role"] = to_string(v.role);
}
void to_json(json& j, tls_id const& v) {
  j["tlsId"] = v.value;
}
void to_json(json& j, mid const& v) {
  j["mid"] = v.value;
}

void to_json(json& j, group const& v) {
  j["semantics"] = v.semantics;
  j["tags"] = v.tags.empty() ? json::array() : json_list(v.tag_list());
}

void to_json(json& j, bundle_only const&) {
  j = json::object();
}

void to_json(json& j, msid const& v) {
  j["streamId"] = v.stream_id;
  if (!v.track_id.empty()) j["trackId"] = v.track_id;
}

void to_json(json& j, msid_semantic const& v) {
  j["semantic"] = v.semantic;
  j["identifiers"] =
      v.identifiers.empty() ? json::array() : json_list(imsdp::detail::split(v.identifiers, ' '));
}

void to_json(json& j, ssrc const& v) {
  j["ssrc"] = v.id;
  j["attribute"] = v.attribute;
  if (!v.value.empty()) j["attributeValue"] = v.value;
}

void to_json(json& j, ssrc_group const& v) {
  j["semantics"] = v.semantics;
  json ids = json::array();
  if (!v.ssrcs.empty())
    for (auto id : v.ssrc_list())
      ids.push_back(std::stoul(std::string(id)));
  j["ssrcs"] = std::move(ids);
}

void to_json(json& j, rid const& v) {
  j["id"] = v.id;
  j["direction"] = to_string(v.direction);
  if (!v.restrictions.empty()) j["restrictions"] = json_list(v.restriction_list());
}

void to_json(json& j, simulcast const& v) {
  if (!v.send.empty()) j["send"] = v.send;
  if (!v.recv.empty()) j["recv"] = v.recv;
  if (v.recv_first) j["recvFirst"] = true;
}

}  // namespace imsdp::sdp
