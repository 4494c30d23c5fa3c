// Placeholders of template prompts ("{name}", policy.hpp slot_spec), shared by the template
// reader and fill_prompt().
#pragma once

#include <imsdp/user_interaction/message.hpp>
#include <string_view>

namespace imsdp::user_interaction {

/// Walks `text`: literal(piece) for the text between placeholders, slot(name) for each
/// "{name}". False on a brace that does not open or close a placeholder with an id name.
template <class Literal, class Slot>
bool walk_placeholders(std::string_view text, Literal&& literal, Slot&& slot) {
  while (!text.empty()) {
    auto const open = text.find_first_of("{}");
    if (open == std::string_view::npos) return literal(text), true;
    if (text[open] == '}') return false;
    auto const close = text.find_first_of("{}", open + 1);
    if (close == std::string_view::npos || text[close] != '}') return false;
    auto const name = text.substr(open + 1, close - open - 1);
    if (!valid_id(name)) return false;
    literal(text.substr(0, open));
    slot(name);
    text.remove_prefix(close + 1);
  }
  return true;
}

}  // namespace imsdp::user_interaction
