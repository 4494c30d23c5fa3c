// Answers against actions (answers.hpp).
#include "user_interaction/answers.hpp"

#include <algorithm>
#include <array>
#include <charconv>

namespace imsdp::user_interaction {

void point(pointer_text& at, std::string_view member, int i, int j) noexcept {
  // By hand rather than snprintf: refusals are most of a flood, and this runs on each.
  auto* out = at.text.data();
  auto* const end = out + at.text.size() - 1;
  auto const put = [&](std::string_view s) {
    auto const n = std::min<std::size_t>(s.size(), static_cast<std::size_t>(end - out));
    out = std::copy_n(s.data(), n, out);
  };
  auto const number = [&](int n) {
    std::array<char, 12> digits{};
    auto const r = std::to_chars(digits.data(), digits.data() + digits.size(), n);
    put({digits.data(), static_cast<std::size_t>(r.ptr - digits.data())});
  };
  if (i >= 0) {
    put("/answers/");
    number(i);
    put("/");
  }
  put(member);
  if (i >= 0 && j >= 0) {
    put("/");
    number(j);
  }
  *out = '\0';
  at.size = static_cast<std::uint8_t>(out - at.text.data());
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
