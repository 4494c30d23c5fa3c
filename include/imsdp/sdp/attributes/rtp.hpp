// RTP media attributes: rtpmap, fmtp, ptime, maxptime, framerate, direction (RFC 8866
// section 6), rtcp (RFC 3605), rtcp-mux (RFC 5761), rtcp-mux-only (RFC 8858), rtcp-rsize
// (RFC 5506), rtcp-fb (RFC 4585), extmap and extmap-allow-mixed (RFC 8285), imageattr
// (RFC 6236).
#pragma once

#include <cstdint>
#include <imsdp/detail/append.hpp>
#include <imsdp/detail/split.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace imsdp::sdp {

/// a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>] (6.6)
struct rtpmap {
  static constexpr std::string_view name = "rtpmap";
  std::uint8_t payload_type = 0;  // 0..127
  std::string_view encoding_name;
  std::uint32_t clock_rate = 0;
  std::string_view encoding_parameters;  // audio: number of channels; empty if absent
  [[nodiscard]] constexpr unsigned key() const noexcept { return payload_type; }
  friend bool operator==(rtpmap const&, rtpmap const&) = default;
};

/// One "name=value" part of an fmtp parameter list; `value` is empty when there is no '='.
struct format_parameter {
  std::string_view name;
  std::string_view value;
};

/// a=fmtp:<format> <format specific parameters> (6.15)
struct fmtp {
  static constexpr std::string_view name = "fmtp";
  std::string_view format;
  std::string_view parameters;
  [[nodiscard]] constexpr std::string_view key() const noexcept { return format; }
  /// The ';'-separated parameters with surrounding spaces removed (RFC 4855 style).
  [[nodiscard]] imsdp::detail::split_range parameter_list() const noexcept {
    return imsdp::detail::split(parameters, ';');
  }
  /// The value of the first parameter called `parameter_name` (case-insensitive, as the
  /// media type registrations of RFC 6838 define names), if any.
  [[nodiscard]] std::optional<std::string_view> parameter(std::string_view parameter_name) const;
  friend bool operator==(fmtp const&, fmtp const&) = default;
};

/// Splits one fmtp parameter at its '=' and trims spaces around both parts.
[[nodiscard]] format_parameter split_parameter(std::string_view part) noexcept;

/// A decimal number of milliseconds or frames per second as written ("20", "0.125").
struct decimal_value {
  std::string_view text;
  [[nodiscard]] double value() const noexcept;
  friend bool operator==(decimal_value const&, decimal_value const&) = default;
};

/// a=ptime:<packet time> in milliseconds (6.4)
struct ptime {
  static constexpr std::string_view name = "ptime";
  decimal_value milliseconds;
  friend bool operator==(ptime const&, ptime const&) = default;
};

/// a=maxptime:<maximum packet time> in milliseconds (6.5)
struct maxptime {
  static constexpr std::string_view name = "maxptime";
  decimal_value milliseconds;
  friend bool operator==(maxptime const&, maxptime const&) = default;
};

/// a=framerate:<frame rate> (6.10)
struct framerate {
  static constexpr std::string_view name = "framerate";
  decimal_value frames_per_second;
  friend bool operator==(framerate const&, framerate const&) = default;
};

enum class media_direction : std::uint8_t { sendrecv, sendonly, recvonly, inactive };

[[nodiscard]] constexpr std::string_view to_string(media_direction d) noexcept {
  switch (d) {
    case media_direction::sendrecv:
      return "sendrecv";
    case media_direction::sendonly:
      return "sendonly";
    case media_direction::recvonly:
      return "recvonly";
    case media_direction::inactive:
      return "inactive";
  }
  return "sendrecv";
}

/// The direction the answerer must use for an offered direction (RFC 3264 section 6.1).
[[nodiscard]] constexpr media_direction mirror(media_direction d) noexcept {
  switch (d) {
    case media_direction::sendonly:
      return media_direction::recvonly;
    case media_direction::recvonly:
      return media_direction::sendonly;
    default:
      return d;
  }
}

/// a=sendrecv, a=sendonly, a=recvonly, a=inactive (6.7): one type, four names.
struct direction {
  media_direction value = media_direction::sendrecv;
  static constexpr bool flag = true;
  friend bool operator==(direction const&, direction const&) = default;
};

/// a=rtcp:<port> [<nettype> <addrtype> <connection-address>] (RFC 3605 section 2.1)
struct rtcp {
  static constexpr std::string_view name = "rtcp";
  std::uint16_t port = 0;
  std::string_view network_type;  // the address part is absent when these are empty
  std::string_view address_type;
  std::string_view address;
  friend bool operator==(rtcp const&, rtcp const&) = default;
};

/// a=rtcp-mux (RFC 5761 section 5.1.1)
struct rtcp_mux {
  static constexpr std::string_view name = "rtcp-mux";
  static constexpr bool flag = true;
  friend bool operator==(rtcp_mux const&, rtcp_mux const&) = default;
};

/// a=rtcp-mux-only (RFC 8858 section 3)
struct rtcp_mux_only {
  static constexpr std::string_view name = "rtcp-mux-only";
  static constexpr bool flag = true;
  friend bool operator==(rtcp_mux_only const&, rtcp_mux_only const&) = default;
};

/// a=rtcp-rsize (RFC 5506 section 5)
struct rtcp_rsize {
  static constexpr std::string_view name = "rtcp-rsize";
  static constexpr bool flag = true;
  friend bool operator==(rtcp_rsize const&, rtcp_rsize const&) = default;
};

/// a=rtcp-fb:<fmt or *> <type> [<parameters>] (RFC 4585 section 4.2)
struct rtcp_fb {
  static constexpr std::string_view name = "rtcp-fb";
  std::string_view format;  // a payload type or "*"
  std::string_view type;    // ack, nack, trr-int, ccm, or an extension token
  std::string_view parameters;
  friend bool operator==(rtcp_fb const&, rtcp_fb const&) = default;
};

/// a=extmap:<value>["/"<direction>] <URI> [<extension attributes>] (RFC 8285 section 8)
struct extmap {
  static constexpr std::string_view name = "extmap";
  std::uint16_t id = 0;  // 1..14 one-byte, 1..255 two-byte, 4096..4351 in offers
  std::optional<media_direction> direction;
  std::string_view uri;
  std::string_view extension_attributes;
  [[nodiscard]] constexpr unsigned key() const noexcept { return id; }
  friend bool operator==(extmap const&, extmap const&) = default;
};

/// a=extmap-allow-mixed (RFC 8285 section 6)
struct extmap_allow_mixed {
  static constexpr std::string_view name = "extmap-allow-mixed";
  static constexpr bool flag = true;
  friend bool operator==(extmap_allow_mixed const&, extmap_allow_mixed const&) = default;
};

/// a=imageattr:<PT or *> (send <attr-list> [recv <attr-list>] / recv <attr-list> [send
/// <attr-list>]) (RFC 6236 section 3.1). The lists are validated and kept as written.
struct imageattr {
  static constexpr std::string_view name = "imageattr";
  std::string_view format;
  std::string_view send;  // "*" or the sets; empty when absent
  std::string_view recv;
  friend bool operator==(imageattr const&, imageattr const&) = default;
};

inline void append_value(imsdp::detail::text_writer& out, rtpmap const& a) {
  imsdp::detail::append_number(out, unsigned{a.payload_type});
  out += ' ';
  out += a.encoding_name;
  out += '/';
  imsdp::detail::append_number(out, a.clock_rate);
  if (!a.encoding_parameters.empty()) {
    out += '/';
    out += a.encoding_parameters;
  }
}

inline void append_value(imsdp::detail::text_writer& out, fmtp const& a) {
  out += a.format;
  out += ' ';
  out += a.parameters;
}

inline void append_value(imsdp::detail::text_writer& out, ptime const& a) {
  out += a.milliseconds.text;
}
inline void append_value(imsdp::detail::text_writer& out, maxptime const& a) {
  out += a.milliseconds.text;
}
inline void append_value(imsdp::detail::text_writer& out, framerate const& a) {
  out += a.frames_per_second.text;
}
inline void append_value(imsdp::detail::text_writer&, direction const&) {}
inline void append_value(imsdp::detail::text_writer&, rtcp_mux const&) {}
inline void append_value(imsdp::detail::text_writer&, rtcp_mux_only const&) {}
inline void append_value(imsdp::detail::text_writer&, rtcp_rsize const&) {}
inline void append_value(imsdp::detail::text_writer&, extmap_allow_mixed const&) {}

inline void append_value(imsdp::detail::text_writer& out, rtcp const& a) {
  imsdp::detail::append_number(out, unsigned{a.port});
  if (!a.network_type.empty()) {
    out += ' ';
    out += a.network_type;
    out += ' ';
    out += a.address_type;
    out += ' ';
    out += a.address;
  }
}

inline void append_value(imsdp::detail::text_writer& out, rtcp_fb const& a) {
  out += a.format;
  out += ' ';
  out += a.type;
  if (!a.parameters.empty()) {
    out += ' ';
    out += a.parameters;
  }
}

inline void append_value(imsdp::detail::text_writer& out, extmap const& a) {
  imsdp::detail::append_number(out, unsigned{a.id});
  if (a.direction) {
    out += '/';
    out += to_string(*a.direction);
  }
  out += ' ';
  out += a.uri;
  if (!a.extension_attributes.empty()) {
    out += ' ';
    out += a.extension_attributes;
  }
}

inline void append_value(imsdp::detail::text_writer& out, imageattr const& a) {
  out += a.format;
  if (!a.send.empty()) {
    out += " send ";
    out += a.send;
  }
  if (!a.recv.empty()) {
    out += " recv ";
    out += a.recv;
  }
}

}  // namespace imsdp::sdp
