// JSON pieces more than one user interaction writer uses (messages, exposures).
#pragma once

#include <imsdp/user_interaction/message.hpp>
#include <nlohmann/json.hpp>
#include <vector>

namespace imsdp::user_interaction {

/// The "answers" array of a response: {"aid", "value"} or {"aid", "values"} each.
[[nodiscard]] nlohmann::json answers_json(std::vector<answer> const& answers);

}  // namespace imsdp::user_interaction
