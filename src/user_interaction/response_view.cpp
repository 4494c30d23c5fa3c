// The allocation-free response reader of the guard (guard.hpp).
#include <imsdp/user_interaction/guard.hpp>

#include "user_interaction/scan.hpp"

namespace imsdp::user_interaction {
namespace {

bool id_string(scan::cursor& c, std::string_view& out) noexcept {
  scan::string_info s;
  if (!scan::string(c, s) || s.escaped || !valid_id(s.raw)) return false;
  out = s.raw;
  return true;
}

bool read_answer(scan::cursor& c, limits const& bounds, response_view::answer& a) noexcept {
  bool has_aid = false, has_value = false, has_values = false;
  bool const ok = scan::object(c, [&](std::string_view key, scan::cursor& in) {
    if (scan::is(key, "aid")) return has_aid = id_string(in, a.aid);
    if (scan::is(key, "value")) {
      has_value = true;
      scan::ws(in);
      if (in.p < in.end && *in.p == '"') return id_string(in, a.choice);
      a.has_rating = scan::integer(in, a.rating) && a.rating >= -1000000 && a.rating <= 1000000;
      return a.has_rating;
    }
    if (scan::is(key, "values")) {
      has_values = true;
      return scan::array(in, [&](std::size_t i, scan::cursor& item) {
        if (i >= bounds.max_list || i >= a.values.size()) return false;
        a.value_count = static_cast<std::uint8_t>(i + 1);
        return id_string(item, a.values[i]);
      });
    }
    return scan::skip(in);
  });
  return ok && has_aid && has_value != has_values && (!has_values || a.value_count > 0);
}

}  // namespace

errc read_response_view(std::string_view text, limits const& bounds, response_view& out) noexcept {
  if (text.size() > bounds.max_message_bytes) return errc::ui_limit;
  out = response_view{};
  enum : unsigned { v = 1, kind = 2, id = 4, ts = 8, offer = 16, token = 32, answers = 64 };
  unsigned seen = 0;
  bool version_one = true, is_response = true, time_ok = true, fits = true;
  bool const parsed = scan::document(
      text, static_cast<unsigned>(bounds.max_depth), [&](std::string_view key, scan::cursor& c) {
        if (scan::is(key, "v")) {
          seen |= v;
          std::int64_t n = 0;
          if (!scan::integer(c, n) || n < 0) return false;
          version_one = n == 1;
          return true;
        }
        if (scan::is(key, "kind")) {
          seen |= kind;
          scan::string_info s;
          if (!scan::string(c, s)) return false;
          is_response = s.raw == "response";
          fits = fits && s.code_points <= 32;
          return true;
        }
        if (scan::is(key, "id")) return (seen |= id, id_string(c, out.id));
        if (scan::is(key, "offer")) return (seen |= offer, id_string(c, out.offer_id));
        if (scan::is(key, "ts")) {
          seen |= ts;
          scan::string_info s;
          if (!scan::string(c, s)) return false;
          auto const t = s.escaped ? std::nullopt : parse_time(s.raw);
          time_ok = t.has_value();
          out.ts = t.value_or(time_point{});
          return true;
        }
        if (scan::is(key, "token")) {
          seen |= token;
          scan::string_info s;
          if (!scan::string(c, s) || s.code_points < 1) return false;
          fits = fits && s.code_points <= 2048;
          out.token = s.raw;
          return true;
        }
        if (scan::is(key, "text")) {
          scan::string_info s;
          if (!scan::string(c, s) || s.code_points < 1) return false;
          fits = fits && s.code_points <= bounds.max_free_text;
          out.text = s.raw;
          out.has_text = true;
          return true;
        }
        if (scan::is(key, "answers")) {
          seen |= answers;
          return scan::array(c, [&](std::size_t i, scan::cursor& in) {
            if (i >= bounds.max_actions || i >= out.answers.size()) return false;
            out.answer_count = static_cast<std::uint8_t>(i + 1);
            return read_answer(in, bounds, out.answers[i]);
          });
        }
        return scan::skip(c);
      });
  if (!parsed) return errc::json_syntax;
  if (!version_one) return errc::ui_version;
  if (!is_response) return errc::ui_unknown_kind;
  if (seen != (v | kind | id | ts | offer | token | answers)) return errc::json_missing_member;
  if (!time_ok || out.answer_count == 0) return errc::json_value_out_of_range;
  if (!fits) return errc::ui_limit;
  for (std::size_t i = 0; i < out.answer_count; ++i) {
    auto const& a = out.answers[i];
    for (std::size_t j = 0; j < i; ++j)
      if (out.answers[j].aid == a.aid) return errc::json_value_out_of_range;
  }
  return errc::ok;
}

}  // namespace imsdp::user_interaction
