// The URN pattern the model descriptor and control message schemas ask for (modelId, task).
#pragma once

#include <string_view>

namespace imsdp::aiml::detail {

/// True for "urn:<nid>:<nss>": ^urn:[a-z0-9][a-z0-9-]{0,31}:\S+$
[[nodiscard]] inline bool is_urn(std::string_view text) noexcept {
  if (text.substr(0, 4) != "urn:") return false;
  text.remove_prefix(4);
  auto const colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 32) return false;
  auto const alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!alnum(text[0])) return false;
  for (char c : text.substr(1, colon - 1))
    if (!alnum(c) && c != '-') return false;
  auto const nss = text.substr(colon + 1);
  if (nss.empty()) return false;
  for (char c : nss)
    if (c < '!' || c > '~') return false;
  return true;
}

}  // namespace imsdp::aiml::detail
