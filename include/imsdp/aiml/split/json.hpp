// JSON members of a=3gpp-aiml-split.
#pragma once

#include <imsdp/aiml/split/attribute.hpp>
#include <imsdp/aiml/split/configuration.hpp>
#include <imsdp/result.hpp>
#include <nlohmann/json.hpp>

namespace imsdp::aiml::split {

void to_json(nlohmann::json& j, aiml_split_3gpp const& v);

/// Local AI/ML capabilities from JSON (schemas/aiml/split/capabilities.schema.json):
/// {"tasks": [...], "placements": ["ue", "nw", "split"], "compression": [...],
///  "formats": [...], "models": [...], "partitions": [...], "maxUlKbps": n,
///  "maxDlKbps": n, "minLatencyMs": n}. Errors name the JSON pointer.
[[nodiscard]] result<capabilities> capabilities_from_json(nlohmann::json const& j);

}  // namespace imsdp::aiml::split
