// The parsed session description: every line of the input, in order, each with its typed
// value, plus typed access by section and an edit API that re-emits only the lines it
// touches (DESIGN.md section 4).
//
// A session_description owns its text. Values are views into it, so the object is
// move-only; clone() makes an independent copy. Lines added or changed by edits are
// stored in the object too, so every view stays valid for the object's lifetime.
#pragma once

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <imsdp/detail/spare_block.hpp>
#include <imsdp/error.hpp>
#include <imsdp/options.hpp>
#include <imsdp/result.hpp>
#include <imsdp/sdp/attribute.hpp>
#include <imsdp/sdp/fields.hpp>
#include <iterator>
#include <list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace imsdp::sdp {

/// v=<version> (5.1)
struct version {
  std::uint32_t value = 0;
  friend bool operator==(version const&, version const&) = default;
};

/// The value of s=, i=, u=, e= and p= as written (5.3 to 5.6).
struct text {
  std::string_view value;
  friend bool operator==(text const&, text const&) = default;
};

/// The typed value of one line. monostate: a blank line or an unknown line type kept
/// under a tolerance.
using field_value = std::variant<std::monostate, version, origin, text, connection, bandwidth,
                                 timing, repeat, zone_adjustments, key, media_field, attribute>;

template <class T, class Variant>
inline constexpr bool is_alternative = false;
template <class T, class... Ts>
inline constexpr bool is_alternative<T, std::variant<Ts...>> = (std::is_same_v<T, Ts> || ...);

/// True for the types a line holds directly (origin, bandwidth, attribute, ...), false for
/// typed attribute values (rtpmap, ...), which a line holds inside its attribute.
template <class T>
inline constexpr bool is_field_type = is_alternative<T, field_value>;

/// One line of the description.
struct field {
  // User-provided, so that vector::emplace_back() does not zero the whole record first.
  field() noexcept {}  // NOLINT(modernize-use-equals-default)

  char type = 0;             // the type letter; 0 for a blank line
  std::uint32_t line = 0;    // 1-based line in the parsed text; 0 for a line added by an edit
  std::uint32_t offset = 0;  // byte offset of the line in the parsed text
  std::string_view text;     // the line without its ending ("a=mid:0")
  std::string_view eol;      // "\r\n", "\n", "\r", or "" for a last line without one
  field_value value;

  template <class T>
  [[nodiscard]] T const* get() const noexcept {
    return std::get_if<T>(&value);
  }
  [[nodiscard]] attribute const* as_attribute() const noexcept { return get<attribute>(); }
  /// The position of a view into this line's text (for diagnostics of later checks).
  [[nodiscard]] position position_of(std::string_view part) const noexcept;
};

/// Which section an edit or query addresses: the session level or one media description.
class scope {
 public:
  [[nodiscard]] static constexpr scope session() noexcept { return scope(npos); }
  [[nodiscard]] static constexpr scope media(std::size_t index) noexcept { return scope(index); }
  [[nodiscard]] constexpr bool is_session() const noexcept { return index_ == npos; }
  [[nodiscard]] constexpr std::size_t media_index() const noexcept { return index_; }
  friend constexpr bool operator==(scope, scope) = default;

 private:
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
  explicit constexpr scope(std::size_t index) noexcept : index_(index) {}
  std::size_t index_;
};

/// Iterates the fields of one section that hold a T (an attribute type or a field type).
template <class T>
class typed_range {
 public:
  class iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    using pointer = T const*;
    using reference = T const&;

    iterator() = default;
    iterator(field const* at, field const* end) : at_(at), end_(end) { settle(); }
    T const& operator*() const { return *get(*at_); }
    T const* operator->() const { return get(*at_); }
    iterator& operator++() {
      ++at_;
      settle();
      return *this;
    }
    iterator operator++(int) {
      auto copy = *this;
      ++*this;
      return copy;
    }
    bool operator==(iterator const& other) const { return at_ == other.at_; }
    /// The line holding the current value.
    [[nodiscard]] field const& line() const { return *at_; }

   private:
    static T const* get(field const& f) {
      if constexpr (is_field_type<T>) {
        return std::get_if<T>(&f.value);
      } else {
        auto const* a = std::get_if<attribute>(&f.value);
        return a != nullptr ? std::get_if<T>(&a->typed) : nullptr;
      }
    }
    void settle() {
      while (at_ != end_ && get(*at_) == nullptr)
        ++at_;
    }
    field const* at_ = nullptr;
    field const* end_ = nullptr;
  };

  typed_range(field const* first, field const* last) : first_(first), last_(last) {}
  [[nodiscard]] iterator begin() const { return {first_, last_}; }
  [[nodiscard]] iterator end() const { return {last_, last_}; }
  [[nodiscard]] bool empty() const { return begin() == end(); }
  [[nodiscard]] std::size_t size() const {
    return static_cast<std::size_t>(std::distance(begin(), end()));
  }

 private:
  field const* first_;
  field const* last_;
};

class session_description;

/// The line records of a description, in one block that a destroyed description leaves to
/// its thread's next parse (docs/sdp-memory.md).
using field_vector = std::vector<field, imsdp::detail::spare_block_allocator<field>>;

/// A read-only view of one section (session level or a media description).
class section_view {
 public:
  section_view(session_description const& doc, std::size_t first, std::size_t last,
               scope where) noexcept
      : doc_(&doc), first_(first), last_(last), scope_(where) {}

  [[nodiscard]] std::span<field const> fields() const noexcept;
  [[nodiscard]] sdp::scope scope() const noexcept { return scope_; }

  /// Every value of a field type (bandwidth, connection, ...) or of a typed attribute.
  template <class T>
  [[nodiscard]] auto all() const;

  /// The first value of that type, or nullptr.
  template <class T>
  [[nodiscard]] T const* find() const {
    for (auto const& v : all<T>())
      return &v;
    return nullptr;
  }

  /// The first value of that type whose key() equals `k` (rtpmap by payload type, fmtp by
  /// format, mid by tag, ...), or nullptr.
  template <class T, class K>
  [[nodiscard]] T const* find(K const& k) const {
    for (auto const& v : all<T>())
      if (key_equal(v.key(), k)) return &v;
    return nullptr;
  }

  /// Every a= line of the section, typed or not.
  [[nodiscard]] typed_range<attribute> attributes() const;

  /// The a= lines called `name`.
  [[nodiscard]] std::vector<attribute const*> attributes_named(std::string_view name) const;

  /// Whether an a= line called `name` is in the section, typed or kept raw.
  [[nodiscard]] bool has_attribute(std::string_view name) const;

  /// The direction attribute of the section, if any.
  [[nodiscard]] std::optional<media_direction> direction() const;

 protected:
  template <class A, class B>
  static bool key_equal(A const& a, B const& b) {
    if constexpr (std::is_convertible_v<B, std::string_view> &&
                  std::is_convertible_v<A, std::string_view>) {
      return std::string_view(a) == std::string_view(b);
    } else if constexpr (std::is_arithmetic_v<A> && std::is_arithmetic_v<B>) {
      return std::cmp_equal(a, b);
    } else if constexpr (std::is_convertible_v<A, std::string_view> && std::is_arithmetic_v<B>) {
      // A format token (fmtp) against a payload type number.
      std::string_view const t(a);
      unsigned long long n = 0;
      auto const r = std::from_chars(t.data(), t.data() + t.size(), n);
      return r.ec == std::errc{} && r.ptr == t.data() + t.size() && std::cmp_equal(n, b);
    } else {
      return false;
    }
  }

  session_description const* doc_;
  std::size_t first_;
  std::size_t last_;
  sdp::scope scope_;
};

/// A media description: its m= line and what follows up to the next m= line.
class media_description : public section_view {
 public:
  using section_view::section_view;
  [[nodiscard]] media_field const& m() const noexcept;
  [[nodiscard]] std::string_view media() const noexcept { return m().media; }
  [[nodiscard]] std::uint16_t port() const noexcept { return m().port; }
  [[nodiscard]] std::string_view proto() const noexcept { return m().proto; }
  [[nodiscard]] imsdp::detail::split_range formats() const noexcept { return m().format_list(); }
  [[nodiscard]] std::size_t index() const noexcept { return scope_.media_index(); }
  /// The c= of this section, else of the session; nullptr if neither has one.
  [[nodiscard]] sdp::connection const* effective_connection() const;
};

/// The typed, lossless document.
class session_description {
 public:
  session_description() = default;
  session_description(session_description&&) noexcept = default;
  session_description& operator=(session_description&&) noexcept = default;
  session_description(session_description const&) = delete;
  session_description& operator=(session_description const&) = delete;
  ~session_description() = default;

  /// An independent copy (the current text re-parsed under the same profile and limits).
  [[nodiscard]] result<session_description> clone() const;

  // --- the lines ---------------------------------------------------------------------
  [[nodiscard]] std::span<field const> fields() const noexcept { return fields_; }
  /// The text that was parsed (edits do not change it; see serialize_exact()).
  [[nodiscard]] std::string_view source() const noexcept { return {source_.get(), source_size_}; }
  /// True while the lines are the parsed text, unedited: each views the source, in order,
  /// with nothing between and nothing left over, so serialize_exact() gives source().
  [[nodiscard]] bool verbatim() const noexcept;
  [[nodiscard]] std::span<diagnostic const> diagnostics() const noexcept { return diagnostics_; }
  [[nodiscard]] imsdp::profile profile() const noexcept { return profile_; }
  /// The limits of the parse (parse_options::limits, as builder::build() passes them).
  /// Edits keep to them too: a new or changed line longer than max_line_length, a line
  /// past max_lines, an attribute past max_attributes in its section or a media
  /// description past max_media is refused with limit_exceeded, so that the edited text
  /// parses again under the same limits.
  [[nodiscard]] imsdp::limits const& limits() const noexcept { return limits_; }

  // --- session level -----------------------------------------------------------------
  [[nodiscard]] section_view session() const noexcept;
  [[nodiscard]] std::uint32_t version() const noexcept;
  [[nodiscard]] sdp::origin const* origin() const noexcept;
  /// The s= text; nullopt when there is no s= line (tolerated).
  [[nodiscard]] std::optional<std::string_view> session_name() const noexcept;
  [[nodiscard]] std::optional<std::string_view> information() const noexcept;
  [[nodiscard]] std::optional<std::string_view> uri() const noexcept;
  [[nodiscard]] std::vector<std::string_view> emails() const;
  [[nodiscard]] std::vector<std::string_view> phones() const;
  [[nodiscard]] sdp::connection const* connection() const noexcept;
  [[nodiscard]] typed_range<attribute> attributes() const noexcept;

  // --- media descriptions ------------------------------------------------------------
  [[nodiscard]] std::size_t media_count() const noexcept { return media_starts_.size(); }
  [[nodiscard]] media_description media(std::size_t index) const noexcept;
  [[nodiscard]] section_view section(sdp::scope where) const noexcept;
  /// The index of the first field of a section and one past its last.
  [[nodiscard]] std::pair<std::size_t, std::size_t> section_bounds(sdp::scope where) const noexcept;

  // --- edits -------------------------------------------------------------------------
  // Every edit renders the new line canonically, parses it with the strict profile (so an
  // edit can never produce a line a strict parser rejects), and changes nothing on error.
  // Untouched lines keep their bytes; new lines take the line ending of the first line.

  result<void> set_origin(sdp::origin const& value);
  result<void> set_session_name(std::string_view value);
  /// Replaces the section's first c= line, or adds one in RFC order.
  result<void> set_connection(sdp::scope where, sdp::connection const& value);
  /// Replaces the m= line of a media description.
  result<void> set_media(std::size_t index, media_field const& value);
  /// Replaces the bandwidth lines of a type, or adds one.
  result<void> set_bandwidth(sdp::scope where, bandwidth const& value);
  std::size_t remove_bandwidths(sdp::scope where, std::string_view type);

  /// Appends an attribute at the end of the section (name and value as text; the value is
  /// parsed by the registry like a parsed line).
  result<void> add_attribute(sdp::scope where, std::string_view name,
                             std::optional<std::string_view> value = std::nullopt);
  /// Appends a typed attribute at the end of the section.
  template <typed_attribute T>
  result<void> add_attribute(sdp::scope where, T const& value) {
    return add_rendered(where, render_attribute(value));
  }
  /// Replaces the first attribute of the same type (for direction: any direction) or
  /// appends it if there is none.
  template <typed_attribute T>
  result<void> set_attribute(sdp::scope where, T const& value) {
    return set_rendered(where, render_attribute(value), attribute_names<T>());
  }
  /// Removes the attributes called `name`; returns how many.
  std::size_t remove_attributes(sdp::scope where, std::string_view name);
  /// Removes the attributes for which `pred(attribute const&)` is true; returns how many.
  template <class Pred>
  std::size_t remove_attributes_if(sdp::scope where, Pred pred) {
    return remove_fields_if(where, [&](field const& f) {
      auto const* a = f.as_attribute();
      return a != nullptr && pred(*a);
    });
  }
  /// Sets the media direction of a section (replacing any direction attribute).
  result<void> set_direction(sdp::scope where, media_direction value);
  /// Appends a media description with just its m= line; returns its index.
  /// limit_exceeded ("max_media", "max_lines") when it would pass limits().
  result<std::size_t> add_media(media_field const& value);

 private:
  friend class detail_parser;
  friend class section_view;

  template <class T>
  static std::string render_attribute(T const& value) {
    std::string line("a=");
    line += attribute_name(value);
    if constexpr (!is_flag_attribute<T>) {
      line += ':';
      append_value(line, value);
    }
    return line;
  }

  result<field> make_field(std::string&& line);
  result<void> add_rendered(sdp::scope where, std::string&& line);
  result<void> set_rendered(sdp::scope where, std::string&& line,
                            std::span<std::string_view const> names);
  result<void> replace_or_insert(sdp::scope where, char type, std::string&& line,
                                 bool replace_first);
  void insert_field(std::size_t at, field&& f);
  void erase_field(std::size_t at);
  std::size_t remove_fields_if_impl(sdp::scope where, bool (*pred)(field const&, void const*),
                                    void const* context);
  template <class Pred>
  std::size_t remove_fields_if(sdp::scope where, Pred const& pred) {
    return remove_fields_if_impl(
        where, [](field const& f, void const* p) { return (*static_cast<Pred const*>(p))(f); },
        &pred);
  }
  [[nodiscard]] std::string_view default_eol() const noexcept;
  [[nodiscard]] bool has_section(sdp::scope where) const noexcept {
    return where.is_session() || where.media_index() < media_starts_.size();
  }

  std::unique_ptr<char[]> source_;
  std::size_t source_size_ = 0;
  field_vector fields_;
  std::vector<std::uint32_t> media_starts_;  // index in fields_ of each m= line
  std::vector<diagnostic> diagnostics_;
  std::list<std::string> edited_;  // text of lines added or changed by edits (stable addresses)
  imsdp::profile profile_ = imsdp::profile::strict();
  imsdp::limits limits_{};
};

template <class T>
auto section_view::all() const {
  return typed_range<T>(doc_->fields_.data() + first_, doc_->fields_.data() + last_);
}

}  // namespace imsdp::sdp
