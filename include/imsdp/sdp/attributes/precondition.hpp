// Preconditions (RFC 3312 section 5, updated by RFC 4032): curr, des, conf. IMS/VoLTE
// calls use them for QoS ("a=des:qos mandatory local sendrecv").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace imsdp::sdp {

enum class status_type : std::uint8_t { e2e, local, remote };
enum class strength_tag : std::uint8_t { mandatory, optional, none, failure, unknown };
enum class precondition_direction : std::uint8_t { none, send, recv, sendrecv };

[[nodiscard]] constexpr std::string_view to_string(status_type s) noexcept {
  switch (s) {
    case status_type::e2e:
      return "e2e";
    case status_type::local:
      return "local";
    case status_type::remote:
      return "remote";
  }
  return "e2e";
}

[[nodiscard]] constexpr std::string_view to_string(strength_tag s) noexcept {
  switch (s) {
    case strength_tag::mandatory:
      return "mandatory";
    case strength_tag::optional:
      return "optional";
    case strength_tag::none:
      return "none";
    case strength_tag::failure:
      return "failure";
    case strength_tag::unknown:
      return "unknown";
  }
  return "none";
}

[[nodiscard]] constexpr std::string_view to_string(precondition_direction d) noexcept {
  switch (d) {
    case precondition_direction::none:
      return "none";
    case precondition_direction::send:
      return "send";
    case precondition_direction::recv:
      return "recv";
    case precondition_direction::sendrecv:
      return "sendrecv";
  }
  return "none";
}

/// A direction as bits: send 1, recv 2, sendrecv 3, none 0.
[[nodiscard]] constexpr unsigned direction_mask(precondition_direction d) noexcept {
  return d == precondition_direction::sendrecv ? 3u
         : d == precondition_direction::send   ? 1u
         : d == precondition_direction::recv   ? 2u
                                               : 0u;
}

/// Whether a reservation in direction `have` covers the desired `want` (RFC 3312 section
/// 5: sendrecv covers send and recv; none is covered by anything).
[[nodiscard]] constexpr bool covers(precondition_direction have,
                                    precondition_direction want) noexcept {
  return (direction_mask(have) & direction_mask(want)) == direction_mask(want);
}

/// What two reports of one end-to-end status table say together (RFC 3312 section 5: each
/// end knows the direction it can confirm, as an RSVP receiver its own; send from one and
/// recv from the other make sendrecv).
[[nodiscard]] constexpr precondition_direction combined(precondition_direction a,
                                                        precondition_direction b) noexcept {
  switch (direction_mask(a) | direction_mask(b)) {
    case 3u:
      return precondition_direction::sendrecv;
    case 1u:
      return precondition_direction::send;
    case 2u:
      return precondition_direction::recv;
    default:
      return precondition_direction::none;
  }
}

/// a=curr:<precondition-type> <status-type> <direction-tag> (RFC 3312 section 5)
struct curr {
  static constexpr std::string_view name = "curr";
  std::string_view precondition_type;  // "qos" or an extension token
  status_type status = status_type::e2e;
  precondition_direction direction = precondition_direction::none;
  friend bool operator==(curr const&, curr const&) = default;
};

/// a=des:<precondition-type> <strength-tag> <status-type> <direction-tag>
struct des {
  static constexpr std::string_view name = "des";
  std::string_view precondition_type;
  strength_tag strength = strength_tag::none;
  status_type status = status_type::e2e;
  precondition_direction direction = precondition_direction::none;
  friend bool operator==(des const&, des const&) = default;
};

/// a=conf:<precondition-type> <status-type> <direction-tag>
struct conf {
  static constexpr std::string_view name = "conf";
  std::string_view precondition_type;
  status_type status = status_type::e2e;
  precondition_direction direction = precondition_direction::none;
  friend bool operator==(conf const&, conf const&) = default;
};

inline void append_value(imsdp::detail::text_writer& out, curr const& a) {
  out += a.precondition_type;
  out += ' ';
  out += to_string(a.status);
  out += ' ';
  out += to_string(a.direction);
}

inline void append_value(imsdp::detail::text_writer& out, des const& a) {
  out += a.precondition_type;
  out += ' ';
  out += to_string(a.strength);
  out += ' ';
  out += to_string(a.status);
  out += ' ';
  out += to_string(a.direction);
}

inline void append_value(imsdp::detail::text_writer& out, conf const& a) {
  out += a.precondition_type;
  out += ' ';
  out += to_string(a.status);
  out += ' ';
  out += to_string(a.direction);
}

}  // namespace imsdp::sdp
