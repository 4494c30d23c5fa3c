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
/// A state written with its keys masked (it then says "keysMasked": true) is refused there.
[[nodiscard]] result<call_state> state_from_json(std::string_view json_text);

/// Whether state_to_json writes the secrets in the state's SDP: the SDES keys of the IMS
/// leg (ims.srtp=sdes), and any k= or key-mgmt line a peer sent. Masked (each secret byte a
/// '*', secrets.hpp) the JSON may be printed and logged but not read back when masking
/// changed it: a call goes on only from a state that kept them, which is then a secret
/// itself (kept where the host keeps its other keys).
enum class state_keys : std::uint8_t { masked, kept };
[[nodiscard]] nlohmann::json state_to_json(call_state const& state,
                                           state_keys keys = state_keys::masked);
/// Media resources. At most 64 KiB.
[[nodiscard]] result<media_resources> resources_from_json(std::string_view json_text);
[[nodiscard]] nlohmann::json resources_to_json(media_resources const& r);
/// The media plan (schemas/interworking/media-plan.schema.json).
[[nodiscard]] nlohmann::json plan_to_json(media_plan const& plan);

}  // namespace imsdp::interworking
