// SDP security descriptions for SRTP (SDES, RFC 4568): a=crypto, and the crypto suites
// the library knows the key lengths of (RFC 4568 6.2, RFC 6188, RFC 7714 12).
//
// A crypto line carries the master key in clear. Its key-info is a secret: the JSON form
// and every diagnostic print it masked (<imsdp/sdp/secrets.hpp>).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace imsdp::sdp {

/// a=crypto:<tag> 1*WSP <crypto-suite> 1*WSP <key-params> *(1*WSP <session-param>)
/// (RFC 4568 section 9.1). Views into the line; key_params and session_params are the
/// text as written (read them with key_params_of() and session_params_of()).
struct crypto {
  static constexpr std::string_view name = "crypto";
  std::uint32_t tag = 0;            // 1*9DIGIT
  std::string_view suite;           // "AES_CM_128_HMAC_SHA1_80"
  std::string_view key_params;      // key-param *(";" key-param): secret
  std::string_view session_params;  // session-param *(1*WSP session-param), may be empty
  friend bool operator==(crypto const&, crypto const&) = default;
};

/// key-param = key-method ":" key-info; for "inline" (RFC 4568 6.1)
/// key-info = key-salt ["|" lifetime] ["|" mki], mki = mki-value ":" mki-length.
struct srtp_key_param {
  std::string_view method;    // "inline"
  std::string_view key_info;  // the whole key-info (secret)
  std::string_view key_salt;  // base64 of key || salt (secret); inline only
  std::string_view lifetime;  // "2^31", "1048576" or empty
  std::string_view mki;       // decimal MKI value or empty
  std::uint8_t mki_length = 0;
  friend bool operator==(srtp_key_param const&, srtp_key_param const&) = default;
};

/// The key params of a parsed crypto value, in order.
[[nodiscard]] std::vector<srtp_key_param> key_params_of(crypto const& c);

/// The session params of a parsed crypto value, in order ("KDR=1", "UNENCRYPTED_SRTCP").
[[nodiscard]] std::vector<std::string_view> session_params_of(crypto const& c);

/// A crypto suite with known key and salt lengths.
struct srtp_suite {
  std::string_view name;
  std::uint8_t key_length;   // master key, bytes
  std::uint8_t salt_length;  // master salt, bytes
  std::string_view specification;
  [[nodiscard]] constexpr std::size_t key_salt_length() const noexcept {
    return std::size_t{key_length} + salt_length;
  }
};

inline constexpr srtp_suite srtp_suites[] = {
    {"AES_CM_128_HMAC_SHA1_80", 16, 14, "RFC 4568 6.2.1"},
    {"AES_CM_128_HMAC_SHA1_32", 16, 14, "RFC 4568 6.2.2"},
    {"F8_128_HMAC_SHA1_80", 16, 14, "RFC 4568 6.2.3"},
    {"AES_192_CM_HMAC_SHA1_80", 24, 14, "RFC 6188 7.1"},
    {"AES_192_CM_HMAC_SHA1_32", 24, 14, "RFC 6188 7.2"},
    {"AES_256_CM_HMAC_SHA1_80", 32, 14, "RFC 6188 7.3"},
    {"AES_256_CM_HMAC_SHA1_32", 32, 14, "RFC 6188 7.4"},
    {"AEAD_AES_128_GCM", 16, 12, "RFC 7714 12"},
    {"AEAD_AES_256_GCM", 32, 12, "RFC 7714 12"},
};

/// The suite of that name (case as written in the registry), or null.
[[nodiscard]] constexpr srtp_suite const* find_srtp_suite(std::string_view name) noexcept {
  for (auto const& s : srtp_suites)
    if (s.name == name) return &s;
  return nullptr;
}

inline void append_value(imsdp::detail::text_writer& out, crypto const& a) {
  out += std::to_string(a.tag);
  out += ' ';
  out += a.suite;
  out += ' ';
  out += a.key_params;
  if (!a.session_params.empty()) {
    out += ' ';
    out += a.session_params;
  }
}

}  // namespace imsdp::sdp
