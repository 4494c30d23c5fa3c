// The opportunity token of the response path (token.hpp).
#include "user_interaction/token.hpp"

#include <openssl/crypto.h>

#include <bit>
#include <cstring>

#include "detail/hash.hpp"
#include "user_interaction/base64url.hpp"
#include "user_interaction/scan.hpp"

namespace imsdp::user_interaction {

errc check_token(std::string_view token, key_set const& keys, time_point now,
                 std::span<char> payload_buffer, verified_token& verified) noexcept {
  auto const dot1 = token.find('.');
  auto const dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos)
    return errc::ui_signature;
  std::array<unsigned char, 192> header_bytes;
  auto const header_size = b64::decode_into(token.substr(0, dot1), header_bytes);
  if (!header_size) return errc::ui_signature;
  std::string_view alg, kid;
  bool critical = false;
  if (!scan::document({reinterpret_cast<char const*>(header_bytes.data()), *header_size}, 2,
                      [&](std::string_view key, scan::cursor& c) {
                        scan::string_info s;
                        if (scan::is(key, "alg"))
                          return scan::string(c, s) && !s.escaped && (alg = s.raw, true);
                        if (scan::is(key, "kid"))
                          return scan::string(c, s) && !s.escaped && (kid = s.raw, true);
                        critical = critical || scan::is(key, "crit") || scan::is(key, "b64");
                        return scan::skip(c);
                      }))
    return errc::ui_signature;
  // RFC 8725 3.1: the key decides the algorithm; alg must agree, and none is never a key's.
  auto const* k = keys.find(kid);
  if (critical || alg != "HS256" || k == nullptr || k->alg != key_alg::hs256 ||
      !key_set::usable(*k, key_use::token, now))
    return errc::ui_signature;
  std::array<unsigned char, 32> mac;
  std::array<unsigned char, 48> given;
  auto const given_size = b64::decode_into(token.substr(dot2 + 1), given);
  if (!given_size || *given_size != 32 || !keys.hmac(kid, token.substr(0, dot2), mac) ||
      CRYPTO_memcmp(mac.data(), given.data(), 32) != 0)
    return errc::ui_signature;
  auto const size = b64::decode_into(
      token.substr(dot1 + 1, dot2 - dot1 - 1),
      {reinterpret_cast<unsigned char*>(payload_buffer.data()), payload_buffer.size()});
  if (!size) return errc::ui_signature;
  // The MAC held, so the claims are ours; still read them strictly.
  auto& out = verified.claims;
  auto const text = [](scan::cursor& c, std::string_view& v) {
    scan::string_info s;
    return scan::string(c, s) && !s.escaped && (v = s.raw, true);
  };
  bool const ok =
      scan::document({payload_buffer.data(), *size}, 3, [&](std::string_view key, scan::cursor& c) {
        if (scan::is(key, "iss")) return text(c, out.iss);
        if (scan::is(key, "sub")) return text(c, out.sub);
        if (scan::is(key, "oid")) return text(c, out.oid);
        if (scan::is(key, "tpl")) return text(c, out.tpl);
        if (scan::is(key, "tgt")) return text(c, out.tgt);
        if (scan::is(key, "nonce")) return text(c, out.nonce);
        if (scan::is(key, "cat")) return text(c, out.cat);
        if (scan::is(key, "iat")) return scan::integer(c, out.iat);
        if (scan::is(key, "exp")) return scan::integer(c, out.exp);
        if (scan::is(key, "max")) return scan::integer(c, out.max);
        if (scan::is(key, "act"))
          return scan::array(c, [&](std::size_t i, scan::cursor& in) {
            if (i >= out.act.size()) return false;
            out.act_count = i + 1;
            return text(in, out.act[i]);
          });
        return scan::skip(c);
      });
  if (!ok) return errc::ui_signature;
  verified.used = k;
  return errc::ok;
}

namespace {

// An HS256 MAC (32 bytes) in unpadded base64url ends every token; a token any shorter than
// a few of those is not one, and is neither looked up nor kept.
constexpr std::size_t mac_text = 43;
constexpr std::size_t shortest_token = 64;
static_assert(b64::decoded_size(mac_text) == 32);

// The text claims in a fixed order, so that an entry keeps them as (offset, size) pairs.
template <class Claims>
auto text_fields(Claims& c) noexcept {
  return std::array{&c.iss,    &c.sub,    &c.oid,    &c.tpl,    &c.tgt,
                    &c.nonce,  &c.cat,    &c.act[0], &c.act[1], &c.act[2],
                    &c.act[3], &c.act[4], &c.act[5], &c.act[6], &c.act[7]};
}

}  // namespace

token_cache::token_cache(std::uint32_t capacity)
    : entries_(capacity == 0 ? 0 : std::bit_ceil(std::max<std::uint32_t>(capacity, ways))) {}

std::size_t token_cache::memory_bytes() const noexcept {
  return entries_.size() * sizeof(entry);
}

// The set is chosen by the last eight characters of the MAC: a verified token's MAC is
// random, and a chosen one only selects the set it misses in.
std::size_t token_cache::set_of(std::string_view token) const noexcept {
  std::uint64_t h = 0;
  std::memcpy(&h, token.data() + token.size() - sizeof h, sizeof h);
  return imsdp::detail::mix(h) & (entries_.size() - ways);
}

bool token_cache::find(std::string_view token, key_set const& keys, time_point now,
                       claims_view& out) const noexcept {
  if (entries_.empty() || token.size() < shortest_token) return false;
  auto const identity = keys.identity();
  auto const* set = &entries_[set_of(token)];
  // The MAC is compared in constant time.
  auto const signed_part = token.size() - mac_text;
  for (auto const* e = set; e != set + ways; ++e) {
    if (e->keys != identity || e->token_size != token.size() ||
        std::memcmp(e->text.data(), token.data(), signed_part) != 0 ||
        CRYPTO_memcmp(e->text.data() + signed_part, token.data() + signed_part, mac_text) != 0)
      continue;
    if (!key_set::usable(*e->used, key_use::token, now)) return false;
    auto const fields = text_fields(out);
    static_assert(std::tuple_size_v<decltype(fields)> == text_claims);
    for (std::size_t i = 0; i < text_claims; ++i)
      *fields[i] = {e->text.data() + e->views[i][0], e->views[i][1]};
    out.iat = e->iat;
    out.exp = e->exp;
    out.max = e->max;
    out.act_count = e->act_count;
    return true;
  }
  return false;
}

void token_cache::insert(std::string_view token, key_set const& keys,
                         verified_token const& v) noexcept {
  auto const& c = v.claims;
  auto const fields = text_fields(c);
  auto size = token.size();
  for (auto const* f : fields)
    size += f->size();
  if (entries_.empty() || token.size() < shortest_token || size > entry::text_capacity) return;
  // An empty way, else the earliest inserted.
  auto* set = &entries_[set_of(token)];
  auto* slot = set;
  for (auto* e = set; e != set + ways && slot->keys != 0; ++e)
    if (e->keys == 0 || e->stamp < slot->stamp) slot = e;
  auto& e = *slot;
  e.keys = keys.identity();
  e.stamp = ++inserts_;
  e.used = v.used;
  e.iat = c.iat;
  e.exp = c.exp;
  e.max = c.max;
  e.act_count = static_cast<std::uint8_t>(c.act_count);
  e.token_size = static_cast<std::uint16_t>(token.size());
  std::memcpy(e.text.data(), token.data(), token.size());
  // The text claims follow the token, packed: a third of the JSON payload they came from.
  auto at = token.size();
  for (std::size_t i = 0; i < text_claims; ++i) {
    auto const f = *fields[i];
    if (!f.empty()) std::memcpy(e.text.data() + at, f.data(), f.size());
    e.views[i] = {static_cast<std::uint16_t>(at), static_cast<std::uint16_t>(f.size())};
    at += f.size();
  }
}

}  // namespace imsdp::user_interaction
