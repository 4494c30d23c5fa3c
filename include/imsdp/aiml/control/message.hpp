// The 3gpp-aiml control messages (DESIGN.md section 6.3; research/spec-aiml-dc.md section
// 7.6): UTF-8 JSON on the ordered, reliable "3gpp-aiml" data channel, one C++ type per
// message type, strict reading and canonical writing (schemas/aiml/control/).
//
// Envelope: {"v":1, "id":"...", "type":"urn:3gpp:aiml:v1:<name>", "re":"<id>", "ts":<ms>,
// "body":{...}}. Responses (-resp) carry "re" = the id of their request; messages that
// start a transaction (-req, split-select, task-stop) and the sequence-ack/-resume of
// stateful split inference carry none; capabilities, status and error may. A type URN whose
// version segment is not v1 and a well-formed URN of an unknown name are errors of their own
// (control_type_version, control_unknown_type), so a receiver can answer with an error
// message.
#pragma once

#include <cstddef>
#include <cstdint>
#include <imsdp/result.hpp>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace imsdp::aiml::control {

struct limits {
  /// The peer's a=max-message-size (RFC 8841); 65536 when the attribute is absent.
  std::size_t max_message_bytes = 65536;
  std::size_t max_json_depth = 16;
  /// Requests awaiting a response in one correlator.
  std::size_t max_outstanding = 64;
};

enum class message_type : std::uint8_t {
  capabilities,
  model_list_req,
  model_list_resp,
  model_select_req,
  model_select_resp,
  split_config_req,
  split_config_resp,
  split_select,
  task_start_req,
  task_start_resp,
  task_update_req,
  task_update_resp,
  task_stop,
  status,
  error,
  sequence_ack,
  sequence_resume,
};

/// The name in the type URN ("model-list-req").
[[nodiscard]] std::string_view to_string(message_type t) noexcept;
[[nodiscard]] std::optional<message_type> message_type_from_string(std::string_view name) noexcept;
/// "urn:3gpp:aiml:v1:<name>".
[[nodiscard]] std::string type_urn(message_type t);
/// The response type of a request type; nullopt for others.
[[nodiscard]] std::optional<message_type> response_of(message_type request) noexcept;

enum class placement : std::uint8_t { ue, nw, split, seq };  // DESIGN.md section 5
enum class task_state : std::uint8_t { starting, active, switching, stopped };

/// Numeric error codes (research/spec-aiml-dc.md section 7.6).
enum class error_code : std::uint16_t {
  malformed = 400,
  not_found = 404,  // unknown task or model
  conflict = 409,   // glare
  unsupported_format = 415,
  capability_mismatch = 422,
  busy = 503,
};

struct capabilities {
  std::optional<std::string> role;   // ue, nw
  std::vector<std::string> tasks;    // task URNs
  std::vector<std::string> formats;  // model format names
  std::vector<placement> placements;
  std::vector<std::string> accelerators;
  std::optional<std::uint64_t> max_model_bytes;
  friend bool operator==(capabilities const&, capabilities const&) = default;
};

struct model_list_req {
  std::optional<std::string> task;
  std::vector<std::string> formats;
  friend bool operator==(model_list_req const&, model_list_req const&) = default;
};

struct model_summary {
  std::string model_id;
  std::string version;
  std::string format;
  std::optional<std::string> task;
  std::optional<std::uint64_t> size;
  std::optional<std::string> descriptor_uri;
  friend bool operator==(model_summary const&, model_summary const&) = default;
};

struct model_list_resp {
  std::vector<model_summary> models;
  friend bool operator==(model_list_resp const&, model_list_resp const&) = default;
};

struct model_select_req {
  std::string model_id;
  std::optional<std::string> version;
  std::optional<std::uint32_t> partition_id;
  friend bool operator==(model_select_req const&, model_select_req const&) = default;
};

struct model_select_resp {
  std::string model_id;
  std::string version;
  std::optional<std::string> descriptor_uri;
  friend bool operator==(model_select_resp const&, model_select_resp const&) = default;
};

/// One split configuration, the parameters of the 3gpp-aiml-split attribute (DESIGN.md
/// section 5) for deployments that configure without SDP.
struct split_config {
  std::uint32_t cfg_id = 0;  // 0..255
  control::placement placement = control::placement::ue;
  std::optional<std::string> task;   // task URN
  std::optional<std::string> model;  // model URN
  std::optional<std::string> part;
  std::optional<std::uint32_t> idc;  // stream id of the intermediate-data channel
  std::optional<std::string> fmt;
  std::vector<std::string> cmp;
  std::optional<std::uint32_t> ul;   // kbit/s
  std::optional<std::uint32_t> dl;   // kbit/s
  std::optional<std::uint32_t> lat;  // ms
  std::optional<std::uint32_t> acc;  // per mille
  std::vector<std::uint32_t> steps;  // seq only
  std::optional<double> q;
  std::optional<std::string> state;  // stateful split: reliable, resume (docs/aidf.md)
  friend bool operator==(split_config const&, split_config const&) = default;
};

struct split_config_req {
  std::vector<split_config> configs;
  friend bool operator==(split_config_req const&, split_config_req const&) = default;
};

struct split_config_resp {
  std::vector<std::uint32_t> accepted;  // cfg ids, the first is active unless `active`
  std::optional<std::uint32_t> active;
  friend bool operator==(split_config_resp const&, split_config_resp const&) = default;
};

struct split_select {
  std::uint32_t cfg_id = 0;
  std::optional<std::uint32_t> effective_frame;  // AIDF frame number
  std::optional<std::uint64_t> start_time;       // ms since the epoch
  friend bool operator==(split_select const&, split_select const&) = default;
};

struct task_start_req {
  std::string task_id;
  std::string task;  // task URN
  std::optional<std::uint32_t> cfg_id;
  std::optional<std::string> model_id;
  std::optional<std::string> version;
  friend bool operator==(task_start_req const&, task_start_req const&) = default;
};

struct task_start_resp {
  std::string task_id;
  friend bool operator==(task_start_resp const&, task_start_resp const&) = default;
};

struct task_update_req {
  std::string task_id;
  std::optional<std::uint32_t> cfg_id;
  std::map<std::string, std::string> parameters;
  friend bool operator==(task_update_req const&, task_update_req const&) = default;
};

struct task_update_resp {
  std::string task_id;
  friend bool operator==(task_update_resp const&, task_update_resp const&) = default;
};

struct task_stop {
  std::string task_id;
  std::optional<std::string> reason;
  friend bool operator==(task_stop const&, task_stop const&) = default;
};

struct status {
  std::optional<std::string> task_id;
  std::optional<task_state> state;
  std::optional<std::uint32_t> active_cfg;
  std::optional<std::uint32_t> latency_ms;
  std::optional<std::uint64_t> drops;
  std::optional<std::uint32_t> ul_kbps;
  std::optional<std::uint32_t> dl_kbps;
  friend bool operator==(status const&, status const&) = default;
};

struct error_message {
  error_code code = error_code::malformed;
  std::optional<std::string> reason;
  std::optional<std::uint32_t> retry_after_ms;  // 409 glare, 503 busy
  friend bool operator==(error_message const&, error_message const&) = default;
};

/// Where a stateful sequence's state is at the receiver (docs/aidf.md "Stateful
/// sequences"; aiml/intermediate/sequence.hpp): every position before `position` of epoch
/// `epoch` has been applied. Positions above 2^53 - 1 cannot be carried in JSON.
struct sequence_state {
  std::string task_id;
  std::uint32_t sequence_id = 1;  // 1..2^32-1, the SEQUENCE_STEP TLV's
  std::uint32_t epoch = 0;
  std::uint64_t position = 0;
  friend bool operator==(sequence_state const&, sequence_state const&) = default;
};

/// The receiver holds `state`: the sender may drop inputs before it.
struct sequence_ack {
  sequence_state state;
  friend bool operator==(sequence_ack const&, sequence_ack const&) = default;
};

/// The receiver lost steps after `state` (a gap, a stall, or an unknown sequence at
/// position 0): the sender resends from there in a new epoch.
struct sequence_resume {
  sequence_state state;
  friend bool operator==(sequence_resume const&, sequence_resume const&) = default;
};

/// The alternatives are in message_type order: body.index() is the type.
using body = std::variant<capabilities, model_list_req, model_list_resp, model_select_req,
                          model_select_resp, split_config_req, split_config_resp, split_select,
                          task_start_req, task_start_resp, task_update_req, task_update_resp,
                          task_stop, status, error_message, sequence_ack, sequence_resume>;

struct message {
  std::string id;
  std::optional<std::string> re;
  std::optional<std::uint64_t> ts;  // ms since the epoch
  control::body body;
  /// The envelope's "extensions" object as compact JSON text, members sorted.
  std::optional<std::string> extensions;

  [[nodiscard]] message_type type() const noexcept {
    return static_cast<message_type>(body.index());
  }
  friend bool operator==(message const&, message const&) = default;
};

/// Reads one message. Errors carry the JSON pointer; see the file comment for the
/// envelope codes. Never throws (bad_alloc aside).
[[nodiscard]] result<message> read_message(std::string_view text, limits const& bounds = {});

/// Writes the canonical form (compact, members sorted). Errors: control_missing_re,
/// control_unexpected_re, invalid_argument (empty id), control_message_too_large.
[[nodiscard]] result<std::string> write_message(message const& m, limits const& bounds = {});

/// The id of a message that failed to read, when its envelope still has a valid one, so
/// that the error reply can carry "re".
[[nodiscard]] std::optional<std::string> message_id(std::string_view text,
                                                    limits const& bounds = {});

/// The error message that answers a message which failed read_message() with `e`:
/// 400 with the error's name and pointer as the reason.
[[nodiscard]] message error_reply(std::string id, std::optional<std::string> re,
                                  imsdp::error const& e);

/// Request/response correlation by id and "re" (one per direction of a channel).
class correlator {
 public:
  explicit correlator(limits const& bounds = {}) : max_outstanding_(bounds.max_outstanding) {}

  /// Records a request sent (or received). Errors: control_duplicate_id,
  /// limit_exceeded. Messages that are not requests are ignored.
  result<void> request(message const& m);
  /// Matches a response or error with its request and forgets the request. Returns the
  /// request's type. Errors: control_uncorrelated (no such request, or the response type
  /// does not answer it).
  result<message_type> response(message const& m);

  [[nodiscard]] std::size_t outstanding() const noexcept { return outstanding_.size(); }

 private:
  std::map<std::string, message_type, std::less<>> outstanding_;
  std::size_t max_outstanding_;
};

}  // namespace imsdp::aiml::control
