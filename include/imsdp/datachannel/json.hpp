// JSON members of the data-channel attributes (see schemas/sdp/session-description.schema.json
// and docs/attributes.md).
#pragma once

#include <imsdp/datachannel/attributes.hpp>
#include <imsdp/datachannel/dcsa.hpp>
#include <nlohmann/json.hpp>

namespace imsdp::datachannel {

void to_json(nlohmann::json& j, sctp_port const& v);
void to_json(nlohmann::json& j, max_message_size const& v);
void to_json(nlohmann::json& j, sctpmap const& v);
void to_json(nlohmann::json& j, dcmap const& v);
void to_json(nlohmann::json& j, dcsa const& v);
void to_json(nlohmann::json& j, qos_hint_3gpp const& v);
void to_json(nlohmann::json& j, bdc_used_by_3gpp const& v);
void to_json(nlohmann::json& j, req_app_3gpp const& v);

}  // namespace imsdp::datachannel
