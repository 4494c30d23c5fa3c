// Answers against actions (answers.hpp).
#include "user_interaction/answers.hpp"

#include <algorithm>
#include <cstdio>

namespace imsdp::user_interaction {

void point(pointer_text& at, std::string_view member, int i, int j) noexcept {
  int const n = i < 0   ? std::snprintf(at.text.data(), at.text.size(), "%.*s",
                                        static_cast<int>(member.size()), member.data())
                : j < 0 ? std::snprintf(at.text.data(), at.text.size(), "/answers/%d/%.*s", i,
                                        static_cast<int>(member.size()), member.data())
                        : std::snprintf(at.text.data(), at.text.size(), "/answers/%d/%.*s/%d", i,
                                        static_cast<int>(member.size()), member.data(), j);
  at.size = static_cast<std::uint8_t>(std::clamp(n, 0, static_cast<int>(at.text.size()) - 1));
}

errc check_answers(response_view const& r, std::span<action const> actions, bool free_text,
                   std::span<std::string_view const> allowed, pointer_text& at) noexcept {
  if (r.has_text && !free_text) return point(at, "/text"), errc::ui_cardinality;
  for (std::size_t i = 0; i < r.answer_count; ++i) {
    auto const& a = r.answers[i];
    int const index = static_cast<int>(i);
    if (std::find(allowed.begin(), allowed.end(), a.aid) == allowed.end())
      return point(at, "aid", index), errc::ui_unknown_reference;
    auto const spec = std::find_if(actions.begin(), actions.end(),
                                   [&](action const& x) { return x.aid == a.aid; });
    if (spec == actions.end()) return point(at, "aid", index), errc::ui_unknown_reference;
    auto const known = [&](std::string_view oid) {
      return std::any_of(spec->options.begin(), spec->options.end(),
                         [&](option const& o) { return o.oid == oid; });
    };
    switch (spec->type) {
      case action_type::rating:
        if (!a.has_rating || !spec->scale || a.rating < scale_min(*spec->scale) ||
            a.rating > scale_max(*spec->scale))
          return point(at, a.value_count > 0 ? "values" : "value", index), errc::ui_cardinality;
        break;
      case action_type::multi: {
        auto const max = spec->max.value_or(static_cast<std::uint32_t>(spec->options.size()));
        if (a.value_count == 0 || a.value_count > max)
          return point(at, a.value_count == 0 ? "value" : "values", index), errc::ui_cardinality;
        for (std::size_t v = 0; v < a.value_count; ++v) {
          if (!known(a.values[v]))
            return point(at, "values", index, static_cast<int>(v)), errc::ui_unknown_reference;
          for (std::size_t w = 0; w < v; ++w)
            if (a.values[w] == a.values[v])
              return point(at, "values", index, static_cast<int>(v)), errc::ui_cardinality;
        }
        break;
      }
      default:
        if (a.choice.empty())
          return point(at, a.value_count > 0 ? "values" : "value", index), errc::ui_cardinality;
        if (!known(a.choice)) return point(at, "value", index), errc::ui_unknown_reference;
    }
  }
  return errc::ok;
}

}  // namespace imsdp::user_interaction
