// The attribute registry: a sorted table from wire name to typed parser, built at compile
// time from the attribute lists of <imsdp/sdp/attribute.hpp>, plus the generic parts of
// attribute parsing (flags, inner attributes of acap and dcsa).
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstring>
#include <string_view>

#include "sdp/parsers.hpp"

namespace imsdp::sdp::detail {

/// A row of the registry.
struct attribute_entry {
  attribute_rules rules;
  std::string_view name;
  bool (*parse)(std::string_view, std::string_view, bool, attribute_value&, value_context&);
  bool (*parse_inner)(std::string_view, std::string_view, bool, inner_attribute_value&,
                      value_context&);
};

namespace {

template <class T, class Variant, std::size_t I = 0>
constexpr std::size_t index_in() {
  if constexpr (I >= std::variant_size_v<Variant>) {
    return I;
  } else if constexpr (std::is_same_v<std::variant_alternative_t<I, Variant>, T>) {
    return I;
  } else {
    return index_in<T, Variant, I + 1>();
  }
}

constexpr media_direction direction_from_name(std::string_view name) noexcept {
  if (name == "sendonly") return media_direction::sendonly;
  if (name == "recvonly") return media_direction::recvonly;
  if (name == "inactive") return media_direction::inactive;
  return media_direction::sendrecv;
}

/// Parses one typed attribute into a variant (attribute_value or inner_attribute_value).
template <class T, class Variant>
bool parse_typed(std::string_view name, std::string_view value, bool has_value, Variant& out,
                 value_context& c) {
  if constexpr (is_flag_attribute<T>) {
    if (has_value) {
      c.fail(errc::syntax, value.data() - 1, value.size() + 1, name,
             "this attribute takes no value");
      return false;
    }
    auto& typed = out.template emplace<T>();
    if constexpr (std::is_same_v<T, direction>) typed.value = direction_from_name(name);
  } else {
    if (!has_value || value.empty()) {
      c.fail(errc::empty_value, value.data(), 0, T::name, "this attribute needs a value");
      return false;
    }
    // Parsed in place: no copy of the value into the variant.
    if (!parse_value(value, out.template emplace<T>(), c)) {
      out.template emplace<std::monostate>();
      return false;
    }
  }
  return true;
}

using entry = attribute_entry;

#define IMSDP_COUNT_NAMES(type, level, occurrence) +attribute_names<type>().size()
constexpr std::size_t entry_count =
    0 IMSDP_SDP_VALUE_ATTRIBUTES(IMSDP_COUNT_NAMES) IMSDP_SDP_SCOPING_ATTRIBUTES(IMSDP_COUNT_NAMES);
#undef IMSDP_COUNT_NAMES

constexpr std::array<entry, entry_count> make_table() {
  std::array<entry, entry_count> table{};
  std::size_t i = 0;
#define IMSDP_VALUE_ROW(type, lvl, occ)                                                            \
  for (auto name : attribute_names<type>())                                                        \
    table[i++] = entry{{attribute_level::lvl, occurrence::occ, index_in<type, attribute_value>()}, \
                       name,                                                                       \
                       &parse_typed<type, attribute_value>,                                        \
                       &parse_typed<type, inner_attribute_value>};
#define IMSDP_SCOPING_ROW(type, lvl, occ)                                                        \
  table[i++] = entry{{attribute_level::lvl, occurrence::occ, index_in<type, attribute_value>()}, \
                     type::name,                                                                 \
                     &parse_typed<type, attribute_value>,                                        \
                     nullptr};
  IMSDP_SDP_VALUE_ATTRIBUTES(IMSDP_VALUE_ROW)
  IMSDP_SDP_SCOPING_ATTRIBUTES(IMSDP_SCOPING_ROW)
#undef IMSDP_VALUE_ROW
#undef IMSDP_SCOPING_ROW
  std::sort(table.begin(), table.end(),
            [](entry const& a, entry const& b) { return a.name < b.name; });
  return table;
}

constexpr auto table = make_table();

constexpr bool names_unique() {
  for (std::size_t i = 1; i < table.size(); ++i)
    if (table[i - 1].name == table[i].name) return false;
  return true;
}
static_assert(names_unique(), "two attribute types are registered under one name");

// Lookup: an open-addressing hash index over the table, built at compile time, so a name
// costs one hash over its bytes and usually one comparison.
// The hash mixes the length and three bytes with one multiplication: no loop, no chain.
constexpr std::uint32_t name_hash(std::string_view name) noexcept {
  auto const byte = [&](std::size_t i) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(name[i]));
  };
  std::uint32_t const n = static_cast<std::uint32_t>(name.size());
  std::uint32_t const key =
      n == 0 ? 0 : (byte(0) | byte(n / 2) << 8 | byte(n - 1) << 16 | (n & 0xFF) << 24);
  return (key * 2654435761u) >> 24;
}

constexpr std::size_t index_size = 256;
static_assert(entry_count < index_size / 2, "grow the attribute index");

constexpr std::array<std::uint8_t, index_size> make_index() {
  std::array<std::uint8_t, index_size> index{};
  for (std::size_t i = 0; i < table.size(); ++i) {
    std::size_t slot = name_hash(table[i].name) % index_size;
    while (index[slot] != 0)
      slot = (slot + 1) % index_size;
    index[slot] = static_cast<std::uint8_t>(i + 1);
  }
  return index;
}

constexpr auto hash_index = make_index();

// Names are short: compare them eight bytes at a time rather than through memcmp.
bool same_name(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  std::size_t i = 0;
  for (; i + 8 <= a.size(); i += 8) {
    std::uint64_t x, y;
    std::memcpy(&x, a.data() + i, 8);
    std::memcpy(&y, b.data() + i, 8);
    if (x != y) return false;
  }
  for (; i < a.size(); ++i)
    if (a[i] != b[i]) return false;
  return true;
}

entry const* find(std::string_view name) noexcept {
  std::size_t slot = name_hash(name) % index_size;
  while (hash_index[slot] != 0) {
    entry const& e = table[hash_index[slot] - 1u];
    if (same_name(e.name, name)) return &e;
    slot = (slot + 1) % index_size;
  }
  return nullptr;
}

}  // namespace

bool is_registered_attribute(std::string_view name) noexcept {
  return find(name) != nullptr;
}

attribute_entry const* find_attribute(std::string_view name) noexcept {
  return find(name);
}

attribute_rules const& rules_of(attribute_entry const& e) noexcept {
  return e.rules;
}

bool parse_attribute(attribute_entry const& e, std::string_view value, bool has_value,
                     attribute_value& typed, value_context& c) {
  return e.parse(e.name, value, has_value, typed, c);
}

bool parse_attribute(std::string_view name, std::string_view value, bool has_value,
                     attribute_value& typed, value_context& c) {
  auto const* e = find(name);
  if (e == nullptr) return true;
  return e->parse(e->name, value, has_value, typed, c);
}

bool parse_inner_attribute(std::string_view text, std::string_view& name, std::string_view& value,
                           bool& has_value, inner_attribute_value& typed, value_context& c) {
  // attribute = (attribute-name ":" attribute-value) / attribute-name (RFC 8866 section 9)
  auto const colon = text.find(':');
  name = text.substr(0, colon);
  has_value = colon != std::string_view::npos;
  value = has_value ? text.substr(colon + 1) : text.substr(text.size());
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (!is_token_char(name[i])) {
      c.fail(errc::syntax, name.data() + i, 1, "attribute-name");
      return false;
    }
  }
  if (name.empty()) {
    c.fail(errc::syntax, text.data(), 0, "attribute-name");
    return false;
  }
  if (has_value && value.empty()) {
    c.fail(errc::empty_value, value.data(), 0, "attribute-value");
    return false;
  }
  auto const* e = find(name);
  if (e == nullptr) return true;
  if (e->parse_inner == nullptr) {
    c.fail(errc::syntax, name.data(), name.size(), "attribute-name",
           "this attribute cannot be scoped inside another one");
    return false;
  }
  return e->parse_inner(e->name, value, has_value, typed, c);
}

// acap = "a=acap:" att-cap-num 1*WSP att-par ; att-cap-num = 1*10(DIGIT) (1..2^31-1) ;
// att-par = attribute  (RFC 5939 section 3.4.1)
bool parse_value(std::string_view value, acap& out, value_context& c) {
  std::size_t digits = 0;
  std::uint64_t number = 0;
  while (digits < value.size() && digits < 11 && value[digits] >= '0' && value[digits] <= '9')
    number = number * 10 + static_cast<unsigned>(value[digits++] - '0');
  if (digits == 0) {
    c.fail(errc::syntax, value.data(), 1, "att-cap-num");
    return false;
  }
  if (number == 0 || number > 0x7FFFFFFF) {
    c.fail(errc::value_out_of_range, value.data(), digits, "att-cap-num");
    return false;
  }
  // 1*WSP before the attribute (WSP = SP / HTAB)
  auto const attribute_at = value.find_first_not_of(" \t", digits);
  if (attribute_at == digits || attribute_at == std::string_view::npos) {
    c.fail(errc::syntax, value.data() + std::min(attribute_at, value.size()), 1, "acap",
           "expected ' ' and an attribute");
    return false;
  }
  out.number = static_cast<std::uint32_t>(number);
  return parse_inner_attribute(value.substr(attribute_at), out.inner_name, out.inner_value,
                               out.has_value, out.typed, c);
}

}  // namespace imsdp::sdp::detail

namespace imsdp::sdp {

void append_inner(std::string& out, inner_attribute_value const& typed, std::string_view name,
                  std::string_view value, bool has_value) {
  std::visit(
      [&](auto const& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          out += name;
          if (has_value) {
            out += ':';
            out += value;
          }
        } else {
          out += attribute_name(v);
          if constexpr (!is_flag_attribute<T>) {
            out += ':';
            append_value(out, v);
          }
        }
      },
      typed);
}

void append_value(std::string& out, attribute const& a) {
  std::visit(
      [&](auto const& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          out += a.value;
        } else if constexpr (!is_flag_attribute<T>) {
          append_value(out, v);
        }
      },
      a.typed);
}

}  // namespace imsdp::sdp
