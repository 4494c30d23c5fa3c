// JWS compact (RFC 7515) with HS256 and EdDSA (RFC 8037), RFC 8785 canonical JSON, keys
// (jws.hpp). OpenSSL 3: EVP_DigestSign/Verify for Ed25519. HMAC (RFC 2104) runs on OpenSSL's
// SHA-256 block functions (SHA extensions where the CPU has them) from the two padded-key
// states computed once per key: re-initialising an EVP_MAC context copies a provider context,
// two allocations per MAC, on the guard's path that must not allocate. SHA256_Init and
// friends are deprecated in OpenSSL 3.0 but present; this file alone uses them.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/sha.h>

#include <algorithm>
#include <atomic>
#include <imsdp/user_interaction/jws.hpp>
#include <nlohmann/json.hpp>

#include "detail/json_reader.hpp"
#include "user_interaction/base64url.hpp"

namespace imsdp::user_interaction {

struct key_set::impl {
  struct entry {
    key k;
    bool hmac = false;  // hs256 and pseudonym keys: SHA-256 after the padded key
    SHA256_CTX inner{}, outer{};
    EVP_PKEY* pkey = nullptr;  // eddsa keys (private or public)
    entry() = default;
    entry(entry const&) = delete;
    entry& operator=(entry const&) = delete;
    ~entry() {
      OPENSSL_cleanse(&inner, sizeof inner);
      OPENSSL_cleanse(&outer, sizeof outer);
      EVP_PKEY_free(pkey);
    }
  };
  std::vector<std::unique_ptr<entry>> entries;
  std::uint64_t identity = next_identity();

  static std::uint64_t next_identity() noexcept {
    static std::atomic<std::uint64_t> last{0};
    return last.fetch_add(1, std::memory_order_relaxed) + 1;
  }

  entry const* find(std::string_view kid) const noexcept {
    for (auto const& e : entries)
      if (e->k.kid == kid) return e.get();
    return nullptr;
  }
};

namespace {

error invalid_key(std::string detail) {
  return make_error(errc::invalid_argument, "key", std::move(detail));
}

std::string_view alg_name(key_alg a) noexcept {
  return a == key_alg::hs256 ? "HS256" : "EdDSA";
}

error signature_error(std::string detail) {
  return make_error(errc::ui_signature, "jws", std::move(detail));
}

}  // namespace

key_set::key_set() : impl_(std::make_unique<impl>()) {}
key_set::~key_set() = default;
key_set::key_set(key_set&&) noexcept = default;
key_set& key_set::operator=(key_set&&) noexcept = default;
key_set::key_set(key_set const& other) : impl_(std::make_unique<impl>()) {
  for (auto const& e : other.impl_->entries)
    (void)add(e->k);  // re-adding keys that were accepted once cannot fail
}
key_set& key_set::operator=(key_set const& other) {
  if (this != &other) *this = key_set(other);
  return *this;
}

std::size_t key_set::size() const noexcept {
  return impl_->entries.size();
}

std::uint64_t key_set::identity() const noexcept {
  return impl_ == nullptr ? 0 : impl_->identity;
}

key const* key_set::find(std::string_view kid) const noexcept {
  auto const* e = impl_->find(kid);
  return e == nullptr ? nullptr : &e->k;
}

bool key_set::usable(key const& k, key_use use, time_point now) noexcept {
  return k.use == use && (!k.not_before || *k.not_before <= now) &&
         (!k.not_after || now < *k.not_after);
}

result<void> key_set::add(key k) {
  if (k.kid.empty() || k.kid.size() > 64) return invalid_key("a kid of 1..64 bytes");
  if (impl_->find(k.kid) != nullptr) return invalid_key("kid '" + k.kid + "' given twice");
  auto e = std::make_unique<impl::entry>();
  if (k.alg == key_alg::hs256) {
    if (k.use == key_use::offer || k.use == key_use::exposure)
      return invalid_key("key '" + k.kid + "': offers and exposures are signed with EdDSA");
    // RFC 7518 3.2: an HS256 key has at least 256 bits.
    if (k.secret.size() < 32 || k.secret.size() > 128)
      return invalid_key("key '" + k.kid + "': an HS256 secret of 32..128 bytes");
    // RFC 2104: a key longer than the block is hashed first; then K ^ ipad and K ^ opad.
    std::array<unsigned char, 64> block{};
    if (k.secret.size() > block.size()) {
      SHA256(k.secret.data(), k.secret.size(), block.data());
    } else {
      std::copy(k.secret.begin(), k.secret.end(), block.begin());
    }
    std::array<unsigned char, 64> pad{};
    bool ok = true;
    for (auto [state, byte] : {std::pair{&e->inner, 0x36}, std::pair{&e->outer, 0x5c}}) {
      for (std::size_t i = 0; i < pad.size(); ++i)
        pad[i] = static_cast<unsigned char>(block[i] ^ byte);
      ok = ok && SHA256_Init(state) == 1 && SHA256_Update(state, pad.data(), pad.size()) == 1;
    }
    OPENSSL_cleanse(block.data(), block.size());
    OPENSSL_cleanse(pad.data(), pad.size());
    if (!ok) return invalid_key("key '" + k.kid + "': OpenSSL refused the HMAC key");
    e->hmac = true;
  } else {
    if (k.use == key_use::token || k.use == key_use::pseudonym)
      return invalid_key("key '" + k.kid + "': tokens and pseudonyms use HS256");
    if (!k.secret.empty()) {
      if (k.secret.size() != 32)
        return invalid_key("key '" + k.kid + "': an Ed25519 seed of 32 bytes");
      e->pkey = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, k.secret.data(), 32);
      std::size_t size = 32;
      std::vector<unsigned char> derived(32);
      if (e->pkey == nullptr || EVP_PKEY_get_raw_public_key(e->pkey, derived.data(), &size) != 1)
        return invalid_key("key '" + k.kid + "': OpenSSL refused the Ed25519 seed");
      if (!k.public_key.empty() && k.public_key != derived)
        return invalid_key("key '" + k.kid + "': the public key is not the seed's");
      k.public_key = std::move(derived);
    } else {
      if (k.public_key.size() != 32)
        return invalid_key("key '" + k.kid + "': an Ed25519 public key of 32 bytes");
      e->pkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, k.public_key.data(), 32);
      if (e->pkey == nullptr)
        return invalid_key("key '" + k.kid + "': OpenSSL refused the public key");
    }
  }
  e->k = std::move(k);
  impl_->entries.push_back(std::move(e));
  return {};
}

bool key_set::hmac(std::string_view kid, std::string_view data,
                   std::span<unsigned char, 32> out) const {
  auto const* e = impl_->find(kid);
  if (e == nullptr || !e->hmac) return false;
  SHA256_CTX inner = e->inner;
  SHA256_CTX outer = e->outer;
  unsigned char digest[32];
  bool const ok =
      SHA256_Update(&inner, data.data(), data.size()) == 1 && SHA256_Final(digest, &inner) == 1 &&
      SHA256_Update(&outer, digest, sizeof digest) == 1 && SHA256_Final(out.data(), &outer) == 1;
  OPENSSL_cleanse(&inner, sizeof inner);
  OPENSSL_cleanse(digest, sizeof digest);
  return ok;
}

result<std::vector<unsigned char>> key_set::ed25519_sign(std::string_view kid,
                                                         std::string_view data) const {
  auto const* e = impl_->find(kid);
  if (e == nullptr) return make_error(errc::not_found, "kid");
  if (e->pkey == nullptr || e->k.secret.empty())
    return make_error(errc::invalid_argument, "kid", "not an Ed25519 signing key");
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  std::vector<unsigned char> sig(64);
  std::size_t size = sig.size();
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, e->pkey) != 1 ||
      EVP_DigestSign(ctx.get(), sig.data(), &size,
                     reinterpret_cast<unsigned char const*>(data.data()), data.size()) != 1 ||
      size != 64)
    return make_error(errc::internal_error, "ed25519", "OpenSSL could not sign");
  return sig;
}

bool key_set::ed25519_verify(std::string_view kid, std::string_view data,
                             std::span<unsigned char const> signature) const {
  auto const* e = impl_->find(kid);
  if (e == nullptr || e->pkey == nullptr || signature.size() != 64) return false;
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  return ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, e->pkey) == 1 &&
         EVP_DigestVerify(ctx.get(), signature.data(), signature.size(),
                          reinterpret_cast<unsigned char const*>(data.data()), data.size()) == 1;
}

std::string base64url_encode(std::span<unsigned char const> bytes) {
  std::string out;
  out.reserve((bytes.size() * 4 + 2) / 3);
  std::uint32_t acc = 0;
  int bits = 0;
  for (auto b : bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += b64::alphabet[(acc >> bits) & 63];
    }
  }
  if (bits > 0) out += b64::alphabet[(acc << (6 - bits)) & 63];
  return out;
}

std::optional<std::vector<unsigned char>> base64url_decode(std::string_view text) {
  auto const size = b64::decoded_size(text.size());
  if (!size) return std::nullopt;
  std::vector<unsigned char> out(*size);
  if (!b64::decode_into(text, out)) return std::nullopt;
  return out;
}

namespace {

void canonical_string(std::string const& s, std::string& out) {
  out += '"';
  for (char c : s) {
    auto const u = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (u < 0x20) {
          static constexpr char hex[] = "0123456789abcdef";
          out += "\\u00";
          out += hex[u >> 4];
          out += hex[u & 15];
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

// UTF-16 code units of a UTF-8 key (nlohmann validated it), for RFC 8785 3.2.3 ordering.
std::u16string utf16(std::string const& s) {
  std::u16string out;
  for (std::size_t i = 0; i < s.size();) {
    auto const b = static_cast<unsigned char>(s[i]);
    std::size_t const n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    std::uint32_t cp = n == 1 ? b : b & (0x3F >> (n - 1));
    for (std::size_t k = 1; k < n && i + k < s.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    i += n;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out += static_cast<char16_t>(0xD800 + (cp >> 10));
      out += static_cast<char16_t>(0xDC00 + (cp & 0x3FF));
    } else {
      out += static_cast<char16_t>(cp);
    }
  }
  return out;
}

bool canonical(nlohmann::json const& v, std::string const& path, std::string& out, error& e) {
  switch (v.type()) {
    case nlohmann::json::value_t::null:
      out += "null";
      return true;
    case nlohmann::json::value_t::boolean:
      out += v.get<bool>() ? "true" : "false";
      return true;
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
      out += v.dump();
      return true;
    case nlohmann::json::value_t::string:
      canonical_string(v.get_ref<std::string const&>(), out);
      return true;
    case nlohmann::json::value_t::array: {
      out += '[';
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (i > 0) out += ',';
        if (!canonical(v[i], imsdp::detail::pointer_append(path, i), out, e)) return false;
      }
      out += ']';
      return true;
    }
    case nlohmann::json::value_t::object: {
      std::vector<std::pair<std::u16string, std::string const*>> keys;
      keys.reserve(v.size());
      for (auto it = v.begin(); it != v.end(); ++it)
        keys.emplace_back(utf16(it.key()), &it.key());
      std::sort(keys.begin(), keys.end());
      out += '{';
      bool first = true;
      for (auto const& [order, key] : keys) {
        if (!first) out += ',';
        first = false;
        canonical_string(*key, out);
        out += ':';
        if (!canonical(v.at(*key), imsdp::detail::pointer_append(path, *key), out, e)) return false;
      }
      out += '}';
      return true;
    }
    default:
      e = make_json_error(errc::json_type, path,
                          "a floating-point or binary value in a signed object (decision B5)");
      return false;
  }
}

}  // namespace

result<std::string> canonical_json(nlohmann::json const& value) {
  std::string out;
  error e;
  if (!canonical(value, "", out, e)) return e;
  return out;
}

result<std::string> jws_sign(key_set const& keys, std::string_view kid, std::string_view payload) {
  auto const* k = keys.find(kid);
  if (k == nullptr) return make_error(errc::not_found, "kid", "no key '" + std::string(kid) + "'");
  nlohmann::json const header{{"alg", alg_name(k->alg)}, {"kid", k->kid}};
  auto const h = header.dump();
  auto input = base64url_encode({reinterpret_cast<unsigned char const*>(h.data()), h.size()});
  input += '.';
  input +=
      base64url_encode({reinterpret_cast<unsigned char const*>(payload.data()), payload.size()});
  std::vector<unsigned char> sig;
  if (k->alg == key_alg::hs256) {
    sig.resize(32);
    if (!keys.hmac(kid, input, std::span<unsigned char, 32>(sig.data(), 32)))
      return make_error(errc::internal_error, "hmac", "OpenSSL could not compute the MAC");
  } else {
    auto s = keys.ed25519_sign(kid, input);
    if (!s) return s.error();
    sig = std::move(*s);
  }
  input += '.';
  input += base64url_encode(sig);
  return input;
}

result<std::string> jws_verify(key_set const& keys, key_use use, std::string_view jws,
                               time_point now, std::optional<std::string_view> detached) {
  auto const dot1 = jws.find('.');
  auto const dot2 = dot1 == std::string_view::npos ? dot1 : jws.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || jws.find('.', dot2 + 1) != std::string_view::npos)
    return signature_error("not a JWS compact serialization (three dot-separated parts)");
  auto const header_text = base64url_decode(jws.substr(0, dot1));
  if (!header_text) return signature_error("the header is not base64url");
  auto const header =
      nlohmann::json::parse(header_text->begin(), header_text->end(), nullptr, false);
  if (header.is_discarded() || !header.is_object() || !header.contains("alg") ||
      !header["alg"].is_string() || !header.contains("kid") || !header["kid"].is_string())
    return signature_error("the header is not a JSON object with alg and kid");
  // RFC 7515 4.1.11: extensions we do not understand (crit, b64:false) make it invalid.
  if (header.contains("crit") || header.contains("b64"))
    return signature_error("a critical header extension");
  auto const& kid = header["kid"].get_ref<std::string const&>();
  auto const* k = keys.find(kid);
  if (k == nullptr) return signature_error("unknown kid");
  if (header["alg"].get_ref<std::string const&>() != alg_name(k->alg))
    return signature_error("the alg is not the key's");  // RFC 8725 3.1: never alg:none
  if (!key_set::usable(*k, use, now))
    return signature_error("the key is not valid for this use now");
  auto const payload_part = jws.substr(dot1 + 1, dot2 - dot1 - 1);
  if (detached.has_value() != payload_part.empty())
    return signature_error(detached ? "an attached payload where a detached one was expected"
                                    : "no payload");
  std::string input(jws.substr(0, dot1 + 1));
  std::string payload;
  if (detached) {
    payload = *detached;
    input +=
        base64url_encode({reinterpret_cast<unsigned char const*>(payload.data()), payload.size()});
  } else {
    auto const bytes = base64url_decode(payload_part);
    if (!bytes) return signature_error("the payload is not base64url");
    payload.assign(bytes->begin(), bytes->end());
    input += payload_part;
  }
  auto const sig = base64url_decode(jws.substr(dot2 + 1));
  if (!sig) return signature_error("the signature is not base64url");
  bool valid = false;
  if (k->alg == key_alg::hs256) {
    unsigned char mac[32];
    valid =
        sig->size() == 32 && keys.hmac(kid, input, mac) && CRYPTO_memcmp(mac, sig->data(), 32) == 0;
  } else {
    valid = keys.ed25519_verify(kid, input, *sig);
  }
  if (!valid) return signature_error("the signature does not verify");
  return payload;
}

result<key_set> keys_from_json(std::string_view json_text) {
  auto doc = imsdp::detail::parse_strict(json_text, {64u << 10, 4});
  if (!doc) return doc.error();
  imsdp::detail::json_reader r;
  imsdp::detail::object_view root(r, *doc, "", {"keys"});
  key_set out;
  auto const* items = root.array("keys", true, 1, 64);
  for (std::size_t i = 0; items != nullptr && i < items->size() && r.ok(); ++i) {
    auto const path = imsdp::detail::pointer_append("/keys", i);
    imsdp::detail::object_view o(
        r, (*items)[i], path, {"kid", "alg", "use", "notBefore", "notAfter", "secret", "public"});
    key k;
    k.kid = o.string("kid", true, 64, 1).value_or("");
    auto const alg = o.string("alg", true, 8).value_or("");
    auto const use = o.string("use", true, 16).value_or("");
    if (!r.ok()) break;
    if (alg != "HS256" && alg != "EdDSA")
      r.fail(errc::json_value_out_of_range, path + "/alg", "HS256 or EdDSA");
    k.alg = alg == "HS256" ? key_alg::hs256 : key_alg::eddsa;
    constexpr std::string_view uses[] = {"token", "offer", "exposure", "pseudonym"};
    auto const u = std::find(std::begin(uses), std::end(uses), use);
    if (u == std::end(uses)) r.fail(errc::json_value_out_of_range, path + "/use", "unknown use");
    k.use = static_cast<key_use>(u - std::begin(uses));
    for (auto [name, slot] :
         {std::pair{"notBefore", &k.not_before}, std::pair{"notAfter", &k.not_after}}) {
      if (auto const t = o.string(name, false, 40)) {
        *slot = parse_time(*t);
        if (!*slot)
          r.fail(errc::json_value_out_of_range, path + "/" + name, "not an RFC 3339 UTC time");
      }
    }
    for (auto [name, slot] : {std::pair{"secret", &k.secret}, std::pair{"public", &k.public_key}}) {
      if (auto const text = o.string(name, false, 256)) {
        auto bytes = base64url_decode(*text);
        // The value is secret: the error names the member, never its text.
        if (!bytes)
          r.fail(errc::json_value_out_of_range, path + "/" + name, "not base64url");
        else
          *slot = std::move(*bytes);
      }
    }
    if (!r.ok()) break;
    if (auto added = out.add(std::move(k)); !added) {
      auto e = added.error();
      e.path = path;
      return e;
    }
  }
  if (!r.ok()) return r.take_error();
  return out;
}

}  // namespace imsdp::user_interaction
