// SDP capability negotiation (RFC 5939 section 3): tcap, pcfg and acfg. acap, which carries a
// whole attribute, is in scoped.hpp. IMS uses them to offer RTP/AVPF beside RTP/AVP
// (3GPP TS 26.114 section 6.2.1a).
#pragma once

#include <cstdint>
#include <imsdp/detail/append.hpp>
#include <imsdp/detail/split.hpp>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace imsdp::sdp {

/// a=tcap:<trpr-cap-num> <proto-list> (3.4.2): capability numbers from trpr-cap-num
/// upwards name the protocols in order.
struct tcap {
  static constexpr std::string_view name = "tcap";
  std::uint32_t number = 0;    // 1..2^31-1
  std::string_view protocols;  // as written: separated by spaces or tabs
  [[nodiscard]] std::vector<std::string_view> protocol_list() const {
    return imsdp::detail::words(protocols);
  }
  // proto-list = proto *(1*WSP proto) (3.4.2), written with single spaces: equal lists are
  // equal however they are spaced.
  friend bool operator==(tcap const& a, tcap const& b) {
    return a.number == b.number &&
           imsdp::detail::words(a.protocols) == imsdp::detail::words(b.protocols);
  }
};

/// a=pcfg:<config-number> [<pot-cfg-list>] (3.5.1), e.g. "a=pcfg:1 t=1 a=1,[2]".
struct pcfg {
  static constexpr std::string_view name = "pcfg";
  std::uint32_t number = 0;         // 1..2^31-1
  std::string_view configurations;  // as written: separated by spaces or tabs
  [[nodiscard]] std::vector<std::string_view> configuration_list() const {
    return imsdp::detail::words(configurations);
  }
  // pot-cfg-list = pot-config *(1*WSP pot-config) (3.5.1), written with single spaces:
  // equal lists are equal however they are spaced.
  friend bool operator==(pcfg const& a, pcfg const& b) {
    return a.number == b.number &&
           imsdp::detail::words(a.configurations) == imsdp::detail::words(b.configurations);
  }
};

/// a=acfg:<config-number> [<sel-cfg-list>] (3.5.2): the potential configuration an answer
/// took, with the capabilities it selected from it, e.g. "a=acfg:1 t=1".
struct acfg {
  static constexpr std::string_view name = "acfg";
  std::uint32_t number = 0;         // the pcfg's config-number
  std::string_view configurations;  // sel-cfg-list as written
  [[nodiscard]] std::vector<std::string_view> configuration_list() const {
    return imsdp::detail::words(configurations);
  }
  friend bool operator==(acfg const& a, acfg const& b) {
    return a.number == b.number &&
           imsdp::detail::words(a.configurations) == imsdp::detail::words(b.configurations);
  }
};

inline void append_value(imsdp::detail::text_writer& out, tcap const& a) {
  imsdp::detail::append_number(out, a.number);
  out += ' ';
  imsdp::detail::append_words(out, a.protocols);
}

template <class Configuration>
requires std::is_same_v<Configuration, pcfg> || std::is_same_v<Configuration, acfg>
inline void append_value(imsdp::detail::text_writer& out, Configuration const& a) {
  imsdp::detail::append_number(out, a.number);
  if (!a.configurations.empty()) {
    out += ' ';
    imsdp::detail::append_words(out, a.configurations);
  }
}

}  // namespace imsdp::sdp
