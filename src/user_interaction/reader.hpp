// The strict reads the user interaction readers share (messages, policy): strings by code
// points with ui_limit over a maximum, ids, RFC 3339 times, enumerator names, bounded lists;
// each records the first error with its JSON pointer.
#pragma once

#include <imsdp/user_interaction/message.hpp>
#include <string>

#include "detail/json_reader.hpp"

namespace imsdp::user_interaction::reading {

using imsdp::detail::object_view;
using imsdp::detail::pointer_append;
using nlohmann::json;

inline constexpr auto ignore = imsdp::detail::unknown_members::ignore;

inline std::size_t code_points(std::string_view s) noexcept {
  std::size_t n = 0;
  for (char c : s)
    n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

class reader {
 public:
  reader(imsdp::detail::json_reader& r, limits const& bounds) : r_(r), limits_(bounds) {}

  [[nodiscard]] limits const& bounds() const noexcept { return limits_; }
  [[nodiscard]] imsdp::detail::json_reader& sink() const noexcept { return r_; }

  // A string of min..max code points; over the maximum is ui_limit.
  std::optional<std::string> text(object_view const& o, std::string_view key, bool required,
                                  std::size_t max, std::size_t min = 1) const {
    auto const* v = o.get(key, required);
    if (v == nullptr) return std::nullopt;
    return text_value(*v, o.member_path(key), max, min);
  }

  std::optional<std::string> text_value(json const& v, std::string const& path, std::size_t max,
                                        std::size_t min = 1) const {
    if (!r_.ok()) return std::nullopt;
    if (!v.is_string()) {
      r_.fail(errc::json_type, path, std::string("a string, not ") + v.type_name());
      return std::nullopt;
    }
    auto const& s = v.get_ref<std::string const&>();
    auto const n = code_points(s);
    if (n > max) {
      r_.fail(errc::ui_limit, path,
              std::to_string(n) + " code points, limit " + std::to_string(max));
      return std::nullopt;
    }
    if (n < min) {
      r_.fail(errc::json_value_out_of_range, path, "empty");
      return std::nullopt;
    }
    return s;
  }

  std::optional<std::string> id(object_view const& o, std::string_view key, bool required) const {
    auto const* v = o.get(key, required);
    if (v == nullptr) return std::nullopt;
    return id_value(*v, o.member_path(key));
  }

  std::optional<std::string> id_value(json const& v, std::string const& path) const {
    auto s = text_value(v, path, 32);
    if (s && !valid_id(*s)) {
      r_.fail(errc::json_value_out_of_range, path, "not an id ([a-z0-9][a-z0-9._-]{0,31})");
      return std::nullopt;
    }
    return s;
  }

  std::optional<time_point> time(object_view const& o, std::string_view key, bool required) const {
    auto const s = text(o, key, required, 40);
    if (!s) return std::nullopt;
    auto const t = parse_time(*s);
    if (!t) r_.fail(errc::json_value_out_of_range, o.member_path(key), "not an RFC 3339 UTC time");
    return t;
  }

  // A string member naming an enumerator.
  template <class From>
  auto name(object_view const& o, std::string_view key, bool required, From from) const
      -> decltype(from(std::string_view())) {
    auto const s = text(o, key, required, 40);
    if (!s) return std::nullopt;
    auto v = from(*s);
    if (!v)
      r_.fail(errc::json_value_out_of_range, o.member_path(key), "unknown value '" + *s + "'");
    return v;
  }

  // The array member `key` of at most `max` items (more is ui_limit), each read by one().
  template <class T, class One>
  std::vector<T> list(object_view const& o, std::string_view key, bool required, std::size_t max,
                      One&& one) const {
    std::vector<T> out;
    auto const* v = o.get(key, required);
    if (v == nullptr || !r_.ok()) return out;
    auto const path = o.member_path(key);
    if (!v->is_array()) {
      r_.fail(errc::json_type, path, std::string("an array, not ") + v->type_name());
      return out;
    }
    if (v->size() > max) {
      r_.fail(errc::ui_limit, path,
              std::to_string(v->size()) + " items, limit " + std::to_string(max));
      return out;
    }
    if (required && v->empty()) {
      r_.fail(errc::json_value_out_of_range, path, "empty");
      return out;
    }
    for (std::size_t i = 0; i < v->size() && r_.ok(); ++i)
      out.push_back(one((*v)[i], pointer_append(path, i)));
    return out;
  }

  std::vector<std::string> ids(object_view const& o, std::string_view key, bool required) const {
    return list<std::string>(o, key, required, limits_.max_list,
                             [&](json const& v, std::string const& p) {
                               return id_value(v, p).value_or(std::string());
                             });
  }

  /// Fails at <list_path>/<i>/<member> (<list_path>/<i> for an empty member: a list of plain
  /// values) for the first item whose key repeats an earlier one.
  template <class T, class Key>
  void unique(std::vector<T> const& items, std::string const& list_path, std::string_view member,
              std::string_view what, Key key) const {
    for (std::size_t i = 0; i < items.size() && r_.ok(); ++i)
      for (std::size_t j = 0; j < i; ++j)
        if (key(items[j]) == key(items[i])) {
          auto const item = pointer_append(list_path, i);
          r_.fail(errc::json_value_out_of_range,
                  member.empty() ? item : pointer_append(item, member),
                  "duplicate " + std::string(what));
          break;
        }
  }

 private:
  imsdp::detail::json_reader& r_;
  limits const& limits_;
};

subject read_subject(reader const& rd, json const& v, std::string const& path);
action read_action(reader const& rd, json const& v, std::string const& path);
prompt read_prompt(reader const& rd, json const& v, std::string const& path);
/// "slots": {name: value} (optional): at most max_slots, names are ids, values strings.
slot_values read_slots(reader const& rd, object_view const& o);

}  // namespace imsdp::user_interaction::reading
