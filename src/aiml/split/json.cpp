// JSON members of a=3gpp-aiml-split.
#include <imsdp/aiml/split/json.hpp>
#include <imsdp/datachannel/attributes.hpp>

namespace imsdp::aiml::split {

using nlohmann::json;

void to_json(json& j, aiml_split_3gpp const& v) {
  auto const decoded = [](std::string_view text) { return datachannel::quoted_value{text}.decoded(); };
  j["cfgId"] = v.cfg_id;
  j["placement"] = to_string(v.placement);
  if (!v.task.empty()) j["task"] = decoded(v.task);
  if (!v.model.empty()) j["model"] = decoded(v.model);
  if (!v.part.empty()) j["part"] = v.part;
  if (v.idc) j["idc"] = *v.idc;
  if (!v.fmt.empty()) j["fmt"] = v.fmt;
  if (!v.cmp.empty()) {
    json list = json::array();
    for (auto p : v.compression_profiles()) list.push_back(p);
    j["cmp"] = std::move(list);
  }
  if (v.ul) j["ul"] = *v.ul;
  if (v.dl) j["dl"] = *v.dl;
  if (v.lat) j["lat"] = *v.lat;
  if (v.acc) j["acc"] = *v.acc;
  if (!v.steps.empty()) {
    json list = json::array();
    for (auto s : v.step_list()) list.push_back(std::stoi(std::string(s)));
    j["steps"] = std::move(list);
  }
  if (!v.q.empty()) j["q"] = std::stod(std::string(v.q));
}

}  // namespace imsdp::aiml::split
