// JSON members of a=3gpp-aiml-split.
#include <imsdp/aiml/split/json.hpp>
#include <imsdp/datachannel/attributes.hpp>

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

}  // namespace imsdp::aiml::split

namespace imsdp::aiml::split {
namespace {

error json_error(errc code, std::string path, std::string detail) {
  error e;
  e.code = code;
  e.path = std::move(path);
  e.detail = std::move(detail);
  return e;
}

}  // namespace

result<capabilities> capabilities_from_json(json const& j) {
  if (!j.is_object()) return json_error(errc::json_type, "", "expected an object");
  capabilities c;
  c.formats.clear();
  bool formats_given = false;
  for (auto const& item : j.items()) {
    // Named copies: clang 14 cannot capture structured bindings in the lambdas below.
    std::string const& key = item.key();
    json const& value = item.value();
    std::string const path = "/" + key;
    auto const strings = [&](std::vector<std::string>& out) -> result<void> {
      if (!value.is_array()) return json_error(errc::json_type, path, "expected an array");
      for (std::size_t i = 0; i < value.size(); ++i) {
        if (!value[i].is_string())
          return json_error(errc::json_type, path + "/" + std::to_string(i), "expected a string");
        out.push_back(value[i].get<std::string>());
      }
      return {};
    };
    auto const number = [&](std::optional<std::uint32_t>& out) -> result<void> {
      if (!value.is_number_unsigned() || value.get<std::uint64_t>() > 0xFFFFFFFFu)
        return json_error(errc::json_value_out_of_range, path,
                          "expected an unsigned 32-bit number");
      out = value.get<std::uint32_t>();
      return {};
    };
    result<void> r;
    if (key == "tasks") {
      r = strings(c.tasks);
    } else if (key == "compression") {
      r = strings(c.compression);
    } else if (key == "formats") {
      formats_given = true;
      r = strings(c.formats);
    } else if (key == "models") {
      r = strings(c.models);
    } else if (key == "partitions") {
      r = strings(c.partitions);
    } else if (key == "maxUlKbps") {
      r = number(c.max_ul_kbps);
    } else if (key == "maxDlKbps") {
      r = number(c.max_dl_kbps);
    } else if (key == "minLatencyMs") {
      r = number(c.min_latency_ms);
    } else if (key == "placements") {
      std::vector<std::string> names;
      r = strings(names);
      for (std::size_t i = 0; r && i < names.size(); ++i) {
        auto const& n = names[i];
        if (n == "ue")
          c.placements.push_back(placement::ue);
        else if (n == "nw")
          c.placements.push_back(placement::nw);
        else if (n == "split")
          c.placements.push_back(placement::split);
        else if (n == "seq")
          c.placements.push_back(placement::seq);
        else
          r = json_error(errc::json_value_out_of_range, path + "/" + std::to_string(i),
                         "placement is ue, nw, split or seq");
      }
    } else {
      r = json_error(errc::json_unknown_member, path, "unknown member");
    }
    if (!r) return r.error();
  }
  if (!formats_given) c.formats = {"aidf1"};
  return c;
}

}  // namespace imsdp::aiml::split
