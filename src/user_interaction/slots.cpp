// Typed template slots and filled prompts (policy.hpp; design rule 2).
#include "user_interaction/slots.hpp"

#include <algorithm>
#include <charconv>
#include <imsdp/user_interaction/policy.hpp>

#include "user_interaction/reader.hpp"

namespace imsdp::user_interaction {
namespace {

bool digits(std::string_view s) noexcept {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// No control character, brace or angle bracket, and no link ("://", "www." in any case).
bool plain_text(std::string_view s) noexcept {
  auto const contains = [&](std::string_view needle) {  // ASCII case-insensitive, no copy
    return std::search(s.begin(), s.end(), needle.begin(), needle.end(), [](char a, char b) {
             return (a >= 'A' && a <= 'Z' ? static_cast<char>(a + 32) : a) == b;
           }) != s.end();
  };
  return std::none_of(s.begin(), s.end(),
                      [](char c) {
                        auto const b = static_cast<unsigned char>(c);
                        return b < 0x20 || b == 0x7f || c == '{' || c == '}' || c == '<' ||
                               c == '>';
                      }) &&
         !contains("://") && !contains("www.");
}

}  // namespace

bool slot_accepts(slot_spec const& spec, std::string_view value) noexcept {
  switch (spec.type) {
    case slot_type::text: {
      auto const n = reading::code_points(value);
      return n >= 1 && n <= spec.max_length && plain_text(value);
    }
    case slot_type::e164:  // ITU-T E.164: at most 15 digits, a country code not starting with 0
      return value.size() >= 3 && value.size() <= 16 && value[0] == '+' && value[1] != '0' &&
             digits(value.substr(1));
    case slot_type::integer: {
      bool const negative = !value.empty() && value[0] == '-';
      auto const body = value.substr(negative ? 1 : 0);
      if (!digits(body) || (body.size() > 1 && body[0] == '0') || body.size() > 15) return false;
      std::int64_t v = 0;
      std::from_chars(value.data(), value.data() + value.size(), v);
      return !(negative && v == 0) && v >= spec.min && v <= spec.max;
    }
    case slot_type::date:
      return parse_date(value).has_value();
    case slot_type::choice:
      return std::find(spec.values.begin(), spec.values.end(), value) != spec.values.end();
  }
  return false;
}

result<prompt> fill_prompt(prompt const& p, std::vector<slot_spec> const& specs,
                           slot_values const& values, limits const& bounds) {
  for (auto const& entry : values) {
    auto const& [name, value] = entry;
    auto const spec = std::find_if(specs.begin(), specs.end(),
                                   [&](slot_spec const& s) { return s.name == entry.first; });
    if (spec == specs.end())
      return make_json_error(errc::ui_not_predefined, "/slots/" + name,
                             "the template has no slot '" + name + "'");
    if (!slot_accepts(*spec, value))
      return make_json_error(errc::json_value_out_of_range, "/slots/" + name,
                             "not a valid " + std::string(to_string(spec->type)) + " value");
  }
  for (auto const& spec : specs)
    if (!values.contains(spec.name))
      return make_json_error(errc::ui_not_predefined, "/slots/" + spec.name, "no value");
  auto const fill = [&](std::string const& text, std::string const& path,
                        std::size_t limit) -> result<std::string> {
    std::string out;
    bool undeclared = false;
    bool const ok = walk_placeholders(
        text, [&](std::string_view piece) { out += piece; },
        [&](std::string_view name) {
          auto const v = values.find(std::string(name));
          undeclared = undeclared || v == values.end();
          if (v != values.end()) out += v->second;
        });
    // The template reader refuses both; a template built in code may still have them.
    if (!ok || undeclared)
      return make_json_error(errc::ui_not_predefined, path,
                             "a brace that is no placeholder of a declared slot");
    if (reading::code_points(out) > limit)
      return make_json_error(errc::ui_limit, path,
                             "over " + std::to_string(limit) + " code points once filled");
    return out;
  };
  prompt out = p;
  auto title = fill(p.title, "/prompt/title", bounds.max_title);
  if (!title) return title.error();
  out.title = std::move(*title);
  if (p.text) {
    auto text = fill(*p.text, "/prompt/text", bounds.max_text);
    if (!text) return text.error();
    out.text = std::move(*text);
  }
  return out;
}

}  // namespace imsdp::user_interaction
