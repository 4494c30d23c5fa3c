// JSON forms of the interworking area (schemas/interworking/): the policy, the call state
// (which the CLI keeps in a file between translations), the media resources and the media
// plan. Readers are strict (unknown members, duplicate keys and wrong types are errors
// naming the JSON pointer) and bounded.
#pragma once

#include <imsdp/interworking/translate.hpp>
#include <imsdp/result.hpp>
#include <nlohmann/json.hpp>
#include <string_view>

namespace imsdp::interworking {

/// A policy: absent members keep default_policy()'s values. At most 256 KiB.
[[nodiscard]] result<policy> policy_from_json(std::string_view json_text);
/// A call state as state_to_json writes it; "{}" is the state of a new call. At most 32 MiB
/// (four SDPs of max_sdp_bytes, escaped).
[[nodiscard]] result<call_state> state_from_json(std::string_view json_text);
[[nodiscard]] nlohmann::json state_to_json(call_state const& state);
/// Media resources. At most 64 KiB.
[[nodiscard]] result<media_resources> resources_from_json(std::string_view json_text);
[[nodiscard]] nlohmann::json resources_to_json(media_resources const& r);
/// The media plan (schemas/interworking/media-plan.schema.json).
[[nodiscard]] nlohmann::json plan_to_json(media_plan const& plan);

}  // namespace imsdp::interworking
