// The grammar of a=crypto (RFC 4568 section 9), written as plain loops: the value is a
// few fields, and an error must point at the byte without echoing the key around it.
#include <imsdp/detail/split.hpp>
#include <imsdp/sdp/attributes/srtp.hpp>

#include "detail/ascii.hpp"
#include "sdp/grammar/x3_support.hpp"
#include "sdp/parsers.hpp"

namespace imsdp::sdp {
namespace {

using imsdp::grammar::alpha_numeric_chars;
using imsdp::grammar::byte_class;
using imsdp::grammar::digit_chars;
using imsdp::grammar::make_class;

constexpr byte_class wsp_chars = make_class(" \t");
// crypto-suite = 1*(ALPHA / DIGIT / "_"); key-method-ext likewise (RFC 4568 9.1, 9.2)
constexpr byte_class suite_chars = alpha_numeric_chars | make_class("_");
// base64 = ALPHA / DIGIT / "+" / "/" / "=" (RFC 4568 9.2, RFC 4648 4)
constexpr byte_class base64_chars = alpha_numeric_chars | make_class("+/=");
// key-info-char = %x21-3A / %x3C-7E (visible characters but ";")
constexpr byte_class key_info_chars = make_class({}, "\x21\x3a\x3c\x7e");
// srtp-session-extension = ["-"] 1*(VCHAR)
constexpr byte_class vchar_chars = make_class({}, "\x21\x7e");

std::size_t run_of(std::string_view s, std::size_t from, byte_class const& cls) {
  std::size_t i = from;
  while (i < s.size() && cls(s[i]))
    ++i;
  return i;
}

// The bytes a base64 text decodes to, or nullopt when it is not base64: groups of four,
// "=" only as the last one or two characters. RFC 4648 3.2 asks for the padding; an
// unpadded tail (as some SBCs write it) is read too, since its length is unambiguous.
std::optional<std::size_t> base64_length(std::string_view text) {
  auto const pad = text.size() - std::min(text.find('='), text.size());
  if (pad > 2 || text.find_first_not_of('=', text.size() - pad) != std::string_view::npos)
    return std::nullopt;
  if (pad > 0 && text.size() % 4 != 0) return std::nullopt;
  auto const chars = text.size() - pad;
  if (chars % 4 == 1) return std::nullopt;
  return chars / 4 * 3 + (chars % 4 == 0 ? 0 : chars % 4 - 1);
}

// 1 to `most_digits` (at most 19) DIGITs as a number; nullopt for anything else.
std::optional<std::uint64_t> decimal(std::string_view digits, std::size_t most_digits) {
  if (digits.empty() || digits.size() > most_digits) return std::nullopt;
  std::uint64_t n = 0;
  for (char ch : digits) {
    if (!digit_chars(ch)) return std::nullopt;
    n = n * 10 + static_cast<unsigned>(ch - '0');
  }
  return n;
}

// lifetime = ["2^"] 1*(DIGIT): at most 2^48 packets, the SRTP limit of RFC 3711 9.2.
bool lifetime_in_range(std::string_view text) {
  bool const power = text.starts_with("2^");
  auto const n = decimal(power ? text.substr(2) : text, 15);
  return n && (power ? *n <= 48 : *n >= 1 && *n <= (std::uint64_t{1} << 48));
}

}  // namespace

namespace detail {
namespace {

/// One key-param at `s[from..)`, up to ';', whitespace or the end. `suite` is null for a
/// suite without known lengths. Never puts the key into an error's detail.
bool parse_key_param(std::string_view s, std::size_t& at, srtp_suite const* suite,
                     srtp_key_param& out, value_context& c) {
  auto const fail = [&](std::size_t where, std::size_t length, char const* rule,
                        std::string detail = {}) {
    c.fail(errc::syntax, s.data() + where, length, rule, std::move(detail));
    return false;
  };
  std::size_t const method_end = run_of(s, at, suite_chars);
  if (method_end == at) return fail(at, 1, "key-method", "a key method such as inline");
  if (method_end == s.size() || s[method_end] != ':')
    return fail(method_end, 1, "key-param", "':' after the key method");
  out.method = s.substr(at, method_end - at);
  std::size_t const info = method_end + 1;
  std::size_t const info_end = run_of(s, info, key_info_chars);
  if (info_end == info) return fail(info, 1, "key-info", "the key");
  out.key_info = s.substr(info, info_end - info);
  at = info_end;
  if (!imsdp::detail::iequals(out.method, "inline")) return true;  // key-method-ext
  // srtp-key-info = key-salt ["|" lifetime] ["|" mki]  (RFC 4568 9.2)
  std::string_view const key_info = out.key_info;
  auto const bar = key_info.find('|');
  out.key_salt = key_info.substr(0, bar);
  std::size_t const key_at = info;
  if (out.key_salt.empty()) return fail(key_at, 1, "key-salt", "the key and salt");
  if (run_of(out.key_salt, 0, base64_chars) != out.key_salt.size())
    return fail(key_at + run_of(out.key_salt, 0, base64_chars), 1, "key-salt",
                "a base64 character");
  auto const bytes = base64_length(out.key_salt);
  if (!bytes) return fail(key_at, out.key_salt.size(), "key-salt", "base64 (RFC 4648 4)");
  if (suite != nullptr && *bytes != suite->key_salt_length()) {
    c.fail(errc::inconsistent_value, s.data() + key_at, out.key_salt.size(), "key-salt",
           std::string(suite->name) + " takes " + std::to_string(suite->key_salt_length()) +
               " bytes of key and salt (" + std::string(suite->specification) + "), this has " +
               std::to_string(*bytes));
    return false;
  }
  // The fields after the key: a lifetime, then an MKI (a field with ':' is the MKI).
  std::size_t field_at = bar == std::string_view::npos ? key_info.size() : bar + 1;
  for (int n = 0; bar != std::string_view::npos && field_at <= key_info.size(); ++n) {
    auto const end = std::min(key_info.find('|', field_at), key_info.size());
    auto const field = key_info.substr(field_at, end - field_at);
    std::size_t const where = key_at + field_at;
    auto const colon = field.find(':');
    if (colon == std::string_view::npos && n == 0 && out.mki.empty()) {
      if (!lifetime_in_range(field)) {
        c.fail(errc::value_out_of_range, s.data() + where, std::max<std::size_t>(field.size(), 1),
               "lifetime", "a lifetime of 1 to 2^48 packets (RFC 3711 9.2)");
        return false;
      }
      out.lifetime = field;
    } else if (colon != std::string_view::npos && out.mki.empty()) {
      // mki = mki-value ":" mki-length ; mki-value = 1*DIGIT ; mki-length = 1*3DIGIT
      auto const value = field.substr(0, colon);
      auto const length = field.substr(colon + 1);
      if (value.empty() || run_of(value, 0, digit_chars) != value.size())
        return fail(where, std::max<std::size_t>(value.size(), 1), "mki-value", "digits");
      auto const bytes_of_mki = decimal(length, 3);
      if (!bytes_of_mki)
        return fail(where + colon + 1, std::max<std::size_t>(length.size(), 1), "mki-length",
                    "1 to 3 digits");
      if (*bytes_of_mki < 1 || *bytes_of_mki > 128) {
        c.fail(errc::value_out_of_range, s.data() + where + colon + 1, length.size(), "mki-length",
               "1 to 128 bytes (RFC 4568 6.1)");
        return false;
      }
      out.mki = value;
      out.mki_length = static_cast<std::uint8_t>(*bytes_of_mki);
    } else {
      return fail(where, std::max<std::size_t>(field.size(), 1), "srtp-key-info",
                  "key-salt [\"|\" lifetime] [\"|\" mki]");
    }
    if (end == key_info.size()) break;
    field_at = end + 1;
  }
  return true;
}

// session-param = kdr / "UNENCRYPTED_SRTP" / "UNENCRYPTED_SRTCP" / "UNAUTHENTICATED_SRTP"
//   / fec-order / fec-key / wsh / srtp-session-extension          (RFC 4568 9.2)
bool check_session_param(std::string_view s, std::size_t at, std::string_view p, value_context& c) {
  auto const out_of_range = [&](std::size_t skip, char const* rule, char const* what) {
    c.fail(errc::value_out_of_range, s.data() + at + skip, p.size() - skip, rule, what);
    return false;
  };
  if (p.starts_with("KDR=")) {  // kdr = "KDR=" 1*2(DIGIT), 0 to 24 (RFC 4568 6.3.1)
    auto const n = decimal(p.substr(4), 2);
    if (!n || *n > 24) return out_of_range(4, "kdr", "0 to 24");
  } else if (p.starts_with("WSH=")) {  // wsh = "WSH=" 2*DIGIT, at least 64 (6.3.7)
    auto const n = decimal(p.substr(4), 9);
    if (!n || p.size() < 6 || *n < 64) return out_of_range(4, "wsh", "at least 64");
  } else if (p.starts_with("FEC_ORDER=")) {  // fec-order = "FEC_ORDER=" fec-type (6.3.5)
    auto const type = p.substr(10);
    if (type != "FEC_SRTP" && type != "SRTP_FEC") {
      c.fail(errc::syntax, s.data() + at + 10, std::max<std::size_t>(type.size(), 1), "fec-order",
             "FEC_SRTP or SRTP_FEC");
      return false;
    }
  } else if (p.starts_with("FEC_KEY=")) {  // fec-key = "FEC_KEY=" key-params (6.3.6)
    std::size_t k = at + 8;
    std::size_t const end = at + p.size();
    srtp_key_param param;
    while (k < end) {
      if (!parse_key_param(s.substr(0, end), k, nullptr, param, c)) return false;
      if (k < end && s[k] == ';') ++k;
    }
  }
  return true;
}

}  // namespace

// crypto-attribute = "crypto:" tag 1*WSP crypto-suite 1*WSP key-params
//                    *(1*WSP session-param)                        (RFC 4568 section 9.1)
// tag = 1*9DIGIT ; key-params = key-param *(";" key-param)
bool parse_value(std::string_view value, crypto& out, value_context& c) {
  auto const fail = [&](std::size_t at, std::size_t length, char const* rule, char const* what) {
    c.fail(errc::syntax, value.data() + std::min(at, value.size()), length, rule, what);
    return false;
  };
  std::size_t const tag_end = run_of(value, 0, digit_chars);
  if (tag_end == 0) return fail(0, 1, "tag", "a decimal tag");
  if (tag_end > 9) {
    c.fail(errc::value_out_of_range, value.data(), tag_end, "tag", "at most 9 digits");
    return false;
  }
  out.tag = static_cast<std::uint32_t>(*decimal(value.substr(0, tag_end), 9));
  std::size_t at = run_of(value, tag_end, wsp_chars);
  if (at == tag_end) return fail(tag_end, 1, "crypto-attribute", "whitespace after the tag");
  std::size_t const suite_end = run_of(value, at, suite_chars);
  if (suite_end == at) return fail(at, 1, "crypto-suite", "a crypto suite");
  out.suite = value.substr(at, suite_end - at);
  at = run_of(value, suite_end, wsp_chars);
  if (at == suite_end) return fail(suite_end, 1, "crypto-attribute", "whitespace after the suite");
  auto const* suite = find_srtp_suite(out.suite);
  std::size_t const params_at = at;
  std::size_t keys = 0;
  std::size_t keys_with_mki = 0;
  for (;;) {
    srtp_key_param param;
    if (!parse_key_param(value, at, suite, param, c)) return false;
    ++keys;
    if (!param.mki.empty()) ++keys_with_mki;
    if (at == value.size() || value[at] != ';') break;
    ++at;
  }
  out.key_params = value.substr(params_at, at - params_at);
  // RFC 4568 6.1: with several master keys, each has an MKI to tell them apart.
  if (keys > 1 && keys_with_mki != keys) {
    c.fail(errc::inconsistent_value, value.data() + params_at, out.key_params.size(), "key-params",
           "several keys need an MKI each (RFC 4568 6.1)");
    return false;
  }
  out.session_params = {};
  if (at == value.size()) return true;
  std::size_t const rest = run_of(value, at, wsp_chars);
  if (rest == at) return fail(at, 1, "key-params", "';', whitespace or the end of the line");
  if (rest == value.size()) return fail(at, 1, "session-param", "a session parameter");
  at = rest;
  std::size_t const session_at = at;
  while (at < value.size()) {
    std::size_t const end = run_of(value, at, vchar_chars);
    if (end == at) return fail(at, 1, "session-param", "a session parameter");
    if (!check_session_param(value, at, value.substr(at, end - at), c)) return false;
    std::size_t const next = run_of(value, end, wsp_chars);
    if (next == value.size() && next != end)
      return fail(end, 1, "session-param", "a session parameter after the whitespace");
    if (next == end && end != value.size()) return fail(end, 1, "session-param", "whitespace");
    at = next;
  }
  out.session_params = value.substr(session_at);
  return true;
}

}  // namespace detail

// The key params as the grammar reads them (the value was checked when it was parsed).
std::vector<srtp_key_param> key_params_of(crypto const& c) {
  std::vector<srtp_key_param> out;
  detail::value_context context(tolerance::none, nullptr, 0);
  context.at_line(c.key_params.data(), 0, 0);
  auto const* suite = find_srtp_suite(c.suite);
  for (std::size_t at = 0; at < c.key_params.size();) {
    srtp_key_param p;
    if (!detail::parse_key_param(c.key_params, at, suite, p, context)) break;
    out.push_back(p);
    if (at == c.key_params.size() || c.key_params[at] != ';') break;
    ++at;
  }
  return out;
}

std::vector<std::string_view> session_params_of(crypto const& c) {
  std::vector<std::string_view> out;
  std::string_view s = c.session_params;
  std::size_t at = 0;
  while (at < s.size()) {
    std::size_t const end = run_of(s, at, vchar_chars);
    if (end > at) out.push_back(s.substr(at, end - at));
    at = run_of(s, end, wsp_chars);
    if (end == at) ++at;
  }
  return out;
}

}  // namespace imsdp::sdp
