// A space- or comma-separated list as a JSON array of strings.
#pragma once

#include <imsdp/detail/split.hpp>
#include <nlohmann/json.hpp>

namespace imsdp::sdp::detail {

inline nlohmann::json json_list(imsdp::detail::split_range parts) {
  nlohmann::json out = nlohmann::json::array();
  for (auto p : parts)
    out.push_back(p);
  return out;
}

}  // namespace imsdp::sdp::detail
