// Strict JSON reading (json_reader.hpp).
#include "detail/json_reader.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>
#include <utility>
#include <vector>

namespace imsdp::detail {
namespace {

using nlohmann::json;

// Builds the DOM as nlohmann's own DOM parser does, and keeps the path, the depth and
// the keys seen so that duplicates and over-deep nesting stop the parse. With a sink, each
// member of the root is handed to it when complete instead of being added to the root.
class strict_sax {
 public:
  explicit strict_sax(json_bounds const& bounds, member_sink const* sink = nullptr)
      : bounds_(bounds), sink_(sink) {}

  bool null() { return add(json(nullptr)); }
  bool boolean(bool v) { return add(json(v)); }
  bool number_integer(json::number_integer_t v) { return add(json(v)); }
  bool number_unsigned(json::number_unsigned_t v) { return add(json(v)); }
  bool number_float(json::number_float_t v, json::string_t const&) { return add(json(v)); }
  bool string(json::string_t& v) { return add(json(std::move(v))); }
  bool binary(json::binary_t&) { return fail(errc::json_type, "binary values are not JSON"); }
  bool start_object(std::size_t) { return open(json::object()); }
  bool start_array(std::size_t) { return open(json::array()); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool key(json::string_t& k) {
    auto& top = frames_.back();
    top.key = k;
    if (streaming_member()) {
      keys_.emplace_back(key_text_.size(), k.size());
      key_text_ += k;
      return true;
    }
    if (top.container->contains(k)) return fail(errc::json_duplicate_key, {});
    return true;
  }

  bool parse_error(std::size_t position, std::string const&, json::exception const& ex) {
    error_ = make_json_error(errc::json_syntax, current_path(), ex.what());
    error_.where.offset = position == 0 ? 0 : position - 1;
    failed_ = true;
    return false;
  }

  [[nodiscard]] bool failed() const noexcept { return failed_; }
  error take_error() { return std::move(error_); }
  json take_root() { return std::move(root_); }

  // Streaming: the first root key that repeats, if any (sorted views of the packed keys).
  [[nodiscard]] std::optional<std::string_view> repeated_key() const {
    std::vector<std::string_view> keys;
    keys.reserve(keys_.size());
    for (auto const& [at, length] : keys_)
      keys.emplace_back(std::string_view(key_text_).substr(at, length));
    std::sort(keys.begin(), keys.end());
    auto const twice = std::adjacent_find(keys.begin(), keys.end());
    if (twice == keys.end()) return std::nullopt;
    return *twice;
  }

 private:
  struct frame {
    json* container;
    std::string key;        // objects: the member being read
    std::size_t index = 0;  // arrays: the element being read
  };

  // Whether the value being read is a member of the root handed to the sink.
  [[nodiscard]] bool streaming_member() const noexcept {
    return sink_ != nullptr && frames_.size() == 1 && frames_.front().container->is_object();
  }

  json* insert(json&& value) {
    if (frames_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    auto& top = frames_.back();
    if (top.container->is_array()) {
      top.index = top.container->size();
      top.container->push_back(std::move(value));
      return &top.container->back();
    }
    if (streaming_member()) {
      member_ = std::move(value);
      return &member_;
    }
    auto& slot = (*top.container)[top.key];
    slot = std::move(value);
    return &slot;
  }

  bool add(json&& value) {
    insert(std::move(value));
    return streaming_member() ? deliver() : true;
  }

  bool open(json&& container) {
    if (sink_ != nullptr && frames_.empty() && !container.is_object())
      return fail(errc::json_type, "an object");
    if (frames_.size() >= bounds_.max_depth)
      return fail(errc::json_too_deep, "nesting deeper than " + std::to_string(bounds_.max_depth));
    json* slot = insert(std::move(container));
    frames_.push_back({slot, {}, 0});
    return true;
  }

  bool close() {
    frames_.pop_back();
    return streaming_member() ? deliver() : true;
  }

  bool deliver() {
    auto r = (*sink_)(frames_.back().key, member_);
    member_ = nullptr;
    if (r) return true;
    error_ = std::move(r).error();
    failed_ = true;
    return false;
  }

  std::string current_path() const {
    std::string path;
    for (auto const& f : frames_) {
      if (f.container->is_array()) {
        if (!f.container->empty()) path = pointer_append(path, f.index);
      } else if (!f.key.empty() || f.container->contains(f.key)) {
        path = pointer_append(path, f.key);
      }
    }
    return path;
  }

  bool fail(errc code, std::string detail) {
    error_ = make_json_error(code, current_path(), std::move(detail));
    failed_ = true;
    return false;
  }

  json_bounds bounds_;
  member_sink const* sink_;
  json root_;
  json member_;                                            // streaming: the member being read
  std::string key_text_;                                   // streaming: the root's keys, packed
  std::vector<std::pair<std::size_t, std::size_t>> keys_;  // (offset, length) in key_text_
  std::vector<frame> frames_;
  error error_{};
  bool failed_ = false;
};

void set_line_column(error& e, std::string_view text) {
  std::uint32_t line = 1;
  std::size_t line_start = 0;
  auto const end = std::min(e.where.offset, text.size());
  for (std::size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  e.where.line = line;
  e.where.column = static_cast<std::uint32_t>(end - line_start + 1);
}

// The size check and the SAX pass; the error if either fails (syntax errors with their
// line and column).
std::optional<error> run(std::string_view text, json_bounds const& bounds, strict_sax& sax) {
  if (text.size() > bounds.max_bytes)
    return make_json_error(errc::limit_exceeded, "",
                           "document of " + std::to_string(text.size()) + " bytes, limit " +
                               std::to_string(bounds.max_bytes));
  if (json::sax_parse(text, &sax, json::input_format_t::json, true) && !sax.failed())
    return std::nullopt;
  auto e = sax.take_error();
  if (e.code == errc::ok) e = make_json_error(errc::json_syntax, "");
  if (e.code == errc::json_syntax) set_line_column(e, text);
  return e;
}

char const* type_name(json const& v) {
  return v.type_name();
}

// JSON Schema counts 1.0 as an integer; so does the reader, within 2^53 where a double
// is exact.
std::optional<double> integral_float(json const& v) {
  if (!v.is_number_float()) return std::nullopt;
  double const d = v.get<double>();
  if (!std::isfinite(d) || std::floor(d) != d || std::fabs(d) > 9007199254740991.0)
    return std::nullopt;
  return d;
}

// An integer of type T (std::uint64_t or std::int64_t) within min..max.
template <class T>
std::optional<T> integral_value(json_reader& reader, json const& value, std::string const& path,
                                T min, T max) {
  if (!reader.ok()) return std::nullopt;
  std::optional<T> v;  // the value, when T holds it
  if (auto const d = integral_float(value)) {
    if (std::is_signed_v<T> || *d >= 0) v = static_cast<T>(*d);
  } else if (value.is_number_unsigned()) {
    auto const u = value.get<std::uint64_t>();
    if (u <= static_cast<std::uint64_t>(std::numeric_limits<T>::max())) v = static_cast<T>(u);
  } else if (value.is_number_integer()) {
    if constexpr (std::is_signed_v<T>) v = value.get<std::int64_t>();  // else negative
  } else {
    reader.fail(errc::json_type, path, std::string("an integer, not ") + type_name(value));
    return std::nullopt;
  }
  if (v && *v >= min && *v <= max) return v;
  reader.fail(errc::json_value_out_of_range, path,
              "outside " + std::to_string(min) + ".." + std::to_string(max));
  return std::nullopt;
}

}  // namespace

result<json> parse_strict(std::string_view text, json_bounds const& bounds) {
  strict_sax sax(bounds);
  if (auto e = run(text, bounds, sax)) return std::move(*e);
  return sax.take_root();
}

result<void> parse_strict_members(std::string_view text, json_bounds const& bounds,
                                  member_sink const& each) {
  strict_sax sax(bounds, &each);
  if (auto e = run(text, bounds, sax)) return std::move(*e);
  if (!sax.take_root().is_object()) return make_json_error(errc::json_type, "", "an object");
  if (auto const twice = sax.repeated_key())
    return make_json_error(errc::json_duplicate_key, pointer_append("", *twice));
  return {};
}

std::string pointer_append(std::string const& path, std::string_view token) {
  std::string out = path;
  out += '/';
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::string pointer_append(std::string const& path, std::size_t index) {
  return path + '/' + std::to_string(index);
}

void json_reader::fail(errc code, std::string path, std::string detail) {
  if (failed_) return;
  failed_ = true;
  error_ = make_json_error(code, std::move(path), std::move(detail));
}

object_view::object_view(json_reader& reader, json const& value, std::string path,
                         std::initializer_list<std::string_view> known, unknown_members unknown)
    : reader_(reader), path_(std::move(path)) {
  if (!reader_.ok()) return;
  if (!value.is_object()) {
    reader_.fail(errc::json_type, path_, std::string("an object, not ") + type_name(value));
    return;
  }
  for (auto const& [key, member] : value.items()) {
    if (unknown == unknown_members::ignore) break;
    bool found = false;
    for (auto k : known)
      found = found || k == key;
    if (!found) {
      reader_.fail(errc::json_unknown_member, member_path(key));
      return;
    }
  }
  object_ = &value;
}

std::string object_view::member_path(std::string_view key) const {
  return pointer_append(path_, key);
}

bool object_view::has(std::string_view key) const {
  return object_ != nullptr && object_->contains(key);
}

json const* object_view::get(std::string_view key, bool required) const {
  if (!valid()) return nullptr;
  auto const it = object_->find(key);
  if (it == object_->end()) {
    if (required) reader_.fail(errc::json_missing_member, member_path(key));
    return nullptr;
  }
  return &*it;
}

std::optional<std::string> string_value(json_reader& reader, json const& value,
                                        std::string const& path, std::size_t max_length,
                                        std::size_t min_length) {
  if (!reader.ok()) return std::nullopt;
  if (!value.is_string()) {
    reader.fail(errc::json_type, path, std::string("a string, not ") + type_name(value));
    return std::nullopt;
  }
  auto const& s = value.get_ref<std::string const&>();
  // Lengths count code points, as JSON Schema's maxLength does.
  std::size_t length = 0;
  for (char c : s)
    length += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  if (length > max_length || length < min_length) {
    reader.fail(errc::json_value_out_of_range, path,
                "length " + std::to_string(length) + " outside " + std::to_string(min_length) +
                    ".." + std::to_string(max_length));
    return std::nullopt;
  }
  return s;
}

std::optional<std::uint64_t> unsigned_value(json_reader& reader, json const& value,
                                            std::string const& path, std::uint64_t min,
                                            std::uint64_t max) {
  return integral_value(reader, value, path, min, max);
}

std::optional<std::int64_t> integer_value(json_reader& reader, json const& value,
                                          std::string const& path, std::int64_t min,
                                          std::int64_t max) {
  return integral_value(reader, value, path, min, max);
}

std::optional<double> number_value(json_reader& reader, json const& value, std::string const& path,
                                   double min, double max) {
  if (!reader.ok()) return std::nullopt;
  if (!value.is_number()) {
    reader.fail(errc::json_type, path, std::string("a number, not ") + type_name(value));
    return std::nullopt;
  }
  auto const v = value.get<double>();
  if (!std::isfinite(v) || v < min || v > max) {
    reader.fail(errc::json_value_out_of_range, path, "number out of range");
    return std::nullopt;
  }
  return v;
}

std::optional<std::string> object_view::string(std::string_view key, bool required,
                                               std::size_t max_length,
                                               std::size_t min_length) const {
  return member(key, required, [&](json const& v, std::string const& p) {
    return string_value(reader_, v, p, max_length, min_length);
  });
}

std::optional<std::uint64_t> object_view::unsigned_integer(std::string_view key, bool required,
                                                           std::uint64_t min,
                                                           std::uint64_t max) const {
  return member(key, required, [&](json const& v, std::string const& p) {
    return unsigned_value(reader_, v, p, min, max);
  });
}

std::optional<std::int64_t> object_view::integer(std::string_view key, bool required,
                                                 std::int64_t min, std::int64_t max) const {
  return member(key, required, [&](json const& v, std::string const& p) {
    return integer_value(reader_, v, p, min, max);
  });
}

std::optional<double> object_view::number(std::string_view key, bool required, double min,
                                          double max) const {
  return member(key, required, [&](json const& v, std::string const& p) {
    return number_value(reader_, v, p, min, max);
  });
}

std::optional<bool> object_view::boolean(std::string_view key, bool required) const {
  auto const* v = get(key, required);
  if (v == nullptr) return std::nullopt;
  if (!v->is_boolean()) {
    reader_.fail(errc::json_type, member_path(key), std::string("a boolean, not ") + type_name(*v));
    return std::nullopt;
  }
  return v->get<bool>();
}

json const* object_view::array(std::string_view key, bool required, std::size_t min_items,
                               std::size_t max_items) const {
  auto const* v = get(key, required);
  if (v == nullptr) return nullptr;
  if (!v->is_array()) {
    reader_.fail(errc::json_type, member_path(key), std::string("an array, not ") + type_name(*v));
    return nullptr;
  }
  if (v->size() < min_items || v->size() > max_items) {
    reader_.fail(errc::json_value_out_of_range, member_path(key),
                 std::to_string(v->size()) + " items, allowed " + std::to_string(min_items) + ".." +
                     std::to_string(max_items));
    return nullptr;
  }
  return v;
}

std::optional<std::string> read_extensions(object_view const& o) {
  auto const* e = o.get("extensions", false);
  if (e == nullptr) return std::nullopt;
  auto const path = o.member_path("extensions");
  if (!e->is_object()) {
    o.reader().fail(errc::json_type, path, "an object");
  } else if (e->size() > 32) {
    o.reader().fail(errc::json_value_out_of_range, path, "at most 32 members");
  } else {
    return e->dump();
  }
  return std::nullopt;
}

void write_extensions(json& j, std::optional<std::string> const& extensions) {
  if (!extensions) return;
  auto e = json::parse(*extensions, nullptr, false);
  j["extensions"] = e.is_object() ? std::move(e) : json::object();
}

}  // namespace imsdp::detail
