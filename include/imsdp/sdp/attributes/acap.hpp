// a=acap (RFC 5939 section 3.4.1): an attribute capability that carries a whole attribute,
// parsed by the registry like any other.
#pragma once

#include <cstdint>
#include <imsdp/sdp/inner_attribute.hpp>
#include <string>
#include <string_view>

namespace imsdp::sdp {

/// a=acap:<att-cap-num> <att-field>[:<att-value>] (RFC 5939 section 3.4.1): an attribute
/// capability. The inner attribute is parsed by the registry like any other.
struct acap {
  static constexpr std::string_view name = "acap";
  std::uint32_t number = 0;  // 1..2^31-1
  std::string_view inner_name;
  std::string_view inner_value;  // empty when the inner attribute has no value
  bool has_value = false;
  inner_attribute_value typed;  // monostate when the inner attribute is not typed
  friend bool operator==(acap const& a, acap const& b) {
    return a.number == b.number && same_inner_attribute(a, b);
  }
};

/// The canonical value of an inner attribute: its typed form when typed, else as written.
void append_inner(imsdp::detail::text_writer& out, inner_attribute_value const& typed,
                  std::string_view name, std::string_view value, bool has_value);

inline void append_value(imsdp::detail::text_writer& out, acap const& a) {
  imsdp::detail::append_number(out, a.number);
  out += ' ';
  append_inner(out, a.typed, a.inner_name, a.inner_value, a.has_value);
}

}  // namespace imsdp::sdp
