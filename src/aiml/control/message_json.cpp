// The 3gpp-aiml control messages: envelope rules, strict body reading, canonical writing,
// correlation (message.hpp, schemas/aiml/control/, research/spec-aiml-dc.md section 7.6).
#include <algorithm>
#include <array>
#include <imsdp/aiml/control/message.hpp>

#include "aiml/urn.hpp"
#include "detail/json_reader.hpp"

namespace imsdp::aiml::control {
namespace {

using imsdp::detail::json_reader;
using imsdp::detail::max_safe_integer;
using imsdp::detail::object_view;
using imsdp::detail::pointer_append;
using imsdp::detail::read_array;
using imsdp::detail::read_extensions;
using imsdp::detail::read_strings;
using imsdp::detail::write_extensions;
using nlohmann::json;

constexpr std::array<std::string_view, 17> type_names{"capabilities",
                                                      "model-list-req",
                                                      "model-list-resp",
                                                      "model-select-req",
                                                      "model-select-resp",
                                                      "split-config-req",
                                                      "split-config-resp",
                                                      "split-select",
                                                      "task-start-req",
                                                      "task-start-resp",
                                                      "task-update-req",
                                                      "task-update-resp",
                                                      "task-stop",
                                                      "status",
                                                      "error",
                                                      "sequence-ack",
                                                      "sequence-resume"};
constexpr std::array<std::string_view, 4> placement_names{"ue", "nw", "split", "seq"};
constexpr std::array<std::string_view, 4> state_names{"starting", "active", "switching", "stopped"};
constexpr std::array<std::string_view, 2> role_names{"ue", "nw"};
constexpr std::array<std::string_view, 4> accelerator_names{"npu", "gpu", "cpu", "dsp"};
constexpr std::array<std::string_view, 9> format_names{
    "onnx", "tflite", "nnef", "nnc", "executorch", "gguf", "safetensors", "coreml", "openvino"};
constexpr std::array<error_code, 6> error_codes{
    error_code::malformed,          error_code::not_found,           error_code::conflict,
    error_code::unsupported_format, error_code::capability_mismatch, error_code::busy};
constexpr std::string_view urn_prefix = "urn:3gpp:aiml:";
constexpr std::uint64_t max_u32 = 4294967295u;

bool visible(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '!' && c <= '~'; });
}

// Field readers: each checks the member as the schema does and reports the first error.
struct body_reader {
  json_reader& r;
  object_view const& o;

  std::optional<std::string> token(std::string_view key, bool required,
                                   std::size_t max = 64) const {
    auto s = o.string(key, required, max, 1);
    if (s && !visible(*s)) {
      r.fail(errc::json_value_out_of_range, o.member_path(key), "visible ASCII without spaces");
      return std::nullopt;
    }
    return s;
  }
  std::optional<std::string> urn(std::string_view key, bool required) const {
    auto s = o.string(key, required, 256, 1);
    if (s && !aiml::detail::is_urn(*s)) {
      r.fail(errc::json_value_out_of_range, o.member_path(key), "not a URN");
      return std::nullopt;
    }
    return s;
  }
  template <std::size_t N>
  std::optional<std::size_t> choice(std::string_view key, bool required,
                                    std::array<std::string_view, N> const& names) const {
    auto const s = o.string(key, required, 32);
    if (!s) return std::nullopt;
    auto const it = std::find(names.begin(), names.end(), *s);
    if (it == names.end()) {
      r.fail(errc::json_value_out_of_range, o.member_path(key), "unknown value '" + *s + "'");
      return std::nullopt;
    }
    return static_cast<std::size_t>(it - names.begin());
  }
  std::optional<std::uint32_t> u32(std::string_view key, bool required,
                                   std::uint64_t max = max_u32) const {
    auto const v = o.unsigned_integer(key, required, 0, max);
    if (!v) return std::nullopt;
    return static_cast<std::uint32_t>(*v);
  }
  template <std::size_t N>
  std::vector<std::string> names(std::string_view key, std::size_t max_items,
                                 std::array<std::string_view, N> const& allowed) const {
    return read_strings(o, key, max_items, 32, [&](std::string const& s) {
      return std::find(allowed.begin(), allowed.end(), s) != allowed.end();
    });
  }
  std::vector<std::uint32_t> ids(std::string_view key, bool required, std::size_t min_items,
                                 std::size_t max_items) const {
    std::vector<std::uint32_t> out;
    auto const* items = o.array(key, required, min_items, max_items);
    for (std::size_t i = 0; items != nullptr && i < items->size() && r.ok(); ++i) {
      auto const v = imsdp::detail::unsigned_value(r, (*items)[i],
                                                   pointer_append(o.member_path(key), i), 0, 255);
      out.push_back(static_cast<std::uint32_t>(v.value_or(0)));
    }
    return out;
  }
};

// sequence-ack, sequence-resume (docs/aidf.md "Stateful sequences").
sequence_state read_sequence_state(json_reader& r, json const& v, std::string const& path) {
  object_view o(r, v, path, {"taskId", "sequenceId", "epoch", "position"});
  body_reader b{r, o};
  sequence_state s;
  s.task_id = b.token("taskId", true).value_or("");
  s.sequence_id =
      static_cast<std::uint32_t>(o.unsigned_integer("sequenceId", true, 1, max_u32).value_or(1));
  s.epoch = b.u32("epoch", true).value_or(0);
  s.position = o.unsigned_integer("position", true, 0, max_safe_integer).value_or(0);
  return s;
}

split_config read_split_config(json_reader& r, json const& v, std::string const& path) {
  object_view o(r, v, path,
                {"cfgId", "placement", "task", "model", "part", "idc", "fmt", "cmp", "ul", "dl",
                 "lat", "acc", "steps", "q", "state"});
  body_reader b{r, o};
  split_config c;
  c.cfg_id = b.u32("cfgId", true, 255).value_or(0);
  c.placement = static_cast<placement>(b.choice("placement", true, placement_names).value_or(0));
  c.task = b.urn("task", false);
  c.model = b.urn("model", false);
  c.part = b.token("part", false, 32);
  c.idc = b.u32("idc", false, 65535);
  c.fmt = b.token("fmt", false, 32);
  c.cmp = read_strings(o, "cmp", 16, 32, visible);
  c.ul = b.u32("ul", false, 999999999);
  c.dl = b.u32("dl", false, 999999999);
  c.lat = b.u32("lat", false, 999999);
  c.acc = b.u32("acc", false, 1000);
  c.steps = b.ids("steps", false, 1, 16);
  c.q = o.number("q", false, 0.0, 1.0);
  c.state = b.token("state", false);
  // steps belong to seq configurations, and they need them (DESIGN.md section 5).
  bool const seq = c.placement == placement::seq;
  if (r.ok() && seq != !c.steps.empty())
    r.fail(seq ? errc::json_missing_member : errc::json_unknown_member, o.member_path("steps"),
           "steps go with placement seq");
  return c;
}

body read_body(json_reader& r, message_type type, json const& v) {
  std::string const path = "/body";
  switch (type) {
    case message_type::capabilities: {
      object_view o(r, v, path,
                    {"role", "tasks", "formats", "placements", "accelerators", "maxModelBytes"});
      body_reader b{r, o};
      capabilities c;
      if (auto const role = b.choice("role", false, role_names))
        c.role = std::string(role_names[*role]);
      c.tasks = read_strings(o, "tasks", 64, 256,
                             [](std::string const& s) { return aiml::detail::is_urn(s); });
      c.formats = b.names("formats", 16, format_names);
      for (auto const& p : b.names("placements", 4, placement_names))
        c.placements.push_back(
            static_cast<placement>(std::find(placement_names.begin(), placement_names.end(), p) -
                                   placement_names.begin()));
      c.accelerators = b.names("accelerators", 8, accelerator_names);
      c.max_model_bytes = o.unsigned_integer("maxModelBytes", false, 0, max_safe_integer);
      return c;
    }
    case message_type::model_list_req: {
      object_view o(r, v, path, {"task", "formats"});
      body_reader b{r, o};
      return model_list_req{b.urn("task", false), b.names("formats", 16, format_names)};
    }
    case message_type::model_list_resp: {
      object_view o(r, v, path, {"models"});
      return model_list_resp{read_array<
          model_summary>(o, "models", true, 0, 256, [&](json const& m, std::string const& p) {
        object_view mo(r, m, p, {"modelId", "version", "format", "task", "size", "descriptorUri"});
        body_reader mb{r, mo};
        model_summary s;
        s.model_id = mb.urn("modelId", true).value_or("");
        s.version = mo.string("version", true, 64, 1).value_or("");
        if (auto const f = mb.choice("format", true, format_names))
          s.format = std::string(format_names[*f]);
        s.task = mb.urn("task", false);
        s.size = mo.unsigned_integer("size", false, 1, max_safe_integer);
        s.descriptor_uri = mo.string("descriptorUri", false, 2048, 1);
        return s;
      })};
    }
    case message_type::model_select_req: {
      object_view o(r, v, path, {"modelId", "version", "partitionId"});
      body_reader b{r, o};
      return model_select_req{b.urn("modelId", true).value_or(""),
                              o.string("version", false, 64, 1),
                              b.u32("partitionId", false, 65535)};
    }
    case message_type::model_select_resp: {
      object_view o(r, v, path, {"modelId", "version", "descriptorUri"});
      body_reader b{r, o};
      model_select_resp m;
      m.model_id = b.urn("modelId", true).value_or("");
      m.version = o.string("version", true, 64, 1).value_or("");
      m.descriptor_uri = o.string("descriptorUri", false, 2048, 1);
      return m;
    }
    case message_type::split_config_req: {
      object_view o(r, v, path, {"configs"});
      auto configs = read_array<split_config>(
          o, "configs", true, 1, 256,
          [&](json const& c, std::string const& p) { return read_split_config(r, c, p); });
      for (std::size_t i = 0; i < configs.size() && r.ok(); ++i)
        for (std::size_t j = 0; j < i; ++j)
          if (configs[i].cfg_id == configs[j].cfg_id)
            r.fail(errc::model_duplicate,
                   pointer_append(pointer_append("/body/configs", i), "cfgId"));
      return split_config_req{std::move(configs)};
    }
    case message_type::split_config_resp: {
      object_view o(r, v, path, {"accepted", "active"});
      body_reader b{r, o};
      split_config_resp s{b.ids("accepted", true, 0, 256), b.u32("active", false, 255)};
      if (r.ok() && s.active &&
          std::find(s.accepted.begin(), s.accepted.end(), *s.active) == s.accepted.end())
        r.fail(errc::model_dangling_reference, "/body/active",
               "not among the accepted configurations");
      return s;
    }
    case message_type::split_select: {
      object_view o(r, v, path, {"cfgId", "effectiveFrame", "startTime"});
      body_reader b{r, o};
      return split_select{b.u32("cfgId", true, 255).value_or(0), b.u32("effectiveFrame", false),
                          o.unsigned_integer("startTime", false, 0, max_safe_integer)};
    }
    case message_type::task_start_req: {
      object_view o(r, v, path, {"taskId", "task", "cfgId", "modelId", "version"});
      body_reader b{r, o};
      task_start_req t;
      t.task_id = b.token("taskId", true).value_or("");
      t.task = b.urn("task", true).value_or("");
      t.cfg_id = b.u32("cfgId", false, 255);
      t.model_id = b.urn("modelId", false);
      t.version = o.string("version", false, 64, 1);
      return t;
    }
    case message_type::task_start_resp: {
      object_view o(r, v, path, {"taskId"});
      return task_start_resp{body_reader{r, o}.token("taskId", true).value_or("")};
    }
    case message_type::task_update_req: {
      object_view o(r, v, path, {"taskId", "cfgId", "parameters"});
      body_reader b{r, o};
      task_update_req t;
      t.task_id = b.token("taskId", true).value_or("");
      t.cfg_id = b.u32("cfgId", false, 255);
      if (auto const* p = o.get("parameters", false)) {
        if (!p->is_object()) {
          r.fail(errc::json_type, "/body/parameters", "an object");
        } else if (p->size() > 32) {
          r.fail(errc::json_value_out_of_range, "/body/parameters", "at most 32 members");
        }
        for (auto it = p->begin(); r.ok() && it != p->end(); ++it) {
          auto const member = pointer_append("/body/parameters", it.key());
          if (it.key().empty() || it.key().size() > 64 || !visible(it.key()))
            r.fail(errc::json_value_out_of_range, member, "names of 1..64 visible characters");
          t.parameters[it.key()] =
              imsdp::detail::string_value(r, it.value(), member, 1024).value_or("");
        }
      }
      return t;
    }
    case message_type::task_update_resp: {
      object_view o(r, v, path, {"taskId"});
      return task_update_resp{body_reader{r, o}.token("taskId", true).value_or("")};
    }
    case message_type::task_stop: {
      object_view o(r, v, path, {"taskId", "reason"});
      return task_stop{body_reader{r, o}.token("taskId", true).value_or(""),
                       o.string("reason", false, 1024)};
    }
    case message_type::status: {
      object_view o(r, v, path,
                    {"taskId", "state", "activeCfg", "latencyMs", "drops", "ulKbps", "dlKbps"});
      body_reader b{r, o};
      status s;
      s.task_id = b.token("taskId", false);
      if (auto const st = b.choice("state", false, state_names))
        s.state = static_cast<task_state>(*st);
      s.active_cfg = b.u32("activeCfg", false, 255);
      s.latency_ms = b.u32("latencyMs", false);
      s.drops = o.unsigned_integer("drops", false, 0, max_safe_integer);
      s.ul_kbps = b.u32("ulKbps", false);
      s.dl_kbps = b.u32("dlKbps", false);
      return s;
    }
    case message_type::error: {
      object_view o(r, v, path, {"code", "reason", "retryAfterMs"});
      error_message e;
      if (auto const code = o.unsigned_integer("code", true, 0, 999)) {
        auto const it =
            std::find(error_codes.begin(), error_codes.end(), static_cast<error_code>(*code));
        if (it == error_codes.end()) {
          r.fail(errc::control_error_code, "/body/code", std::to_string(*code));
        } else {
          e.code = *it;
        }
      }
      e.reason = o.string("reason", false, 1024);
      e.retry_after_ms = body_reader{r, o}.u32("retryAfterMs", false, 3600000);
      return e;
    }
    case message_type::sequence_ack:
      return sequence_ack{read_sequence_state(r, v, path)};
    case message_type::sequence_resume:
      return sequence_resume{read_sequence_state(r, v, path)};
  }
  return capabilities{};
}

// ---- writing ----

template <class T>
void put(json& j, char const* key, std::optional<T> const& v) {
  if (v) j[key] = *v;
}
template <class T>
void put(json& j, char const* key, std::vector<T> const& v) {
  if (!v.empty()) j[key] = v;
}

struct body_writer {
  json operator()(capabilities const& c) const {
    json j = json::object();
    put(j, "role", c.role);
    put(j, "tasks", c.tasks);
    put(j, "formats", c.formats);
    if (!c.placements.empty()) {
      j["placements"] = json::array();
      for (auto p : c.placements)
        j["placements"].push_back(placement_names[static_cast<std::size_t>(p)]);
    }
    put(j, "accelerators", c.accelerators);
    put(j, "maxModelBytes", c.max_model_bytes);
    return j;
  }
  json operator()(model_list_req const& m) const {
    json j = json::object();
    put(j, "task", m.task);
    put(j, "formats", m.formats);
    return j;
  }
  json operator()(model_list_resp const& m) const {
    json models = json::array();
    for (auto const& s : m.models) {
      json e{{"modelId", s.model_id}, {"version", s.version}, {"format", s.format}};
      put(e, "task", s.task);
      put(e, "size", s.size);
      put(e, "descriptorUri", s.descriptor_uri);
      models.push_back(std::move(e));
    }
    return {{"models", std::move(models)}};
  }
  json operator()(model_select_req const& m) const {
    json j{{"modelId", m.model_id}};
    put(j, "version", m.version);
    put(j, "partitionId", m.partition_id);
    return j;
  }
  json operator()(model_select_resp const& m) const {
    json j{{"modelId", m.model_id}, {"version", m.version}};
    put(j, "descriptorUri", m.descriptor_uri);
    return j;
  }
  json operator()(split_config_req const& m) const {
    json configs = json::array();
    for (auto const& c : m.configs) {
      json e{{"cfgId", c.cfg_id},
             {"placement", placement_names[static_cast<std::size_t>(c.placement)]}};
      put(e, "task", c.task);
      put(e, "model", c.model);
      put(e, "part", c.part);
      put(e, "idc", c.idc);
      put(e, "fmt", c.fmt);
      put(e, "cmp", c.cmp);
      put(e, "ul", c.ul);
      put(e, "dl", c.dl);
      put(e, "lat", c.lat);
      put(e, "acc", c.acc);
      put(e, "steps", c.steps);
      put(e, "q", c.q);
      put(e, "state", c.state);
      configs.push_back(std::move(e));
    }
    return {{"configs", std::move(configs)}};
  }
  json operator()(split_config_resp const& m) const {
    json j{{"accepted", m.accepted}};
    put(j, "active", m.active);
    return j;
  }
  json operator()(split_select const& m) const {
    json j{{"cfgId", m.cfg_id}};
    put(j, "effectiveFrame", m.effective_frame);
    put(j, "startTime", m.start_time);
    return j;
  }
  json operator()(task_start_req const& m) const {
    json j{{"taskId", m.task_id}, {"task", m.task}};
    put(j, "cfgId", m.cfg_id);
    put(j, "modelId", m.model_id);
    put(j, "version", m.version);
    return j;
  }
  json operator()(task_start_resp const& m) const { return {{"taskId", m.task_id}}; }
  json operator()(task_update_req const& m) const {
    json j{{"taskId", m.task_id}};
    put(j, "cfgId", m.cfg_id);
    if (!m.parameters.empty()) j["parameters"] = m.parameters;
    return j;
  }
  json operator()(task_update_resp const& m) const { return {{"taskId", m.task_id}}; }
  json operator()(task_stop const& m) const {
    json j{{"taskId", m.task_id}};
    put(j, "reason", m.reason);
    return j;
  }
  json operator()(status const& m) const {
    json j = json::object();
    put(j, "taskId", m.task_id);
    if (m.state) j["state"] = state_names[static_cast<std::size_t>(*m.state)];
    put(j, "activeCfg", m.active_cfg);
    put(j, "latencyMs", m.latency_ms);
    put(j, "drops", m.drops);
    put(j, "ulKbps", m.ul_kbps);
    put(j, "dlKbps", m.dl_kbps);
    return j;
  }
  json operator()(sequence_ack const& m) const { return state(m.state); }
  json operator()(sequence_resume const& m) const { return state(m.state); }
  static json state(sequence_state const& s) {
    return {{"taskId", s.task_id},
            {"sequenceId", s.sequence_id},
            {"epoch", s.epoch},
            {"position", s.position}};
  }
  json operator()(error_message const& m) const {
    json j{{"code", static_cast<std::uint16_t>(m.code)}};
    put(j, "reason", m.reason);
    put(j, "retryAfterMs", m.retry_after_ms);
    return j;
  }
};

enum class re_rule { forbidden, required, optional };

re_rule re_rule_of(message_type t) {
  auto const name = to_string(t);
  if (name.ends_with("-resp")) return re_rule::required;
  if (name.ends_with("-req") || name.starts_with("sequence-") || t == message_type::split_select ||
      t == message_type::task_stop)
    return re_rule::forbidden;
  return re_rule::optional;
}

// The envelope's "type": urn:3gpp:aiml:v<digits>:<name>.
result<message_type> read_type(std::string_view urn) {
  if (!urn.starts_with(urn_prefix))
    return make_json_error(errc::control_type_syntax, "/type", std::string(urn));
  auto rest = urn.substr(urn_prefix.size());
  auto const colon = rest.find(':');
  auto const version = rest.substr(0, colon);
  bool const digits =
      version.size() >= 2 && version[0] == 'v' &&
      std::all_of(version.begin() + 1, version.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (colon == std::string_view::npos || !digits)
    return make_json_error(errc::control_type_syntax, "/type", std::string(urn));
  auto const name = rest.substr(colon + 1);
  bool const name_ok = !name.empty() && name[0] >= 'a' && name[0] <= 'z' &&
                       std::all_of(name.begin(), name.end(), [](char c) {
                         return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
                       });
  if (!name_ok) return make_json_error(errc::control_type_syntax, "/type", std::string(urn));
  if (version != "v1")
    return make_json_error(errc::control_type_version, "/type", std::string(version));
  auto const t = message_type_from_string(name);
  if (!t) return make_json_error(errc::control_unknown_type, "/type", std::string(name));
  return *t;
}

}  // namespace

std::string_view to_string(message_type t) noexcept {
  return type_names[static_cast<std::size_t>(t)];
}

std::optional<message_type> message_type_from_string(std::string_view name) noexcept {
  auto const it = std::find(type_names.begin(), type_names.end(), name);
  if (it == type_names.end()) return std::nullopt;
  return static_cast<message_type>(it - type_names.begin());
}

std::string type_urn(message_type t) {
  return std::string(urn_prefix) + "v1:" + std::string(to_string(t));
}

std::optional<message_type> response_of(message_type request) noexcept {
  auto const name = to_string(request);
  if (!name.ends_with("-req")) return std::nullopt;
  std::string response(name.substr(0, name.size() - 3));
  response += "resp";
  return message_type_from_string(response);
}

result<message> read_message(std::string_view text, limits const& bounds) {
  if (text.size() > bounds.max_message_bytes)
    return make_json_error(errc::control_message_too_large, "",
                           std::to_string(text.size()) + " bytes, max-message-size " +
                               std::to_string(bounds.max_message_bytes));
  auto parsed =
      imsdp::detail::parse_strict(text, {bounds.max_message_bytes, bounds.max_json_depth});
  if (!parsed) return std::move(parsed).error();
  json_reader r;
  object_view o(r, *parsed, "", {"v", "id", "type", "re", "ts", "body", "extensions"});
  if (!r.ok()) return r.take_error();
  // The version decides how the rest reads, so it comes first.
  if (auto const* v = o.get("v", true);
      v != nullptr && !(v->is_number_unsigned() && v->get<std::uint64_t>() == 1)) {
    if (v->is_number_integer()) return make_json_error(errc::control_version, "/v", v->dump());
    r.fail(errc::json_type, "/v", "an integer");
  }
  auto const type_text = o.string("type", true, 128);
  if (!r.ok()) return r.take_error();
  auto const type = read_type(*type_text);
  if (!type) return type.error();
  message m;
  m.id = body_reader{r, o}.token("id", true).value_or("");
  auto const rule = re_rule_of(*type);
  if (r.ok() && rule == re_rule::forbidden && o.has("re"))
    return make_json_error(errc::control_unexpected_re, "/re",
                           "a " + std::string(to_string(*type)) + " starts a transaction");
  if (r.ok() && rule == re_rule::required && !o.has("re"))
    return make_json_error(errc::control_missing_re, "/re",
                           "a " + std::string(to_string(*type)) + " answers a request");
  m.re = body_reader{r, o}.token("re", false);
  m.ts = o.unsigned_integer("ts", false, 0, max_safe_integer);
  if (auto const* b = o.get("body", true)) m.body = read_body(r, *type, *b);
  m.extensions = read_extensions(o);
  if (!r.ok()) return r.take_error();
  return m;
}

result<std::string> write_message(message const& m, limits const& bounds) {
  auto const type = m.type();
  auto const rule = re_rule_of(type);
  if (rule == re_rule::required && !m.re) return make_json_error(errc::control_missing_re, "/re");
  if (rule == re_rule::forbidden && m.re)
    return make_json_error(errc::control_unexpected_re, "/re");
  if (m.id.empty()) return make_json_error(errc::invalid_argument, "/id", "empty id");
  json j{{"v", 1},
         {"id", m.id},
         {"type", type_urn(type)},
         {"body", std::visit(body_writer{}, m.body)}};
  put(j, "re", m.re);
  put(j, "ts", m.ts);
  write_extensions(j, m.extensions);
  auto text = j.dump(-1, ' ', false, json::error_handler_t::replace);
  if (text.size() > bounds.max_message_bytes)
    return make_json_error(errc::control_message_too_large, "",
                           std::to_string(text.size()) + " bytes, max-message-size " +
                               std::to_string(bounds.max_message_bytes));
  return text;
}

std::optional<std::string> message_id(std::string_view text, limits const& bounds) {
  if (text.size() > bounds.max_message_bytes) return std::nullopt;
  auto const parsed =
      imsdp::detail::parse_strict(text, {bounds.max_message_bytes, bounds.max_json_depth});
  if (!parsed || !parsed->is_object()) return std::nullopt;
  auto const it = parsed->find("id");
  if (it == parsed->end() || !it->is_string()) return std::nullopt;
  auto const& id = it->get_ref<std::string const&>();
  if (id.empty() || id.size() > 64 || !visible(id)) return std::nullopt;
  return id;
}

message error_reply(std::string id, std::optional<std::string> re, imsdp::error const& e) {
  message m;
  m.id = std::move(id);
  m.re = std::move(re);
  std::string reason(to_string(e.code));
  if (!e.path.empty()) reason += " at " + e.path;
  if (reason.size() > 1024) reason.resize(1024);
  m.body = error_message{error_code::malformed, std::move(reason), std::nullopt};
  return m;
}

result<void> correlator::request(message const& m) {
  if (!response_of(m.type())) return {};
  if (outstanding_.contains(m.id)) return make_json_error(errc::control_duplicate_id, "/id", m.id);
  if (outstanding_.size() >= max_outstanding_)
    return make_json_error(errc::limit_exceeded, "/id",
                           std::to_string(max_outstanding_) + " requests outstanding");
  outstanding_.emplace(m.id, m.type());
  return {};
}

result<message_type> correlator::response(message const& m) {
  if (!m.re) return make_json_error(errc::control_uncorrelated, "/re", "no re");
  auto const it = outstanding_.find(*m.re);
  if (it == outstanding_.end()) return make_json_error(errc::control_uncorrelated, "/re", *m.re);
  if (m.type() != message_type::error && response_of(it->second) != m.type())
    return make_json_error(errc::control_uncorrelated, "/type",
                           std::string(to_string(m.type())) + " does not answer " +
                               std::string(to_string(it->second)));
  auto const request = it->second;
  outstanding_.erase(it);
  return request;
}

}  // namespace imsdp::aiml::control
