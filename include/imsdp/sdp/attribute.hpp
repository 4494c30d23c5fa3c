// The typed attribute registry's public half: the variant that holds the typed value of
// any a= line and the attribute record of a parsed line. The table of attribute types is
// in <imsdp/sdp/inner_attribute.hpp> (docs/attributes.md).
#pragma once

#include <imsdp/datachannel/dcsa.hpp>
#include <imsdp/sdp/attributes/acap.hpp>
#include <imsdp/sdp/inner_attribute.hpp>
#include <string>
#include <string_view>
#include <variant>

namespace imsdp::sdp {

// X(type, level, occurrence): attributes that contain another attribute.
#define IMSDP_SDP_SCOPING_ATTRIBUTES(X) \
  X(::imsdp::sdp::acap, any, many)      \
  X(::imsdp::datachannel::dcsa, media, many)

/// The typed value of an a= line: monostate when the attribute has no typed parser (or,
/// under the malformed_attributes tolerance, when its value did not parse).
using attribute_value = std::variant<std::monostate IMSDP_SDP_VALUE_ATTRIBUTES(
    IMSDP_SDP_ALTERNATIVE) IMSDP_SDP_SCOPING_ATTRIBUTES(IMSDP_SDP_ALTERNATIVE)>;

/// One a= line: name, value as written, and the typed value.
struct attribute {
  // User-provided, so that emplacing an attribute does not zero the whole record first.
  attribute() noexcept {}  // NOLINT(modernize-use-equals-default)

  std::string_view name;
  std::string_view value;  // after ':'; empty for "a=name"
  bool has_value = false;  // a ':' follows the name
  attribute_value typed;

  template <class T>
  [[nodiscard]] T const* get() const noexcept {
    return std::get_if<T>(&typed);
  }
  [[nodiscard]] bool is_typed() const noexcept { return typed.index() != 0; }
  friend bool operator==(attribute const&, attribute const&) = default;
};

/// Writes the canonical value of an attribute (without "a=name:").
void append_value(imsdp::detail::text_writer& out, attribute const& a);

}  // namespace imsdp::sdp
