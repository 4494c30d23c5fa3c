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
      c.name_length_failure(T::name);
      return false;
    }
  }
  return true;
}

using entry = attribute_entry;

template <class T>
constexpr attribute_rules rules_of(attribute_level level, occurrence how_often) {
  // RFC 5888 section 4 (mid), RFC 8285 section 5 (extmap id), RFC 8866 section 6.6 (rtpmap)
  bool const unique_key =
      std::is_same_v<T, mid> || std::is_same_v<T, extmap> || std::is_same_v<T, rtpmap>;
  return {level, how_often, index_in<T, attribute_value>(), unique_key};
}

#define IMSDP_COUNT_NAMES(type, level, occurrence) +attribute_names<type>().size()
constexpr std::size_t entry_count =
    0 IMSDP_SDP_VALUE_ATTRIBUTES(IMSDP_COUNT_NAMES) IMSDP_SDP_SCOPING_ATTRIBUTES(IMSDP_COUNT_NAMES);
#undef IMSDP_COUNT_NAMES

constexpr std::array<entry, entry_count> make_table() {
  std::array<entry, entry_count> table{};
  std::size_t i = 0;
#define IMSDP_VALUE_ROW(type, lvl, occ)                                    \
  for (auto name : attribute_names<type>())                                \
    table[i++] =                                                           \
        entry{rules_of<type>(attribute_level::lvl, occurrence::occ), name, \
              &parse_typed<type, attribute_value>, &parse_typed<type, inner_attribute_value>};
#define IMSDP_SCOPING_ROW(type, lvl, occ)                                               \
  table[i++] = entry{rules_of<type>(attribute_level::lvl, occurrence::occ), type::name, \
                     &parse_typed<type, attribute_value>, nullptr};
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

// Lookup (find_attribute in parsers.hpp): a perfect hash of the names, its multiplier
// found at compile time, so a name costs one multiplication over four of its bytes and at
// most one comparison.
constexpr std::size_t index_size = std::size_t{1} << attribute_index_bits;

// The first odd multiplier from Knuth's under which no two names share a slot (0: none).
constexpr std::uint32_t find_multiplier() {
  for (std::uint32_t m = 2654435761u, tries = 0; tries < 100000; m += 2, ++tries) {
    std::array<bool, index_size> used{};
    bool collision = false;
    for (auto const& e : table) {
      auto const slot = attribute_slot(e.name, m);
      collision = collision || used[slot];
      used[slot] = true;
    }
    if (!collision) return m;
  }
  return 0;
}

constexpr std::uint32_t multiplier = find_multiplier();
static_assert(multiplier != 0, "two attribute names share a hash key: change attribute_name_key");

constexpr std::array<std::uint8_t, index_size> make_index() {
  std::array<std::uint8_t, index_size> index{};
  for (std::size_t i = 0; i < table.size(); ++i)
    index[attribute_slot(table[i].name, multiplier)] = static_cast<std::uint8_t>(i + 1);
  return index;
}
static_assert(entry_count < 255, "the attribute index holds 8-bit row numbers");

constexpr auto hash_index = make_index();

}  // namespace

constinit attribute_index const registry_index{multiplier, hash_index, table.data()};

bool parse_attribute(std::string_view name, std::string_view value, bool has_value,
                     attribute_value& typed, value_context& c) {
  auto const* e = find_attribute(name);
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
  auto const* e = find_attribute(name);
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

void append_inner(imsdp::detail::text_writer& out, inner_attribute_value const& typed,
                  std::string_view name, std::string_view value, bool has_value) {
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

void append_value(imsdp::detail::text_writer& out, attribute const& a) {
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
