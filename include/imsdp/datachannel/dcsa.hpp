// a=dcsa:<stream id> <attribute> (RFC 8864 section 5.2): any attribute scoped to one data
// channel. The inner attribute is parsed by the registry like a line of its own, so
// "a=dcsa:1 sendonly" holds a typed direction.
#pragma once

#include <cstdint>
#include <imsdp/sdp/inner_attribute.hpp>
#include <string>
#include <string_view>

namespace imsdp::datachannel {

struct dcsa {
  static constexpr std::string_view name = "dcsa";
  std::uint16_t stream_id = 0;
  std::string_view inner_name;
  std::string_view inner_value;  // empty when the inner attribute has no value
  bool has_value = false;
  sdp::inner_attribute_value typed;  // monostate when the inner attribute is not typed
  [[nodiscard]] constexpr unsigned key() const noexcept { return stream_id; }
  template <class T>
  [[nodiscard]] T const* get() const noexcept {
    return std::get_if<T>(&typed);
  }
  friend bool operator==(dcsa const& a, dcsa const& b) {
    return a.stream_id == b.stream_id && sdp::same_inner_attribute(a, b);
  }
};

inline void append_value(imsdp::detail::text_writer& out, dcsa const& a) {
  imsdp::detail::append_number(out, unsigned{a.stream_id});
  out += ' ';
  sdp::append_inner(out, a.typed, a.inner_name, a.inner_value, a.has_value);
}

}  // namespace imsdp::datachannel
