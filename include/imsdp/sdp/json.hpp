// The JSON form of a session description (schemas/sdp/session-description.schema.json).
//
// The typed members (version, origin, sessionName, media[], attributes[], ...) are the
// view; "lines" holds every line with its line ending, so the form is lossless:
// from_json(to_json(d)) gives back the same bytes, but for secrets: SRTP keys (a=crypto,
// a=key-mgmt, k=) are masked with '*' everywhere in it (<imsdp/sdp/secrets.hpp>), so a
// description with keys does not come back from its JSON (the masked key fails base64). A JSON
// without "lines" is read from the typed members (attributes by name and value) and yields
// canonical SDP. 64-bit numbers (o= session id and version) are strings, so no JSON reader rounds
// them.
#pragma once

#include <imsdp/aiml/split/json.hpp>
#include <imsdp/datachannel/json.hpp>
#include <imsdp/result.hpp>
#include <imsdp/sdp/parse.hpp>
#include <imsdp/sdp/session_description.hpp>
#include <nlohmann/json.hpp>
#include <string>

namespace imsdp::sdp {

// Field values.
void to_json(nlohmann::json& j, origin const& v);
void to_json(nlohmann::json& j, connection const& v);
void to_json(nlohmann::json& j, bandwidth const& v);
void to_json(nlohmann::json& j, timing const& v);
void to_json(nlohmann::json& j, typed_time const& v);
void to_json(nlohmann::json& j, repeat const& v);
void to_json(nlohmann::json& j, key const& v);
void to_json(nlohmann::json& j, media_field const& v);

// Typed attribute values (the members that follow "name" and "value").
void to_json(nlohmann::json& j, rtpmap const& v);
void to_json(nlohmann::json& j, fmtp const& v);
void to_json(nlohmann::json& j, ptime const& v);
void to_json(nlohmann::json& j, maxptime const& v);
void to_json(nlohmann::json& j, framerate const& v);
void to_json(nlohmann::json& j, direction const& v);
void to_json(nlohmann::json& j, rtcp const& v);
void to_json(nlohmann::json& j, rtcp_mux const& v);
void to_json(nlohmann::json& j, rtcp_mux_only const& v);
void to_json(nlohmann::json& j, rtcp_rsize const& v);
void to_json(nlohmann::json& j, rtcp_fb const& v);
void to_json(nlohmann::json& j, extmap const& v);
void to_json(nlohmann::json& j, extmap_allow_mixed const& v);
void to_json(nlohmann::json& j, imageattr const& v);
void to_json(nlohmann::json& j, curr const& v);
void to_json(nlohmann::json& j, des const& v);
void to_json(nlohmann::json& j, conf const& v);
void to_json(nlohmann::json& j, tcap const& v);
void to_json(nlohmann::json& j, pcfg const& v);
void to_json(nlohmann::json& j, acap const& v);
void to_json(nlohmann::json& j, candidate const& v);
void to_json(nlohmann::json& j, end_of_candidates const& v);
void to_json(nlohmann::json& j, ice_ufrag const& v);
void to_json(nlohmann::json& j, ice_pwd const& v);
void to_json(nlohmann::json& j, ice_options const& v);
void to_json(nlohmann::json& j, ice_lite const& v);
void to_json(nlohmann::json& j, fingerprint const& v);
void to_json(nlohmann::json& j, setup const& v);
void to_json(nlohmann::json& j, tls_id const& v);
void to_json(nlohmann::json& j, mid const& v);
void to_json(nlohmann::json& j, group const& v);
void to_json(nlohmann::json& j, bundle_only const& v);
void to_json(nlohmann::json& j, msid const& v);
void to_json(nlohmann::json& j, msid_semantic const& v);
void to_json(nlohmann::json& j, ssrc const& v);
void to_json(nlohmann::json& j, ssrc_group const& v);
void to_json(nlohmann::json& j, rid const& v);
void to_json(nlohmann::json& j, simulcast const& v);
void to_json(nlohmann::json& j, crypto const& v);
void to_json(nlohmann::json& j, acfg const& v);

/// {"name", "value" (when the line has one), and the typed members of its type}.
void to_json(nlohmann::json& j, attribute const& a);
/// The typed members of an attribute value alone (empty object when untyped).
[[nodiscard]] nlohmann::json typed_json(attribute_value const& v);
[[nodiscard]] nlohmann::json typed_json(inner_attribute_value const& v);

/// The whole description.
[[nodiscard]] nlohmann::json to_json(session_description const& doc);

/// Reads the JSON form back; see the file comment. Errors name the JSON pointer.
[[nodiscard]] result<session_description> from_json(nlohmann::json const& j,
                                                    parse_options const& options = {});

}  // namespace imsdp::sdp
