// JSON members of a=3gpp-aiml-split, and the local capabilities.
#include <charconv>
#include <imsdp/aiml/split/json.hpp>
#include <imsdp/datachannel/attributes.hpp>
#include <limits>

#include "detail/json_reader.hpp"

namespace imsdp::aiml::split {

using nlohmann::json;

// One shape for the parsed attribute and the owned configuration: URNs decoded, q a
// number, extension parameters as {name, value} with a quoted value decoded.
void to_json(json& j, configuration const& c) {
  j["cfgId"] = c.cfg_id;
  j["placement"] = to_string(c.placement);
  if (!c.task.empty()) j["task"] = c.task;
  if (!c.model.empty()) j["model"] = c.model;
  if (!c.part.empty()) j["part"] = c.part;
  if (c.idc) j["idc"] = *c.idc;
  if (!c.fmt.empty()) j["fmt"] = c.fmt;
  if (!c.compression.empty()) j["cmp"] = c.compression;
  if (c.ul_kbps) j["ul"] = *c.ul_kbps;
  if (c.dl_kbps) j["dl"] = *c.dl_kbps;
  if (c.latency_ms) j["lat"] = *c.latency_ms;
  if (c.accuracy) j["acc"] = *c.accuracy;
  if (!c.steps.empty()) {
    json list = json::array();
    for (auto s : c.steps)
      list.push_back(unsigned{s});
    j["steps"] = std::move(list);
  }
  if (!c.q.empty()) {
    double q = 0;  // the grammar's qvalue: 0 to 1 with at most three decimals
    std::from_chars(c.q.data(), c.q.data() + c.q.size(), q);
    j["q"] = q;
  }
  if (!c.state.empty()) j["state"] = c.state;
  if (c.fec) j["fec"] = *c.fec;
  if (!c.extensions.empty()) {
    json list = json::array();
    for (auto const& [name, value] : c.extensions) {
      bool const quoted = value.size() >= 2 && value.front() == '"';
      json e{{"name", name},
             {"value", quoted ? datachannel::quoted_value{std::string_view(value).substr(
                                                              1, value.size() - 2)}
                                    .decoded()
                              : value}};
      if (quoted) e["quoted"] = true;
      list.push_back(std::move(e));
    }
    j["extensions"] = std::move(list);
  }
}

void to_json(json& j, aiml_split_3gpp const& v) {
  to_json(j, configuration::from(v));
}

// Every member is optional. Strings have the schema's minLength; the schema bounds no list
// or string length, the document bound does.
result<capabilities> capabilities_from_json(std::string_view json_text) {
  using imsdp::detail::read_array;
  using imsdp::detail::string_value;
  auto const parsed = imsdp::detail::parse_strict(json_text, {});
  if (!parsed) return parsed.error();
  imsdp::detail::json_reader r;
  imsdp::detail::object_view const o(
      r, *parsed, "",
      {"tasks", "placements", "compression", "formats", "models", "partitions", "maxUlKbps",
       "maxDlKbps", "minLatencyMs", "states", "parity"});
  constexpr auto unbounded = std::numeric_limits<std::size_t>::max();
  auto const strings = [&](std::string_view key, std::size_t min_length) {
    return read_array<std::string>(
        o, key, false, 0, unbounded, [&](json const& v, std::string const& path) {
          return string_value(r, v, path, unbounded, min_length).value_or("");
        });
  };
  auto const u32 = [&](std::string_view key) -> std::optional<std::uint32_t> {
    if (auto const v = o.unsigned_integer(key, false, 0, 0xFFFFFFFFu))
      return static_cast<std::uint32_t>(*v);
    return std::nullopt;
  };

  capabilities c;
  c.tasks = strings("tasks", 1);
  c.placements = read_array<placement>(
      o, "placements", false, 0, unbounded, [&](json const& v, std::string const& path) {
        auto const name = string_value(r, v, path, unbounded).value_or("");
        for (auto p : {placement::ue, placement::nw, placement::split, placement::seq})
          if (to_string(p) == name) return p;
        r.fail(errc::json_value_out_of_range, path, "placement is ue, nw, split or seq");
        return placement::ue;
      });
  c.compression = strings("compression", 1);
  if (o.has("formats")) c.formats = strings("formats", 1);
  c.models = strings("models", 0);
  c.partitions = strings("partitions", 0);
  c.max_ul_kbps = u32("maxUlKbps");
  c.max_dl_kbps = u32("maxDlKbps");
  c.min_latency_ms = u32("minLatencyMs");
  if (o.has("states")) c.states = strings("states", 1);
  if (auto const parity = o.boolean("parity", false)) c.parity = *parity;
  if (!r.ok()) return r.take_error();
  return c;
}

}  // namespace imsdp::aiml::split
