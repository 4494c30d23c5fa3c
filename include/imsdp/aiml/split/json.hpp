// JSON members of a=3gpp-aiml-split and of its owned configuration.
#pragma once

#include <imsdp/aiml/split/attribute.hpp>
#include <imsdp/aiml/split/configuration.hpp>
#include <imsdp/result.hpp>
#include <nlohmann/json.hpp>
#include <string_view>

namespace imsdp::aiml::split {

/// The JSON members of a configuration (schemas/sdp/session-description.schema.json,
/// $defs/3gpp-aiml-split); the attribute has the same members as its configuration.
void to_json(nlohmann::json& j, configuration const& c);
void to_json(nlohmann::json& j, aiml_split_3gpp const& v);

/// Local AI/ML capabilities from JSON text (schemas/aiml/split/capabilities.schema.json):
/// {"tasks": [...], "placements": ["ue", "nw", "split"], "compression": [...],
///  "formats": [...] (absent: ["aidf1"]), "models": [...], "partitions": [...],
///  "maxUlKbps": n, "maxDlKbps": n, "minLatencyMs": n}. Read strictly, as the model
/// descriptor is: at most 256 KiB and 16 levels, duplicate keys and unknown members are
/// errors, and every error names its JSON pointer.
[[nodiscard]] result<capabilities> capabilities_from_json(std::string_view json_text);

}  // namespace imsdp::aiml::split
