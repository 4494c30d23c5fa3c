// Strict JSON reading shared by the library's JSON inputs (model descriptors, control
// messages, safetensors headers, split capabilities; research/model-and-tensor.md section
// 8.2): a SAX pass over nlohmann's non-throwing parser that bounds size and depth and
// rejects duplicate keys, then typed member access that reports the first error with its
// JSON pointer; and the "extensions" member that control messages and model descriptors
// keep as text.
#pragma once

#include <cstdint>
#include <functional>
#include <imsdp/result.hpp>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace imsdp::detail {

struct json_bounds {
  std::size_t max_bytes = 256u << 10;
  std::size_t max_depth = 16;
};

/// Parses `text` into a DOM. Errors: limit_exceeded (size), json_syntax (with the byte
/// offset, line and column), json_too_deep, json_duplicate_key; all with the pointer.
[[nodiscard]] result<nlohmann::json> parse_strict(std::string_view text, json_bounds const& bounds);

/// Receives one member of the root object: its key and its value, which it may move from.
using member_sink = std::function<result<void>(std::string const& key, nlohmann::json& value)>;

/// Parses a document whose root is an object one member at a time: each member's value is
/// built, handed to `each`, and dropped, so memory follows the largest member and not the
/// document (a safetensors header of 300 000 entries). The keys are kept packed and checked
/// for duplicates at the end. Errors: parse_strict's, json_type if the root is not an
/// object, and the first error `each` returns (the parse stops there).
[[nodiscard]] result<void> parse_strict_members(std::string_view text, json_bounds const& bounds,
                                                member_sink const& each);

/// "/a~1b" for the member "a/b" of the root (RFC 6901 escaping).
[[nodiscard]] std::string pointer_append(std::string const& path, std::string_view token);
[[nodiscard]] std::string pointer_append(std::string const& path, std::size_t index);

/// Collects the first error of a typed read. Accessors return nullopt after a failure,
/// so a reader runs to its end and the caller checks ok() once.
class json_reader {
 public:
  [[nodiscard]] bool ok() const noexcept { return !failed_; }
  void fail(errc code, std::string path, std::string detail = {});
  [[nodiscard]] error take_error() { return std::move(error_); }

 private:
  error error_{};
  bool failed_ = false;
};

/// Whether an object's members outside the known list are errors (the default) or skipped
/// (messages that let later versions add members, as the user interaction messages do).
enum class unknown_members : bool { reject, ignore };

/// One JSON object being read: unknown members are errors at construction unless ignored.
class object_view {
 public:
  object_view(json_reader& reader, nlohmann::json const& value, std::string path,
              std::initializer_list<std::string_view> known,
              unknown_members unknown = unknown_members::reject);

  [[nodiscard]] bool valid() const noexcept { return object_ != nullptr && reader_.ok(); }
  [[nodiscard]] std::string const& path() const noexcept { return path_; }
  [[nodiscard]] std::string member_path(std::string_view key) const;
  [[nodiscard]] bool has(std::string_view key) const;

  /// The member, or nullptr (a json_missing_member error when `required`).
  [[nodiscard]] nlohmann::json const* get(std::string_view key, bool required) const;

  [[nodiscard]] std::optional<std::string> string(std::string_view key, bool required,
                                                  std::size_t max_length,
                                                  std::size_t min_length = 0) const;
  [[nodiscard]] std::optional<std::uint64_t> unsigned_integer(std::string_view key, bool required,
                                                              std::uint64_t min,
                                                              std::uint64_t max) const;
  [[nodiscard]] std::optional<std::int64_t> integer(std::string_view key, bool required,
                                                    std::int64_t min, std::int64_t max) const;
  [[nodiscard]] std::optional<double> number(std::string_view key, bool required, double min,
                                             double max) const;
  [[nodiscard]] std::optional<bool> boolean(std::string_view key, bool required) const;
  /// The member as an array of min_items..max_items elements, or nullptr.
  [[nodiscard]] nlohmann::json const* array(std::string_view key, bool required,
                                            std::size_t min_items, std::size_t max_items) const;

  [[nodiscard]] json_reader& reader() const noexcept { return reader_; }

 private:
  // Reads the member with `read(value, pointer)`; an empty result when it is absent.
  template <class Read>
  auto member(std::string_view key, bool required, Read&& read) const
      -> decltype(read(std::declval<nlohmann::json const&>(), std::string())) {
    auto const* v = get(key, required);
    if (v == nullptr) return {};
    return read(*v, member_path(key));
  }

  json_reader& reader_;
  nlohmann::json const* object_ = nullptr;
  std::string path_;
};

/// Element checks for values outside objects (array items).
[[nodiscard]] std::optional<std::string> string_value(json_reader& reader,
                                                      nlohmann::json const& value,
                                                      std::string const& path,
                                                      std::size_t max_length,
                                                      std::size_t min_length = 0);
[[nodiscard]] std::optional<std::uint64_t> unsigned_value(json_reader& reader,
                                                          nlohmann::json const& value,
                                                          std::string const& path,
                                                          std::uint64_t min, std::uint64_t max);
[[nodiscard]] std::optional<std::int64_t> integer_value(json_reader& reader,
                                                        nlohmann::json const& value,
                                                        std::string const& path, std::int64_t min,
                                                        std::int64_t max);
[[nodiscard]] std::optional<double> number_value(json_reader& reader, nlohmann::json const& value,
                                                 std::string const& path, double min, double max);

/// The array member `key` (min_items..max_items elements), each element read by
/// read_one(element, pointer) until the first error.
template <class T, class ReadOne>
std::vector<T> read_array(object_view const& o, std::string_view key, bool required,
                          std::size_t min_items, std::size_t max_items, ReadOne&& read_one) {
  std::vector<T> out;
  auto const* items = o.array(key, required, min_items, max_items);
  if (items == nullptr) return out;
  auto const path = o.member_path(key);
  out.reserve(items->size());
  for (std::size_t i = 0; i < items->size() && o.reader().ok(); ++i)
    out.push_back(read_one((*items)[i], pointer_append(path, i)));
  return out;
}

/// The optional array member `key` of strings of 1..max_length code points that
/// `allowed` accepts (json_value_out_of_range "unknown value" for others).
std::vector<std::string> read_strings(object_view const& o, std::string_view key,
                                      std::size_t max_items, std::size_t max_length,
                                      auto const& allowed) {
  return read_array<std::string>(
      o, key, false, 0, max_items, [&](nlohmann::json const& v, std::string const& path) {
        auto s = string_value(o.reader(), v, path, max_length, 1);
        if (!s) return std::string();
        if (!allowed(*s)) {
          o.reader().fail(errc::json_value_out_of_range, path, "unknown value '" + *s + "'");
        }
        return *s;
      });
}

/// The optional member "extensions": an object of at most 32 members (maxProperties of
/// the control envelope and model descriptor schemas), kept as compact JSON text.
[[nodiscard]] std::optional<std::string> read_extensions(object_view const& o);

/// Writes text read by read_extensions() back as the member "extensions" of `j`.
void write_extensions(nlohmann::json& j, std::optional<std::string> const& extensions);

/// Largest integer a JSON number carries exactly (2^53 - 1).
inline constexpr std::uint64_t max_safe_integer = (std::uint64_t{1} << 53) - 1;

}  // namespace imsdp::detail
