// Masking of the secrets in SDP text (<imsdp/sdp/secrets.hpp>). It reads lines as they
// come, well formed or not: a key must not leak because its line broke a grammar.
#include <imsdp/sdp/secrets.hpp>

#include "detail/ascii.hpp"

namespace imsdp::sdp {
namespace {

bool is_wsp(char c) noexcept {
  return c == ' ' || c == '\t';
}

void mask(std::string& s, std::size_t from, std::size_t to) {
  for (std::size_t i = from; i < to && i < s.size(); ++i)
    s[i] = '*';
}

// key-params = key-param *(";" key-param), key-param = key-method ":" key-info; for
// "inline" the key-salt is the secret (lifetime and MKI after '|' are not), for any other
// method the whole key-info is (RFC 4568 9.1, 9.2).
void mask_key_params(std::string& s, std::size_t from, std::size_t to) {
  while (from < to) {
    std::size_t end = s.find(';', from);
    if (end == std::string::npos || end > to) end = to;
    auto const colon = s.find(':', from);
    if (colon == std::string::npos || colon >= end) {
      mask(s, from, end);  // no method: the whole param may be a bare key
    } else {
      auto const method = std::string_view(s).substr(from, colon - from);
      std::size_t stop = end;
      if (imsdp::detail::iequals(method, "inline") || method.ends_with("=inline")) {
        auto const bar = s.find('|', colon);
        if (bar != std::string::npos && bar < end) stop = bar;
      }
      mask(s, colon + 1, stop);
    }
    from = end + 1;
  }
}

// crypto value: tag, suite, key-params, session params (FEC_KEY= holds key-params).
// A field after the tag with a ':' is read as key-params; the third field always is.
void mask_crypto(std::string& s, std::size_t from) {
  std::size_t field = 0;
  std::size_t i = from;
  while (i < s.size()) {
    while (i < s.size() && is_wsp(s[i]))
      ++i;
    std::size_t end = i;
    while (end < s.size() && !is_wsp(s[end]))
      ++end;
    if (end == i) break;
    if (field >= 1) {
      bool const keyed = s.find(':', i) < end;
      if (keyed) {
        mask_key_params(s, i, end);
      } else if (field == 2) {
        mask(s, i, end);
      }
    }
    ++field;
    i = end;
  }
}

// key-mgmt = "key-mgmt:" prtcl-id SP keymgmt-data (RFC 4567 3.1): the data is secret.
void mask_key_mgmt(std::string& s, std::size_t from) {
  std::size_t i = from;
  while (i < s.size() && !is_wsp(s[i]))
    ++i;
  mask(s, i, s.size());
}

// The value of attribute `name` in s[from..), masked in place.
void mask_value(std::string& s, std::string_view name, std::size_t from) {
  if (name == "crypto") {
    mask_crypto(s, from);
  } else if (name == "key-mgmt") {
    mask_key_mgmt(s, from);
  } else if (name == "acap") {
    // acap = "acap:" att-cap-num 1*WSP att-field [":" att-value]  (RFC 5939 3.4.1)
    std::size_t i = from;
    while (i < s.size() && !is_wsp(s[i]))
      ++i;
    while (i < s.size() && is_wsp(s[i]))
      ++i;
    auto const colon = s.find(':', i);
    if (colon == std::string::npos) return;
    mask_value(s, std::string_view(s).substr(i, colon - i), colon + 1);
  }
}

}  // namespace

bool may_carry_secret(std::string_view name) noexcept {
  return name == "crypto" || name == "key-mgmt" || name == "acap";
}

std::string redact_attribute_value(std::string_view name, std::string_view value) {
  std::string out(value);
  if (may_carry_secret(name)) mask_value(out, name, 0);
  return out;
}

std::string redact_secrets(std::string_view text) {
  std::string out(text);
  std::size_t start = 0;
  while (start < out.size()) {
    auto end = out.find('\n', start);
    if (end == std::string::npos) end = out.size();
    std::size_t stop = end;
    if (stop > start && out[stop - 1] == '\r') --stop;
    std::string line = out.substr(start, stop - start);
    if (line.starts_with("a=")) {
      auto const colon = line.find(':');
      if (colon != std::string::npos) {
        auto const name = std::string_view(line).substr(2, colon - 2);
        if (may_carry_secret(name)) mask_value(line, name, colon + 1);
      }
    } else if (line.starts_with("k=")) {
      // k=<method>:<encryption key> (RFC 8866 5.12)
      auto const colon = line.find(':');
      if (colon != std::string::npos) mask(line, colon + 1, line.size());
    }
    out.replace(start, stop - start, line);
    start = end + 1;
  }
  return out;
}

}  // namespace imsdp::sdp
