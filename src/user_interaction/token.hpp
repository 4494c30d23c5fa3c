// The opportunity token on the response path (design rule 8; guard step b): an HS256 JWS
// compact token checked without allocating, and a bounded cache of tokens already checked.
#pragma once

#include <array>
#include <cstdint>
#include <imsdp/user_interaction/jws.hpp>
#include <span>
#include <string_view>
#include <vector>

namespace imsdp::user_interaction {

/// The claims of a verified token, as views into its decoded payload (or the token cache).
struct claims_view {
  std::string_view iss, sub, oid, tpl, tgt, nonce, cat;
  std::int64_t iat = 0, exp = 0, max = 1;
  std::array<std::string_view, 8> act{};
  std::size_t act_count = 0;
};

/// What check_token found: the claims view the payload, decoded into the caller's buffer.
struct verified_token {
  claims_view claims;
  key const* used = nullptr;  // the key that verified it
};

/// The token is "header.payload.mac" with an HS256 key usable for tokens at `now`, and its
/// payload reads as claims.
[[nodiscard]] errc check_token(std::string_view token, key_set const& keys, time_point now,
                               std::span<char> payload_buffer, verified_token& out) noexcept;

/// Tokens check_token accepted, with their claims: a flood repeats one subscriber's token in
/// every response, and the MAC, the two base64 decodes and the claims scan are most of a
/// decision. An entry holds the whole token text and is found only by an exact match of it,
/// under the same key_set (keys never change once added) and a key still usable at `now`;
/// so a hit decides what check_token would. Fixed memory: capacity x sizeof(entry), four
/// ways per set, the earliest inserted replaced. A token whose text and text claims exceed
/// the entry's text is not kept.
class token_cache {
 public:
  explicit token_cache(std::uint32_t capacity);  // rounded up to a power of two; 0: off
  [[nodiscard]] std::size_t capacity() const noexcept { return entries_.size(); }

  /// The claims of `token` when it is held; their text views the cache until the next insert.
  [[nodiscard]] bool find(std::string_view token, key_set const& keys, time_point now,
                          claims_view& out) const noexcept;
  /// Keeps a token check_token accepted with `keys`.
  void insert(std::string_view token, key_set const& keys, verified_token const& v) noexcept;

  [[nodiscard]] std::size_t memory_bytes() const noexcept;

 private:
  static constexpr std::uint32_t ways = 4;
  static constexpr std::size_t text_claims = 7 + 8;  // iss, sub, oid, tpl, tgt, nonce, cat, act
  struct entry {
    // The examples' and the bench's tokens are 424 characters, their text claims 120.
    static constexpr std::size_t text_capacity = 640;
    std::uint64_t keys = 0;   // key_set::identity() of the check; 0: empty
    std::uint64_t stamp = 0;  // insert order
    key const* used = nullptr;
    std::int64_t iat = 0, exp = 0, max = 1;
    std::uint16_t token_size = 0;
    std::uint8_t act_count = 0;
    std::array<std::array<std::uint16_t, 2>, text_claims> views{};  // offset, size in text
    std::array<char, text_capacity> text{};  // the token, then the text claims
  };
  [[nodiscard]] std::size_t set_of(std::string_view token) const noexcept;  // its first way
  std::vector<entry> entries_;
  std::uint64_t inserts_ = 0;
};

}  // namespace imsdp::user_interaction
