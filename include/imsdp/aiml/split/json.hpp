// JSON members of a=3gpp-aiml-split.
#pragma once

#include <imsdp/aiml/split/attribute.hpp>

#include <nlohmann/json.hpp>

namespace imsdp::aiml::split {

void to_json(nlohmann::json& j, aiml_split_3gpp const& v);

}  // namespace imsdp::aiml::split
