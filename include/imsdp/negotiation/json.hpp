// JSON forms of the negotiation area: local capabilities
// (schemas/negotiation/capabilities.schema.json) and event scripts
// (schemas/negotiation/script.schema.json), replayed into a readable trace of states and
// actions (`imsdp negotiate`, tests/vectors/negotiation/).
//
// A script:
//   {"seed": 7,                                  generator seed of the dialogs
//    "profile": "lenient",                       profile the bodies are parsed under
//    "bodies": {"offer": "v=0\r\n...", "ims": {"file": "examples/ims.sdp"}},
//    "capabilities": {"ue": {...capabilities...}, "nw": {"file": "caps-nw.json"}},
//    "split": {"role": "ue", "seed": 3},         optional split-configuration machine
//    "events": [
//      {"event": "offer", "via": "INVITE", "sdp": "offer"},
//      {"event": "response", "method": "INVITE", "status": 200, "sdp": "answer"},
//      {"event": "request", "method": "INVITE", "sdp": "ims"},
//      {"event": "answer", "caps": "ue", "explain": true, "name": "a1"},
//      {"event": "offer", "via": "UPDATE", "reoffer": "hold"},
//      {"event": "fork", "dialog": "b", "seed": 2},
//      {"event": "split", "message": "task-start-req", "sent": true, "cfg": 1}, ...]}
// Every event gives one line "<event> => <state>" (or "=> error <code>: <detail>"), then
// one indented line per action. When the script has a split machine, every session the
// dialog applies or restores feeds it the negotiated configurations (sdp-answer,
// sdp-restore), with a line of its own.
#pragma once

#include <functional>
#include <imsdp/negotiation/capabilities.hpp>
#include <imsdp/negotiation/session.hpp>
#include <imsdp/negotiation/signalling.hpp>
#include <imsdp/result.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace imsdp::negotiation {

/// Capabilities from JSON text, read strictly (at most 256 KiB and 16 levels; duplicate keys
/// and unknown members are errors); errors name the JSON pointer of the offending member.
[[nodiscard]] result<capabilities> capabilities_from_json(std::string_view json_text);

/// The JSON form of a negotiated session (schemas/negotiation/session.schema.json).
void to_json(nlohmann::json& j, negotiated_session const& s);

/// Reads a file a script names ({"file": PATH}); the library itself does no I/O.
using file_reader = std::function<result<std::string>(std::string const& path)>;

/// The negotiated session of one apply-session or restore-session action of a script:
/// the trace line of the action and its dialog.
struct script_session {
  std::size_t line = 0;
  std::string dialog;
  negotiated_session session;
};

/// Runs an event script; the trace, one line per event and per action. An event the
/// machines refuse is a line of the trace, not a failure; a script that cannot be run
/// (unknown body, bad member) is errc::script_invalid. With `sessions`, the negotiated
/// session of every session action is added to it. `keys` is the SRTP key source given to
/// every capabilities with sdes (JSON holds no key).
[[nodiscard]] result<std::vector<std::string>> run_script(
    nlohmann::json const& script, file_reader const& read = {},
    std::vector<script_session>* sessions = nullptr, key_source const& keys = {});

/// A signalling event from JSON (docs/c-api.md): {"event": "offer"|"invite"|"pranswer"|
/// "answer"|"accept"|"alert"|"reject"|"rollback"|"request"|"response"|"close", "via",
/// "method", "status", "reliable", "retryAfter"}, read strictly; `body` is its SDP. An offer,
/// pranswer or answer without a body is missing_body, a body on an event that takes none
/// unexpected_body.
[[nodiscard]] result<event> event_from_json(std::string_view json_text, description body = {});

/// A step as JSON: {"state", "actions": [{"action", "method", "status", "role", "body", ...,
/// "trace"}], "refused"}. Descriptions are written as `body_ref` names them (never inline:
/// an SDP may hold SRTP keys).
[[nodiscard]] nlohmann::json step_json(
    step const& s, std::function<nlohmann::json(description const&)> const& body_ref);

}  // namespace imsdp::negotiation
