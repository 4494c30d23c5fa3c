// The C API's boundary (docs/c-api.md): versions, error names, strings.
#include "capi/common.hpp"

#include <openssl/rand.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <imsdp/detail/utf8.hpp>

namespace imsdp::capi {
namespace {

/// Copies `s` into a fixed buffer, cut at a UTF-8 boundary so the text stays valid.
template <std::size_t N>
void copy_into(char (&out)[N], std::string_view s) noexcept {
  std::size_t n = std::min(s.size(), N - 1);
  while (n > 0 && n < s.size() && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80)
    --n;
  if (n != 0) std::memcpy(out, s.data(), n);  // an empty view may have no data pointer
  out[n] = '\0';
}

}  // namespace

negotiation::key_source key_source_of(imsdp_key_source source, void* context) {
  if (source == nullptr)
    return [](std::span<std::uint8_t> out) {
      return out.size() <= INT_MAX && RAND_bytes(out.data(), static_cast<int>(out.size())) == 1;
    };
  return [source, context](std::span<std::uint8_t> out) {
    return source(context, out.data(), out.size()) == 1;
  };
}

void clear(imsdp_error* out) noexcept {
  if (out == nullptr) return;
  *out = imsdp_error{};
}

int fail(imsdp_error* out, error const& e) noexcept {
  if (out != nullptr) {
    clear(out);
    out->code = static_cast<int>(e.code);
    out->offset = e.where.offset;
    out->line = e.where.line;
    out->column = e.where.column;
    out->length = e.length;
    copy_into(out->rule, e.rule);
    copy_into(out->path, e.path);
    try {
      copy_into(out->message, e.message());
    } catch (...) {  // no memory for the message: the code and name still say it
      copy_into(out->message, to_string(e.code));
    }
  }
  return static_cast<int>(e.code);
}

int fail(imsdp_error* out, errc code, std::string_view rule) noexcept {
  error e;
  e.code = code;
  e.rule = rule;
  return fail(out, e);
}

int give(std::string_view s, char** out, std::size_t* length, imsdp_error* err) noexcept {
  if (out == nullptr) return fail(err, errc::invalid_argument, "out");
  auto* p = static_cast<char*>(std::malloc(s.size() + 1));
  if (p == nullptr) return fail(err, errc::out_of_memory, "allocation");
  if (!s.empty()) std::memcpy(p, s.data(), s.size());
  p[s.size()] = '\0';
  *out = p;
  if (length != nullptr) *length = s.size();
  return IMSDP_OK;
}

int read_options(imsdp_parse_options const* in, parse_options& out, imsdp_error* err) noexcept {
  out = parse_options{};
  if (in == nullptr) return IMSDP_OK;
  if (in->profile != nullptr) {
    auto const p = profile_from_string(in->profile);
    if (!p) return fail(err, errc::invalid_argument, "profile");
    out.profile = *p;
  }
  auto const set = [](std::size_t& field, std::size_t value) {
    if (value != 0) field = value;
  };
  set(out.limits.max_input_bytes, in->max_input_bytes);
  set(out.limits.max_line_length, in->max_line_length);
  set(out.limits.max_lines, in->max_lines);
  set(out.limits.max_media, in->max_media);
  set(out.limits.max_attributes, in->max_attributes);
  set(out.limits.max_formats, in->max_formats);
  set(out.limits.max_diagnostics, in->max_diagnostics);
  return IMSDP_OK;
}

}  // namespace imsdp::capi

extern "C" {

#define IMSDP_STRINGIFY(x) #x
#define IMSDP_VERSION_STRING(a, b, c) \
  IMSDP_STRINGIFY(a) "." IMSDP_STRINGIFY(b) "." IMSDP_STRINGIFY(c)

const char* imsdp_version(void) {
  return IMSDP_VERSION_STRING(IMSDP_VERSION_MAJOR, IMSDP_VERSION_MINOR, IMSDP_VERSION_PATCH);
}

// The tables give static, NUL-terminated names; a number no code has is "unknown".
const char* imsdp_error_name(int code) {
  if (code < 0 || code > 0xFFFF) return "unknown";
  return imsdp::to_string(static_cast<imsdp::errc>(code)).data();
}

const char* imsdp_error_describe(int code) {
  if (code < 0 || code > 0xFFFF) return "unknown error";
  return imsdp::describe(static_cast<imsdp::errc>(code)).data();
}

void imsdp_string_free(char* s) {
  std::free(s);
}

}  // extern "C"
