// JSON members of the data-channel attributes.
#include <imsdp/datachannel/json.hpp>
#include <imsdp/sdp/json.hpp>

namespace imsdp::datachannel {

using nlohmann::json;

void to_json(json& j, sctp_port const& v) {
  j["port"] = v.port;
}

void to_json(json& j, max_message_size const& v) {
  j["bytes"] = v.bytes;
  j["unlimited"] = v.unlimited();
}

void to_json(json& j, sctpmap const& v) {
  j["port"] = v.port;
  j["protocol"] = v.protocol;
  if (v.streams) j["streams"] = *v.streams;
}

void to_json(json& j, dcmap const& v) {
  j["streamId"] = v.stream_id;
  if (v.label) j["label"] = v.label->decoded();
  if (v.subprotocol) j["subprotocol"] = v.subprotocol->decoded();
  j["ordered"] = v.is_ordered();
  if (v.max_retr) j["maxRetr"] = *v.max_retr;
  if (v.max_time) j["maxTime"] = *v.max_time;
  if (v.priority) j["priority"] = *v.priority;
  j["reliable"] = v.reliable();
}

void to_json(json& j, dcsa const& v) {
  j["streamId"] = v.stream_id;
  json inner{{"name", v.inner_name}};
  if (v.has_value) inner["value"] = v.inner_value;
  inner.update(sdp::typed_json(v.typed));
  j["attribute"] = std::move(inner);
}

void to_json(json& j, qos_hint_3gpp const& v) {
  if (!v.loss.empty()) j["loss"] = v.loss;
  if (!v.loss_local.empty()) j["lossLocal"] = v.loss_local;
  if (v.latency) j["latency"] = *v.latency;
  if (v.latency_local) j["latencyLocal"] = *v.latency_local;
}

void to_json(json& j, bdc_used_by_3gpp const& v) {
  j["usage"] = v.usage == bdc_usage::sender     ? "sender"
               : v.usage == bdc_usage::receiver ? "receiver"
                                                : "other";
}

void to_json(json& j, req_app_3gpp const& v) {
  json tokens = json::array();
  for (auto t : v.tokens())
    tokens.push_back(t);
  j["tokens"] = std::move(tokens);
  if (v.stream_id) j["streamId"] = *v.stream_id;
}

}  // namespace imsdp::datachannel
