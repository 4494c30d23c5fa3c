// ICE attributes (RFC 8839 section 5): candidate, end-of-candidates, ice-ufrag, ice-pwd,
// ice-options, ice-lite.
#pragma once

#include <cstdint>
#include <imsdp/detail/append.hpp>
#include <imsdp/detail/split.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace imsdp::sdp {

/// a=candidate:<foundation> <component-id> <transport> <priority> <connection-address>
///   <port> typ <cand-type> [raddr <addr>] [rport <port>] *(<name> <value>)  (5.1)
struct candidate {
  static constexpr std::string_view name = "candidate";
  std::string_view foundation;  // 1*32 ice-char
  std::uint16_t component = 0;  // 1..256
  std::string_view transport;   // "UDP", "TCP" or an extension token
  std::uint32_t priority = 0;   // 1..2^31-1
  std::string_view address;     // IP4, IP6 or FQDN (mDNS ".local" names included)
  std::uint16_t port = 0;
  std::string_view type;  // host, srflx, prflx, relay or an extension token
  std::string_view related_address;
  std::optional<std::uint16_t> related_port;
  std::string_view extensions;  // "name value" pairs, space-separated, as written
  /// The value of extension attribute `name` ("tcptype", "generation", "ufrag"), if any.
  [[nodiscard]] std::optional<std::string_view> extension(std::string_view extension_name) const;
  friend bool operator==(candidate const&, candidate const&) = default;
};

/// a=end-of-candidates (RFC 8840 section 8.2)
struct end_of_candidates {
  static constexpr std::string_view name = "end-of-candidates";
  static constexpr bool flag = true;
  friend bool operator==(end_of_candidates const&, end_of_candidates const&) = default;
};

/// a=ice-ufrag:<4..256 ice-char> (5.4)
struct ice_ufrag {
  static constexpr std::string_view name = "ice-ufrag";
  std::string_view value;
  friend bool operator==(ice_ufrag const&, ice_ufrag const&) = default;
};

/// a=ice-pwd:<22..256 ice-char> (5.4)
struct ice_pwd {
  static constexpr std::string_view name = "ice-pwd";
  std::string_view value;
  friend bool operator==(ice_pwd const&, ice_pwd const&) = default;
};

/// a=ice-options:<ice-option-tag> *(SP <ice-option-tag>) (5.6)
struct ice_options {
  static constexpr std::string_view name = "ice-options";
  std::string_view tags;
  [[nodiscard]] imsdp::detail::split_range tag_list() const noexcept {
    return imsdp::detail::split(tags, ' ');
  }
  friend bool operator==(ice_options const&, ice_options const&) = default;
};

/// a=ice-lite (5.3)
struct ice_lite {
  static constexpr std::string_view name = "ice-lite";
  static constexpr bool flag = true;
  friend bool operator==(ice_lite const&, ice_lite const&) = default;
};

inline void append_value(imsdp::detail::text_writer& out, candidate const& a) {
  out += a.foundation;
  out += ' ';
  imsdp::detail::append_number(out, unsigned{a.component});
  out += ' ';
  out += a.transport;
  out += ' ';
  imsdp::detail::append_number(out, a.priority);
  out += ' ';
  out += a.address;
  out += ' ';
  imsdp::detail::append_number(out, unsigned{a.port});
  out += " typ ";
  out += a.type;
  if (!a.related_address.empty()) {
    out += " raddr ";
    out += a.related_address;
  }
  if (a.related_port) {
    out += " rport ";
    imsdp::detail::append_number(out, unsigned{*a.related_port});
  }
  if (!a.extensions.empty()) {
    out += ' ';
    out += a.extensions;
  }
}

inline void append_value(imsdp::detail::text_writer&, end_of_candidates const&) {}
inline void append_value(imsdp::detail::text_writer& out, ice_ufrag const& a) {
  out += a.value;
}
inline void append_value(imsdp::detail::text_writer& out, ice_pwd const& a) {
  out += a.value;
}
inline void append_value(imsdp::detail::text_writer& out, ice_options const& a) {
  out += a.tags;
}
inline void append_value(imsdp::detail::text_writer&, ice_lite const&) {}

}  // namespace imsdp::sdp
