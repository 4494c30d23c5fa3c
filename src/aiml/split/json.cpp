// JSON members of a=3gpp-aiml-split, and the local capabilities.
#include <imsdp/aiml/split/json.hpp>
#include <imsdp/datachannel/attributes.hpp>
#include <limits>

#include "detail/json_reader.hpp"

namespace imsdp::aiml::split {

using nlohmann::json;

void to_json(json& j, aiml_split_3gpp const& v) {
  auto const decoded = [](std::string_view text) {
    return datachannel::quoted_value{text}.decoded();
  };
  j["cfgId"] = v.cfg_id;
  j["placement"] = to_string(v.placement);
  if (!v.task.empty()) j["task"] = decoded(v.task);
  if (!v.model.empty()) j["model"] = decoded(v.model);
  if (!v.part.empty()) j["part"] = v.part;
  if (v.idc) j["idc"] = *v.idc;
  if (!v.fmt.empty()) j["fmt"] = v.fmt;
  if (!v.cmp.empty()) {
    json list = json::array();
    for (auto p : v.compression_profiles())
      list.push_back(p);
    j["cmp"] = std::move(list);
  }
  if (v.ul) j["ul"] = *v.ul;
  if (v.dl) j["dl"] = *v.dl;
  if (v.lat) j["lat"] = *v.lat;
  if (v.acc) j["acc"] = *v.acc;
  if (!v.steps.empty()) {
    json list = json::array();
    for (auto s : v.step_list())
      list.push_back(std::stoi(std::string(s)));
    j["steps"] = std::move(list);
  }
  if (!v.q.empty()) j["q"] = std::stod(std::string(v.q));
}

// Every member is optional. Strings have the schema's minLength; the schema bounds no list
// or string length, the document bound does.
result<capabilities> capabilities_from_json(std::string_view json_text) {
  using imsdp::detail::read_array;
  using imsdp::detail::string_value;
  auto const parsed = imsdp::detail::parse_strict(json_text, {});
  if (!parsed) return parsed.error();
  imsdp::detail::json_reader r;
  imsdp::detail::object_view const o(r, *parsed, "",
                                     {"tasks", "placements", "compression", "formats", "models",
                                      "partitions", "maxUlKbps", "maxDlKbps", "minLatencyMs"});
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
  if (!r.ok()) return r.take_error();
  return c;
}

}  // namespace imsdp::aiml::split
