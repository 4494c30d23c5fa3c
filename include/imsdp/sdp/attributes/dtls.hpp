// DTLS-SRTP and TCP setup attributes: fingerprint (RFC 8122 section 5), setup (RFC 4145
// section 4), tls-id (RFC 8842 section 4).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace imsdp::sdp {

/// a=fingerprint:<hash-func> <fingerprint> (RFC 8122 section 5): upper-case hex pairs
/// separated by ':'. The pair count matches the hash function where it is known.
struct fingerprint {
  static constexpr std::string_view name = "fingerprint";
  std::string_view hash_function;  // "sha-256", ...
  std::string_view value;          // "AB:CD:..."
  friend bool operator==(fingerprint const&, fingerprint const&) = default;
};

enum class setup_role : std::uint8_t { active, passive, actpass, holdconn };

[[nodiscard]] constexpr std::string_view to_string(setup_role r) noexcept {
  switch (r) {
    case setup_role::active:
      return "active";
    case setup_role::passive:
      return "passive";
    case setup_role::actpass:
      return "actpass";
    case setup_role::holdconn:
      return "holdconn";
  }
  return "actpass";
}

/// a=setup:<role> (RFC 4145 section 4)
struct setup {
  static constexpr std::string_view name = "setup";
  setup_role role = setup_role::actpass;
  friend bool operator==(setup const&, setup const&) = default;
};

/// a=tls-id:<20..255 tls-id-char> (RFC 8842 section 4)
struct tls_id {
  static constexpr std::string_view name = "tls-id";
  std::string_view value;
  friend bool operator==(tls_id const&, tls_id const&) = default;
};

inline void append_value(imsdp::detail::text_writer& out, fingerprint const& a) {
  out += a.hash_function;
  out += ' ';
  out += a.value;
}
inline void append_value(imsdp::detail::text_writer& out, setup const& a) {
  out += to_string(a.role);
}
inline void append_value(imsdp::detail::text_writer& out, tls_id const& a) {
  out += a.value;
}

}  // namespace imsdp::sdp
