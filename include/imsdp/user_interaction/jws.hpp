// Authenticity of user interaction messages (design section 13.3, decisions B1 and B5): JWS
// compact serialization (RFC 7515) with HS256 (the opportunity token on the response path) or
// EdDSA over Ed25519 (RFC 8037: offer signatures and exposure envelopes), over the RFC 8785
// canonical JSON form. OpenSSL does the cryptography; the rules of RFC 8725 hold: no
// "alg":"none", the algorithm comes from the key (never from the header alone), the key id
// must be known and inside its validity, and MACs are compared in constant time.
//
// Key material never appears in any message, error, trace or JSON this library writes.
#pragma once

#include <cstdint>
#include <imsdp/result.hpp>
#include <imsdp/user_interaction/message.hpp>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace imsdp::user_interaction {

enum class key_alg : std::uint8_t { hs256, eddsa };
/// What a key may be used for (keys.schema.json "use").
enum class key_use : std::uint8_t { token, offer, exposure, pseudonym };

/// One key. `secret` is the HMAC key (hs256, pseudonym) or the Ed25519 private seed (32
/// bytes); `public_key` the Ed25519 public key (32 bytes, derived when only the seed is given).
/// A verifier needs only the public key.
struct key {
  std::string kid;
  key_alg alg = key_alg::hs256;
  key_use use = key_use::token;
  std::optional<time_point> not_before;
  std::optional<time_point> not_after;
  std::vector<unsigned char> secret;
  std::vector<unsigned char> public_key;
};

/// The keys of a party, by kid; rotation is several keys of one use with overlapping
/// validity. Holds the prepared OpenSSL contexts, so a key_set is used by one thread at a time
/// (copy it for another thread).
class key_set {
 public:
  key_set();
  ~key_set();
  key_set(key_set const& other);
  key_set& operator=(key_set const& other);
  key_set(key_set&&) noexcept;
  key_set& operator=(key_set&&) noexcept;

  /// Adds a key. Errors: invalid_argument (empty or repeated kid, a secret of the wrong size,
  /// an Ed25519 key OpenSSL refuses); nothing of the key is in the message.
  result<void> add(key k);
  [[nodiscard]] key const* find(std::string_view kid) const noexcept;
  [[nodiscard]] std::size_t size() const noexcept;
  /// A number no other key_set of this process has had (a copy gets its own; never 0). A key
  /// never changes once added, so a check made with this set holds while it lives: the guard's
  /// cache of verified tokens keys on it.
  [[nodiscard]] std::uint64_t identity() const noexcept;
  /// Whether `k` may be used for `use` at `now` (its use, notBefore <= now < notAfter).
  [[nodiscard]] static bool usable(key const& k, key_use use, time_point now) noexcept;

  /// HMAC-SHA-256 of `data` with the hs256 or pseudonym key `kid` into `out`. No allocation.
  bool hmac(std::string_view kid, std::string_view data, std::span<unsigned char, 32> out) const;
  /// Ed25519 signature of `data` (64 bytes); verify with the public key.
  [[nodiscard]] result<std::vector<unsigned char>> ed25519_sign(std::string_view kid,
                                                                std::string_view data) const;
  [[nodiscard]] bool ed25519_verify(std::string_view kid, std::string_view data,
                                    std::span<unsigned char const> signature) const;

  struct impl;

 private:
  std::unique_ptr<impl> impl_;
};

/// Reads {"keys":[{kid, alg: HS256|EdDSA, use, notBefore?, notAfter?, secret?, public?}]}
/// (schemas/user_interaction/keys.schema.json; secret and public in base64url). At most 64
/// keys. Errors name the JSON pointer, never the material.
[[nodiscard]] result<key_set> keys_from_json(std::string_view json_text);

/// base64url without padding (RFC 4648 section 5, RFC 7515 section 2).
[[nodiscard]] std::string base64url_encode(std::span<unsigned char const> bytes);
/// Strict: no padding, no other characters, zero unused bits. nullopt otherwise.
[[nodiscard]] std::optional<std::vector<unsigned char>> base64url_decode(std::string_view text);

/// The RFC 8785 canonical form of a JSON value: members sorted by their UTF-16 code units, no
/// whitespace, ECMAScript string escapes. Floating-point numbers are refused (decision B5),
/// with the JSON pointer of the first one.
[[nodiscard]] result<std::string> canonical_json(nlohmann::json const& value);

/// A JWS compact serialization "header.payload.signature" of `payload` with key `kid`
/// (protected header {"alg":...,"kid":...}). Errors: not_found (kid), invalid_argument (a
/// verification-only key).
[[nodiscard]] result<std::string> jws_sign(key_set const& keys, std::string_view kid,
                                           std::string_view payload);
/// Verifies a compact JWS whose key must be usable for `use` at `now`; gives its payload.
/// A detached JWS ("header..signature", RFC 7515 appendix F) is verified against `detached`.
/// Errors: ui_signature (with the reason as detail: syntax, alg, kid, validity, signature).
[[nodiscard]] result<std::string> jws_verify(key_set const& keys, key_use use, std::string_view jws,
                                             time_point now,
                                             std::optional<std::string_view> detached = {});

}  // namespace imsdp::user_interaction
